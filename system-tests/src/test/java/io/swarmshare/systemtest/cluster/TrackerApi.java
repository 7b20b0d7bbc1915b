package io.swarmshare.systemtest.cluster;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The tracker REST calls the cluster tests make, over one shared {@link HttpClient}, classified the way a history
 * needs them: {@link Kind#OK} (2xx), {@link Kind#FAIL} (4xx, or the connection was refused: certainly not applied),
 * {@link Kind#INFO} (timeout, broken connection or 5xx after the request may have reached the tracker: the write
 * may or may not have happened).
 */
public final class TrackerApi {

    public enum Kind { OK, FAIL, INFO }

    /** What one call did. {@code refused} means the request never reached a tracker. */
    public record Reply(Kind kind, int status, String body, boolean refused, boolean stale, String error) {
        public boolean ok() {
            return kind == Kind.OK;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    public TrackerApi(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(1000)).build();
    }

    public Reply get(URI base, String path, String token) {
        return send(base, "GET", path, token, null);
    }

    public Reply post(URI base, String path, String token, String json) {
        return send(base, "POST", path, token, json);
    }

    public Reply put(URI base, String path, String token, String json) {
        return send(base, "PUT", path, token, json);
    }

    public Reply delete(URI base, String path, String token) {
        return send(base, "DELETE", path, token, null);
    }

    public Reply send(URI base, String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/v1" + path)).timeout(timeout);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int s = r.statusCode();
            boolean stale = r.headers().firstValue("X-Swarmshare-Stale").map("true"::equalsIgnoreCase).orElse(false);
            Kind kind = s / 100 == 2 ? Kind.OK : s / 100 == 4 ? Kind.FAIL : Kind.INFO;
            return new Reply(kind, s, r.body(), false, stale, null);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return new Reply(Kind.FAIL, -1, "", true, false, e.toString());
        } catch (IOException e) {
            // A refused connection can also surface wrapped; anything else may have reached the tracker.
            boolean refused = e.getCause() instanceof ConnectException;
            return new Reply(refused ? Kind.FAIL : Kind.INFO, -1, "", refused, false, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(Kind.INFO, -1, "", false, false, "interrupted");
        }
    }

    /** A JSON string literal. */
    public static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }
}
