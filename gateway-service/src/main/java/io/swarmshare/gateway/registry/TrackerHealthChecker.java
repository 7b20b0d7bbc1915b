package io.swarmshare.gateway.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import io.netty.channel.ChannelOption;
import io.swarmshare.gateway.routing.GatewayProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Active health checks: every {@code health-interval} each tracker gets {@code GET /actuator/health} with a
 * {@code health-timeout}; a refused, slow (e.g. SIGSTOPped) or non-200 answer counts as a failure, and after
 * {@code health-down-after} failures in a row the tracker gets no new requests. One success takes it back. With
 * the defaults (1 s, 700 ms, 2) a dead or frozen tracker is dropped within 3 s. A healthy tracker is also asked
 * {@code GET /api/v1/cluster} for its Raft role (UNKNOWN when it has no such endpoint).
 */
public final class TrackerHealthChecker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrackerHealthChecker.class);

    private final TrackerRegistry registry;
    private final GatewayProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final WebClient http;
    private volatile Disposable running;

    public TrackerHealthChecker(TrackerRegistry registry, GatewayProperties properties, WebClient.Builder builder,
                                JsonMapper json, Clock clock) {
        this.registry = registry;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        int connectMillis = Math.toIntExact(properties.healthTimeout().toMillis());
        HttpClient netty = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
                .responseTimeout(properties.healthTimeout());
        this.http = builder.clone().clientConnector(new ReactorClientHttpConnector(netty)).build();
    }

    @Override
    public void start() {
        running = Flux.interval(Duration.ZERO, properties.healthInterval())
                .onBackpressureDrop()
                .concatMap(tick -> checkAll(), 1)
                .subscribe();
    }

    /** Checks every tracker once, in parallel; completes when all answered or timed out. */
    public Mono<Void> checkAll() {
        return Flux.fromIterable(registry.all())
                .flatMap(this::check)
                .onErrorContinue((e, o) -> log.debug("health check failed unexpectedly: {}", e.toString()))
                .then();
    }

    private Mono<Void> check(TrackerRegistry.Tracker tracker) {
        Duration timeout = properties.healthTimeout();
        return http.get().uri(tracker.url().resolve("/actuator/health"))
                .retrieve()
                .toBodilessEntity()
                .timeout(timeout)
                .then(role(tracker).timeout(timeout).onErrorReturn(TrackerRegistry.UNKNOWN_ROLE))
                .flatMap(role -> confirmsReads(tracker, role, timeout))
                .map(role -> {
                    record(tracker, true, null, role);
                    return role;
                })
                .onErrorResume(error -> {
                    record(tracker, false, describe(error), null);
                    return Mono.empty();
                })
                .then();
    }

    private void record(TrackerRegistry.Tracker tracker, boolean healthy, String error, String role) {
        TrackerHealth before = tracker.health();
        boolean leaderlessBefore = TrackerRegistry.NO_LEADER_ROLE.equals(tracker.raftRole());
        registry.recordCheck(tracker.key(), healthy, error, role, clock.instant(), properties.healthDownAfter());
        registry.byKey(tracker.key()).ifPresent(after -> {
            if (after.health() != before) {
                log.info("tracker {} ({}) is now {}{}", after.id(), after.key(), after.health(),
                        error == null ? "" : ": " + error);
            }
            boolean leaderless = TrackerRegistry.NO_LEADER_ROLE.equals(after.raftRole());
            if (healthy && leaderless && !leaderlessBefore) {
                log.info("tracker {} ({}) knows no Raft leader: routed around while another tracker does",
                        after.id(), after.key());
            } else if (healthy && !leaderless && leaderlessBefore) {
                log.info("tracker {} ({}) knows the Raft leader again ({})", after.id(), after.key(), after.raftRole());
            }
        });
    }

    /** The header a tracker sets on an answer it could not confirm as current (a read served stale). */
    private static final String STALE = "X-Swarmshare-Stale";

    /**
     * A tracker that reports a leader must also be able to confirm a read: a restarted tracker's {@code leaderId} can
     * flicker on and off for seconds before the leader really reaches it (seen in CI), and meanwhile its reads come
     * back marked {@code X-Swarmshare-Stale: true}. So one cheap read through its read barrier: stale, or no answer
     * within the health timeout, counts as {@link TrackerRegistry#NO_LEADER_ROLE}; any other outcome keeps the role.
     */
    private Mono<String> confirmsReads(TrackerRegistry.Tracker tracker, String role, Duration timeout) {
        if (!role.equals("LEADER") && !role.equals("FOLLOWER")) {
            return Mono.just(role);
        }
        return http.get().uri(tracker.url().resolve("/api/v1/tickets/public-key"))
                .exchangeToMono(response -> Mono.just("true".equalsIgnoreCase(
                        response.headers().asHttpHeaders().getFirst(STALE)) ? TrackerRegistry.NO_LEADER_ROLE : role))
                .timeout(timeout)
                .onErrorResume(TimeoutException.class, e -> Mono.just(TrackerRegistry.NO_LEADER_ROLE))
                .onErrorReturn(role);
    }

    /** The tracker's own Raft role from {@code GET /api/v1/cluster}: members[].role of the member that is itself. */
    private Mono<String> role(TrackerRegistry.Tracker tracker) {
        return http.get().uri(tracker.url().resolve("/api/v1/cluster"))
                .retrieve()
                .bodyToMono(String.class)
                .map(this::roleOf)
                .onErrorResume(WebClientResponseException.class, e -> Mono.just(TrackerRegistry.UNKNOWN_ROLE));
    }

    /**
     * Reads {selfId, leaderId, members:[{id, role}]} (field names tolerated: selfId/self/id); anything else is UNKNOWN.
     * A tracker that says {@code leaderId: null} and does not lead itself is {@link TrackerRegistry#NO_LEADER_ROLE}.
     */
    String roleOf(String body) {
        try {
            JsonNode root = json.readTree(body);
            if (root.has("leaderId") && text(root, "leaderId") == null) {
                return TrackerRegistry.NO_LEADER_ROLE;
            }
            String self = text(root, "selfId", "self", "id");
            JsonNode members = root.get("members");
            if (self != null && members != null && members.isArray()) {
                for (JsonNode member : members) {
                    if (self.equals(text(member, "id", "selfId")) && text(member, "role") != null) {
                        return text(member, "role").toUpperCase(Locale.ROOT);
                    }
                }
            }
            String role = text(root, "role");
            return role == null ? TrackerRegistry.UNKNOWN_ROLE : role.toUpperCase(Locale.ROOT);
        } catch (RuntimeException e) {
            return TrackerRegistry.UNKNOWN_ROLE;
        }
    }

    private static String text(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node == null ? null : node.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                return value.asString();
            }
        }
        return null;
    }

    private static String describe(Throwable error) {
        if (error instanceof WebClientResponseException e) {
            HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
            return "health answered " + e.getStatusCode().value() + (status == null ? "" : " " + status.getReasonPhrase());
        }
        if (error instanceof java.util.concurrent.TimeoutException) {
            return "health check timed out";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    @Override
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
