package io.swarmshare.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP upstream on 127.0.0.1 standing in for a tracker: records what arrives, answers as told. The
 * gateway's health probes ({@code /actuator/health}, {@code /api/v1/cluster}) are answered separately and not
 * recorded.
 */
public final class FakeTracker implements AutoCloseable {

    /** One request as the tracker received it; header names lower-cased. */
    public record Received(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : values.getFirst();
        }
    }

    @FunctionalInterface
    public interface Responder {
        void respond(Received request, HttpExchange exchange) throws Exception;
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Responder responder = (request, exchange) -> answer(exchange, 200, "text/plain", "ok");
    private volatile Responder healthResponder = (request, exchange) ->
            answer(exchange, 200, "application/json", "{\"status\":\"UP\"}");
    private volatile String clusterView;

    private FakeTracker(String name) throws IOException {
        this.name = name;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeTracker start(String name) {
        try {
            return new FakeTracker(name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start fake tracker " + name, e);
        }
    }

    /** A base URI on 127.0.0.1 where nothing listens (the port was free a moment ago). */
    public static URI closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    headers, body);
            boolean probe = request.pathAndQuery().equals("/actuator/health")
                    || request.pathAndQuery().equals("/api/v1/cluster");
            if (!probe) {
                received.add(request);
            }
            try {
                if (request.pathAndQuery().equals("/actuator/health")) {
                    healthResponder.respond(request, exchange);
                } else if (request.pathAndQuery().equals("/api/v1/cluster")) {
                    String view = clusterView;
                    answer(exchange, view == null ? 404 : 200, "application/json", view == null ? "{}" : view);
                } else {
                    responder.respond(request, exchange);
                }
            } catch (Exception e) {
                answer(exchange, 599, "text/plain", "fake tracker responder failed: " + e);
            }
        }
    }

    public static void answer(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        answer(exchange, status, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** How {@code GET /actuator/health} is answered (default 200 UP); those probes are not in {@link #received()}. */
    public void respondToHealthWith(Responder responder) {
        this.healthResponder = responder;
    }

    /** The body of {@code GET /api/v1/cluster}; null (the default) answers 404 like a tracker without a cluster. */
    public void clusterView(String json) {
        this.clusterView = json;
    }

    public void respondWith(Responder responder) {
        this.responder = responder;
    }

    public BlockingQueue<Received> received() {
        return received;
    }

    public String name() {
        return name;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Stops listening and interrupts responders still waiting. {@code HttpServer.stop} joins its dispatcher thread
     * without a time limit, so it runs aside and the test gives up on it after 5 s rather than hang the build.
     */
    @Override
    public void close() {
        executor.shutdownNow();
        Thread stopper = Thread.ofPlatform().daemon().name("stop-fake-tracker-" + name).start(() -> server.stop(0));
        try {
            if (!stopper.join(java.time.Duration.ofSeconds(5))) {
                System.err.println("fake tracker " + name + " did not stop within 5 s; left to the JVM's exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
