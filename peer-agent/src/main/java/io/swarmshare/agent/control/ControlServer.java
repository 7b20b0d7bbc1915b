package io.swarmshare.agent.control;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.swarmshare.agent.seeding.ShareService;
import io.swarmshare.agent.storage.AtomicFiles;
import io.swarmshare.agent.tracker.NotLoggedInException;
import io.swarmshare.agent.tracker.TrackerException;
import io.swarmshare.agent.transfer.DownloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The control API (DESIGN.md) on 127.0.0.1 with the JDK's small HTTP server. Every call must carry
 * {@code X-Swarmshare-Control} equal to the secret in control.token (compared in constant time), else 401.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    public static final String HEADER = "X-Swarmshare-Control";
    private static final int MAX_BODY = 64 * 1024;
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final ControlApi api;
    private final JsonMapper json;
    private final Path dataDir;
    private byte[] secret;
    private HttpServer server;
    private ExecutorService executor;

    public ControlServer(ControlApi api, JsonMapper json, Path dataDir) {
        this.api = api;
        this.json = json;
        this.dataDir = dataDir;
    }

    /** Binds, then writes control.token (kept if present) and control.port; returns the port. */
    public int start(int port) throws IOException {
        secret = loadOrCreateSecret();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        // virtual threads: a status request may wait (up to MAX_WAIT) for its download to end, and waiting watchers
        // must not hold back the calls behind them
        executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("control-", 0).factory());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        int bound = server.getAddress().getPort();
        AtomicFiles.write(dataDir.resolve("control.port"), String.valueOf(bound).getBytes(StandardCharsets.US_ASCII), false);
        log.info("control API on 127.0.0.1:{}", bound);
        return bound;
    }

    private byte[] loadOrCreateSecret() throws IOException {
        Path file = dataDir.resolve("control.token");
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (text.length() >= 32) {
                AtomicFiles.write(file, text.getBytes(StandardCharsets.US_ASCII), true); // re-assert 0600
                return text.getBytes(StandardCharsets.US_ASCII);
            }
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        AtomicFiles.write(file, text.getBytes(StandardCharsets.US_ASCII), true);
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String given = ex.getRequestHeaders().getFirst(HEADER);
            if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.US_ASCII))) {
                problem(ex, 401, "unauthorized", "missing or wrong " + HEADER + " header (see control.token in the agent directory)");
                return;
            }
            try {
                route(ex);
            } catch (ControlException e) {
                problem(ex, e.status(), e.slug(), e.getMessage());
            } catch (NotLoggedInException e) {
                problem(ex, 401, "not-logged-in", e.getMessage());
            } catch (ShareService.ShareException e) {
                problem(ex, e.status(), e.status() == 409 ? "already-shared" : e.status() == 404 ? "not-shared" : "bad-request", e.getMessage());
            } catch (DownloadException e) {
                problem(ex, e.conflict() ? 409 : 400, e.conflict() ? "conflict" : "bad-destination", e.getMessage());
            } catch (TrackerException e) {
                problem(ex, e.status(), "tracker", e.getMessage());
            } catch (InterruptedException e) { // the agent is stopping under a waiting status request
                Thread.currentThread().interrupt();
                problem(ex, 503, "stopping", "the agent is stopping");
            } catch (JacksonException e) {
                problem(ex, 400, "bad-json", "request body is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                problem(ex, 400, "io", e.getMessage() == null ? e.toString() : e.getMessage());
            } catch (RuntimeException e) {
                log.error("control call {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
                problem(ex, 500, "internal", "the agent failed: " + e);
            }
        }
    }

    private void route(HttpExchange ex) throws IOException, InterruptedException {
        String method = ex.getRequestMethod();
        List<String> path = segments(ex.getRequestURI().getRawPath());
        if (path.size() < 2 || !path.get(0).equals("v1")) {
            throw new ControlException(404, "not-found", "no such control call: " + method + " " + ex.getRequestURI().getPath());
        }
        String what = path.get(1);
        int n = path.size();
        switch (method + " " + what + " " + n) {
            case "GET status 2" -> send(ex, 200, api.status());
            case "PUT session 2" -> {
                api.login(body(ex, ControlApi.SessionRequest.class));
                send(ex, 204, null);
            }
            case "DELETE session 2" -> {
                api.logout();
                send(ex, 204, null);
            }
            case "POST shares 2" -> send(ex, 201, api.upload(body(ex, ControlApi.ShareRequest.class)));
            case "GET shares 2" -> send(ex, 200, api.listShares());
            case "DELETE shares 4" -> {
                api.stopShare(path.get(2), path.get(3));
                send(ex, 204, null);
            }
            case "POST downloads 2" -> send(ex, 202, api.download(body(ex, ControlApi.DownloadRequest.class)));
            case "GET downloads 2" -> send(ex, 200, api.listDownloads());
            case "GET downloads 3" -> {
                Duration wait = waitParameter(ex.getRequestURI().getRawQuery());
                send(ex, 200, wait.isZero() ? api.download(path.get(2)) : api.download(path.get(2), wait));
            }
            case "GET downloads 4" -> {
                if (!path.get(3).equals("report")) {
                    throw new ControlException(404, "not-found", "no such control call: " + method + " " + ex.getRequestURI().getPath());
                }
                send(ex, 200, api.report(path.get(2)));
            }
            default -> throw new ControlException(404, "not-found", "no such control call: " + method + " " + ex.getRequestURI().getPath());
        }
    }

    /** {@code ?wait=MILLIS} (0 to {@link #MAX_WAIT}): how long a status request may wait for the download to end. */
    static Duration waitParameter(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Duration.ZERO;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith("wait=")) {
                String value = pair.substring("wait=".length());
                long millis;
                try {
                    millis = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    millis = -1;
                }
                if (millis < 0 || millis > MAX_WAIT.toMillis()) {
                    throw new ControlException(400, "bad-wait", "wait must be 0 to " + MAX_WAIT.toMillis()
                            + " milliseconds, got '" + value + "'");
                }
                return Duration.ofMillis(millis);
            }
        }
        return Duration.ZERO;
    }

    private static List<String> segments(String rawPath) {
        return Arrays.stream(rawPath.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }

    private <T> T body(HttpExchange ex, Class<T> type) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new ControlException(413, "too-large", "request body larger than " + MAX_BODY + " bytes");
        }
        if (bytes.length == 0) {
            throw new ControlException(400, "missing-field", "missing request body");
        }
        return json.readValue(bytes, type);
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private void problem(HttpExchange ex, int status, String slug, String detail) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "https://swarmshare.io/problems/" + slug);
        p.put("title", slug.replace('-', ' '));
        p.put("status", status);
        p.put("detail", detail);
        byte[] bytes = json.writeValueAsBytes(p);
        ex.getResponseHeaders().set("Content-Type", "application/problem+json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
