package io.swarmshare.cli.http;

import io.swarmshare.cli.CliException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * One JSON-over-HTTP exchange with bounded timeouts, shared by the tracker and agent clients. Turns every way an
 * exchange can go wrong into either a {@link TransportFailure} (no answer) or a one-line {@link CliException}.
 */
public final class JsonHttp {

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    public JsonHttp(HttpClient client, Duration connectTimeout, Duration requestTimeout) {
        this.client = client;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /**
     * @param tls false when every address is plain http: the client then gets an SSL context it never initialises.
     *            The default one reads the trust store and sets up key managers at once, a tenth of a second of every
     *            command's start-up, for connections a plain-http setup never makes.
     */
    public static HttpClient newClient(Duration connectTimeout, boolean tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (!tls) {
            try {
                builder.sslContext(SSLContext.getInstance("TLS")).sslParameters(new SSLParameters());
            } catch (NoSuchAlgorithmException e) {
                // no TLS at all in this runtime: the builder's default is as good as anything
            }
        }
        return builder.build();
    }

    /** Sends one request; {@code body} null means none. Never throws IOException: see {@link TransportFailure}. */
    public HttpResponse<String> send(String method, URI uri, Object body, Map<String, String> headers)
            throws TransportFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new TransportFailure(TransportFailure.Kind.CONNECT,
                    "no connection within " + seconds(connectTimeout), e);
        } catch (HttpTimeoutException e) {
            throw new TransportFailure(TransportFailure.Kind.TIMEOUT, "no answer within " + seconds(requestTimeout), e);
        } catch (ConnectException e) {
            throw new TransportFailure(TransportFailure.Kind.CONNECT, "connection refused", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnresolvedAddressException) {
                throw new TransportFailure(TransportFailure.Kind.CONNECT, "unknown host", e);
            }
            throw new TransportFailure(TransportFailure.Kind.BROKEN,
                    "connection lost before a full answer" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(1, "interrupted");
        } catch (IllegalArgumentException e) {
            throw new CliException(2, "bad address " + uri + ": " + e.getMessage());
        }
    }

    public static <T> T decode(HttpResponse<String> response, Class<T> type, String who) {
        try {
            return Json.MAPPER.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw malformed(e, who);
        }
    }

    public static <T> T decode(HttpResponse<String> response, TypeReference<T> type, String who) {
        try {
            return Json.MAPPER.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw malformed(e, who);
        }
    }

    private static CliException malformed(JacksonException e, String who) {
        if (e instanceof UnexpectedEndOfInputException) {
            return CliException.refused("truncated answer from the " + who + " (JSON ends early)");
        }
        String reason = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        int newline = reason.indexOf('\n');
        if (newline >= 0) {
            reason = reason.substring(0, newline);
        }
        return CliException.refused("malformed answer from the " + who + ": " + reason);
    }

    /**
     * The one sentence for an error status: the problem's {@code detail}, else its {@code title}, else the status.
     * 502/503/504 mean the tracker behind the gateway (or the service itself) is unreachable: exit 3.
     */
    public static CliException problem(HttpResponse<String> response, String who) {
        int status = response.statusCode();
        String sentence = problemSentence(response.body());
        if (sentence == null) {
            sentence = (status >= 500 ? who + " failed: " : who + " refused: ") + "HTTP " + status + reasonPhrase(status);
        }
        if (status == 502 || status == 503 || status == 504) {
            return CliException.unreachable(sentence);
        }
        return CliException.refused(sentence);
    }

    static String problemSentence(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            for (String field : new String[] {"detail", "title"}) {
                JsonNode value = node.get(field);
                if (value != null && value.isString() && !value.asString().isBlank()) {
                    return oneLine(value.asString());
                }
            }
            return null;
        } catch (JacksonException e) {
            return null;
        }
    }

    public static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    static String reasonPhrase(int status) {
        String phrase = switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
        return phrase.isEmpty() ? "" : " " + phrase;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
