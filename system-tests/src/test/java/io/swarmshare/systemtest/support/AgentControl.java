package io.swarmshare.systemtest.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an agent's local control API directly (as the CLI does, with the secret from its data dir), so that tests
 * can watch a download's progress at a finer grain than a CLI process per poll allows.
 */
public final class AgentControl {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final LocalSwarm swarm;
    private final int agent;

    public AgentControl(LocalSwarm swarm, int agent) {
        this.swarm = swarm;
        this.agent = agent;
    }

    public JsonNode status() {
        return get("/v1/status");
    }

    public JsonNode downloads() {
        return get("/v1/downloads");
    }

    /** The newest download of {@code file}, or null. */
    public JsonNode download(String file) {
        JsonNode newest = null;
        for (JsonNode d : downloads()) {
            if (file.equals(d.path("file").asString())) {
                newest = d;
            }
        }
        return newest;
    }

    /** Polls every 10 ms until the newest download of {@code file} satisfies {@code condition}; bounded. */
    public JsonNode awaitDownload(String file, Predicate<JsonNode> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = download(file);
            if (last != null && condition.test(last)) {
                return last;
            }
            sleep(10);
        }
        throw new AssertionError("download of " + file + " on agent " + agent + " did not reach the expected state within "
                + timeout + "; last seen: " + last);
    }

    public static boolean finished(JsonNode d) {
        String state = d.path("state").asString();
        return state.equals("COMPLETED") || state.equals("FAILED");
    }

    public static double fraction(JsonNode d) {
        int count = d.path("pieceCount").asInt();
        return count == 0 ? 1.0 : d.path("verifiedPieces").asDouble() / count;
    }

    private JsonNode get(String path) {
        URI uri = URI.create("http://127.0.0.1:" + swarm.controlPort(agent) + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("X-Swarmshare-Control", swarm.controlToken(agent)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " on agent " + agent + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("agent " + agent + " control API unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
