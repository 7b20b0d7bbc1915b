package io.swarmshare.agent.tracker;

import io.swarmshare.common.api.AnnouncePeerRequest;
import io.swarmshare.common.api.DownloadPlan;
import io.swarmshare.common.api.PeerLease;
import io.swarmshare.common.api.PublicKeyView;
import io.swarmshare.common.api.RegisterFileRequest;
import io.swarmshare.common.api.RegisterFileResponse;
import io.swarmshare.common.api.SwarmJoinRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tracker's REST API (DESIGN.md) through a list of gateways: a call goes to the gateway that answered last;
 * on a connection failure, timeout or 5xx it tries the next one, and keeps using whichever answers.
 * 4xx problem details come back as {@link TrackerException} with the tracker's own {@code detail}.
 */
public final class TrackerClient {

    private static final Logger log = LoggerFactory.getLogger(TrackerClient.class);

    private final List<URI> gateways;
    private final AgentSession session;
    private final JsonMapper json;
    private final HttpClient http;
    private final Duration timeout;
    private final AtomicInteger current = new AtomicInteger();

    public TrackerClient(List<URI> gateways, AgentSession session, JsonMapper json, Duration timeout) {
        this.gateways = List.copyOf(gateways);
        this.session = session;
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI currentGateway() {
        return gateways.get(current.get());
    }

    // ---- the calls ----

    public PeerLease announcePeer(String peerId, AnnouncePeerRequest body) {
        return send("PUT", "/api/v1/peers/" + seg(peerId), body, PeerLease.class, true);
    }

    public void leavePeer(String peerId) {
        send("DELETE", "/api/v1/peers/" + seg(peerId), null, Void.class, true);
    }

    public RegisterFileResponse registerFile(String group, RegisterFileRequest body) {
        return send("POST", "/api/v1/groups/" + seg(group) + "/files", body, RegisterFileResponse.class, true);
    }

    public DownloadPlan downloadPlan(String group, String file, String peerId) {
        return send("GET", "/api/v1/groups/" + seg(group) + "/files/" + seg(file) + "/download-plan?peerId="
                + URLEncoder.encode(peerId, StandardCharsets.UTF_8), null, DownloadPlan.class, true);
    }

    public void joinSwarm(String group, String file, String peerId, boolean complete) {
        send("PUT", swarmPath(group, file, peerId), new SwarmJoinRequest(complete), Void.class, true);
    }

    public void leaveSwarm(String group, String file, String peerId) {
        send("DELETE", swarmPath(group, file, peerId), null, Void.class, true);
    }

    public PublicKeyView publicKey() {
        return send("GET", "/api/v1/tickets/public-key", null, PublicKeyView.class, false);
    }

    private static String swarmPath(String group, String file, String peerId) {
        return "/api/v1/groups/" + seg(group) + "/files/" + seg(file) + "/peers/" + seg(peerId);
    }

    /** One path segment, percent-encoded (spaces as %20, not '+'). */
    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- transport ----

    private <T> T send(String method, String pathAndQuery, Object body, Class<T> type, boolean authenticated) {
        String token = authenticated ? session.require().token() : null;
        byte[] payload = body == null ? null : json.writeValueAsBytes(body);
        // Every attempt at a write carries the same key: the trackers answer a repeat (a lost answer tried again
        // through the next gateway) with the first answer instead of applying it twice.
        String idempotencyKey = method.equals("GET") ? null : UUID.randomUUID().toString();
        int start = current.get();
        String lastProblem = "no gateway configured";
        for (int attempt = 0; attempt < gateways.size(); attempt++) {
            int index = (start + attempt) % gateways.size();
            URI base = gateways.get(index);
            URI uri = URI.create(stripSlash(base.toString()) + pathAndQuery);
            HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
            if (token != null) {
                req.header("Authorization", "Bearer " + token);
            }
            if (idempotencyKey != null) {
                req.header("Idempotency-Key", idempotencyKey);
            }
            if (payload != null) {
                req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(payload));
            } else {
                req.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                lastProblem = base + " unreachable (" + describe(e) + ")";
                log.debug("{} {}: {}", method, uri, lastProblem);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrackerException(503, null, "interrupted while calling the tracker");
            }
            int status = response.statusCode();
            if (status >= 500) {
                lastProblem = base + " answered " + status + problemDetail(response.body()).map(d -> " (" + d + ")").orElse("");
                log.debug("{} {}: {}", method, uri, lastProblem);
                continue;
            }
            if (index != start) {
                current.compareAndSet(start, index);
                log.info("tracker calls now go through {}", base);
            }
            if (status >= 400) {
                throw problem(status, response.body());
            }
            if (type == Void.class || status == 204) {
                return null;
            }
            try {
                T value = json.readValue(response.body(), type);
                if (value == null) {
                    throw new TrackerException(502, null, "the tracker answered " + method + " " + pathAndQuery + " with an empty body");
                }
                return value;
            } catch (JacksonException e) {
                throw new TrackerException(502, null, "the tracker answered " + method + " " + pathAndQuery
                        + " with malformed JSON (" + e.getOriginalMessage() + ")");
            }
        }
        throw new TrackerException(503, null, "no tracker gateway answered: " + lastProblem);
    }

    private TrackerException problem(int status, byte[] body) {
        String detail = problemDetail(body).orElse("the tracker refused the request (HTTP " + status + ")");
        String type = null;
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("type")) {
                type = node.get("type").asString();
            }
        } catch (JacksonException ignored) {
            // no type then
        }
        return new TrackerException(status, type, detail);
    }

    private java.util.Optional<String> problemDetail(byte[] body) {
        if (body == null || body.length == 0) {
            return java.util.Optional.empty();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("detail")) {
                return java.util.Optional.of(node.get("detail").asString());
            }
        } catch (JacksonException ignored) {
            // not a problem detail
        }
        return java.util.Optional.empty();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
