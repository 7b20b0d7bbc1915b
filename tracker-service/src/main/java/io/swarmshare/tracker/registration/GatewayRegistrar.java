package io.swarmshare.tracker.registration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tells every configured gateway about this tracker (the classic REGISTER) and, on graceful stop, that it leaves
 * (REMOVE). Registration retries in the background until each gateway answers and is repeated every refresh
 * interval; it never delays start-up. Deregistration is one bounded attempt per gateway, all in parallel.
 */
public final class GatewayRegistrar implements AutoCloseable {

    public static final String SECRET_HEADER = "X-Swarmshare-Cluster-Secret";
    private static final Logger log = LoggerFactory.getLogger(GatewayRegistrar.class);

    private final List<URI> gateways;
    private final String id;
    private final URI url;
    private final String secret;
    private final GatewayRegistrationProperties.Registration timing;
    private final HttpClient http;
    private final byte[] body;
    private final Map<URI, Instant> registeredAt = new ConcurrentHashMap<>();
    private final Map<URI, String> lastFailure = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-registration");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean refused;

    public GatewayRegistrar(List<URI> gateways, String id, URI url, String secret,
                            GatewayRegistrationProperties.Registration timing, JsonMapper json) {
        this.gateways = List.copyOf(gateways);
        this.id = id;
        this.url = url;
        this.secret = secret;
        this.timing = timing;
        this.http = HttpClient.newBuilder().connectTimeout(timing.timeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.body = json.writeValueAsBytes(Map.of("id", id, "url", url.toString()));
    }

    public void start() {
        log.info("registering as {} ({}) with gateway(s) {}", id, url, gateways);
        timer.scheduleWithFixedDelay(this::registerWhereDue, 0, timing.retryInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Registered with every gateway at least once (tests, logs). */
    public boolean registeredEverywhere() {
        return registeredAt.keySet().containsAll(gateways);
    }

    void registerWhereDue() {
        if (refused) {
            return;
        }
        Instant now = Instant.now();
        for (URI gateway : gateways) {
            Instant last = registeredAt.get(gateway);
            if (last != null && now.isBefore(last.plus(timing.refreshInterval()))) {
                continue;
            }
            register(gateway, now, last == null);
        }
    }

    private void register(URI gateway, Instant now, boolean first) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/gateway/trackers"))
                .timeout(timing.timeout())
                .header("Content-Type", "application/json")
                .header(SECRET_HEADER, secret)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status == 200 || status == 201) {
                registeredAt.put(gateway, now);
                boolean recovered = lastFailure.remove(gateway) != null;
                if (first || recovered) {
                    log.info("registered with gateway {}", gateway);
                }
                return;
            }
            if (status == 401 || status == 403) {
                refused = true;
                log.error("gateway {} refused our registration (HTTP {}): check swarmshare.tracker.registration.secret"
                        + " (or swarmshare.tracker.cluster.secret) against the gateway's swarmshare.gateway.secret;"
                        + " not retrying", gateway, status);
                return;
            }
            failed(gateway, "HTTP " + status);
        } catch (java.io.IOException e) {
            failed(gateway, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(URI gateway, String why) {
        registeredAt.remove(gateway);
        if (!why.equals(lastFailure.put(gateway, why))) {
            log.warn("cannot register with gateway {} ({}); retrying every {}", gateway, why, timing.retryInterval());
        }
    }

    /** REMOVE at every gateway, in parallel, each bounded by the timeout; then stops the background task. */
    public void deregister() {
        timer.shutdownNow();
        List<java.util.concurrent.CompletableFuture<Void>> calls = gateways.stream().map(gateway -> http.sendAsync(
                        HttpRequest.newBuilder(gateway.resolve("/gateway/trackers/" + java.net.URLEncoder.encode(id,
                                        java.nio.charset.StandardCharsets.UTF_8)))
                                .timeout(timing.timeout())
                                .header(SECRET_HEADER, secret)
                                .DELETE().build(),
                        HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error != null) {
                        log.warn("cannot deregister from gateway {}: {}", gateway, error.toString());
                    } else if (response.statusCode() == 204 || response.statusCode() == 404) {
                        log.info("deregistered from gateway {}", gateway);
                    } else {
                        log.warn("gateway {} answered {} to our deregistration", gateway, response.statusCode());
                    }
                    return (Void) null;
                })).toList();
        try {
            java.util.concurrent.CompletableFuture.allOf(calls.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(timing.timeout().plus(Duration.ofMillis(500)).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("deregistration did not finish in time: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
