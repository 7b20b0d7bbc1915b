package io.swarmshare.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the gateway needs to know about its trackers ({@code swarmshare.gateway.*}).
 *
 * @param trackers base URIs of the static trackers (scheme, host, port; no path), comma list on the command line;
 *     default {@code http://127.0.0.1:8081}. May be empty when {@code secret} is set: trackers then register.
 * @param secret the cluster secret trackers must send in {@code X-Swarmshare-Cluster-Secret} to register or
 *     deregister; empty (the default) turns registration off
 * @param connectTimeout how long to wait for a TCP connection to one tracker before trying another; default 2 s
 * @param responseTimeout how long a tracker may take to answer a write once connected; default 30 s
 * @param readResponseTimeout the same for requests safe to repeat (GET, HEAD; after it another tracker is tried);
 *     default 10 s
 * @param ejectAfterConnectFailure how long a tracker that refused a connection is skipped by the balancer
 *     (unless every tracker is skipped); default 10 s
 * @param healthInterval how often every tracker's {@code /actuator/health} is checked; default 1 s
 * @param healthTimeout how long one health check may take; default 700 ms
 * @param healthDownAfter consecutive failed checks after which a tracker gets no new requests; default 2
 * @param loadMeasure what "least loaded" means: {@code in-flight} (default) or {@code latency}; see LoadMeasure
 * @param idempotencyKeysHonoured whether the trackers honour {@code Idempotency-Key} (answer a repeated key with
 *     the first answer). Only then is a write carrying that header retried after a failure other than a refused
 *     connection. Default true: the trackers store each keyed write's answer with the write itself (in the
 *     replicated log), so a repeat through any tracker gets the first answer. Off only for trackers without it.
 */
@ConfigurationProperties("swarmshare.gateway")
public record GatewayProperties(
        @DefaultValue("http://127.0.0.1:8081") List<URI> trackers,
        @DefaultValue("") String secret,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("30s") Duration responseTimeout,
        @DefaultValue("10s") Duration readResponseTimeout,
        @DefaultValue("10s") Duration ejectAfterConnectFailure,
        @DefaultValue("1s") Duration healthInterval,
        @DefaultValue("700ms") Duration healthTimeout,
        @DefaultValue("2") int healthDownAfter,
        @DefaultValue("in-flight") String loadMeasure,
        @DefaultValue("true") boolean idempotencyKeysHonoured) {

    public GatewayProperties {
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
        secret = secret == null ? "" : secret.strip();
        if (trackers.isEmpty() && secret.isEmpty()) {
            throw new IllegalArgumentException("swarmshare.gateway.trackers must list at least one tracker base URI"
                    + " unless swarmshare.gateway.secret is set (then trackers register themselves)");
        }
        for (URI tracker : trackers) {
            requireBaseUri("swarmshare.gateway.trackers", tracker);
        }
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("response-timeout", responseTimeout);
        requirePositive("read-response-timeout", readResponseTimeout);
        requirePositive("eject-after-connect-failure", ejectAfterConnectFailure);
        requirePositive("health-interval", healthInterval);
        requirePositive("health-timeout", healthTimeout);
        if (healthDownAfter < 1) {
            throw new IllegalArgumentException("swarmshare.gateway.health-down-after must be at least 1, was "
                    + healthDownAfter);
        }
        LoadMeasure.named(loadMeasure == null ? "" : loadMeasure);
    }

    /** Static trackers only, every other setting at its default (tests). */
    public static GatewayProperties of(List<URI> trackers) {
        return new GatewayProperties(trackers, "", Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMillis(700), 2,
                "in-flight", false);
    }

    @Override
    public String toString() {
        return "GatewayProperties[trackers=" + trackers + ", secret=" + (secret.isEmpty() ? "(none)" : "(set)")
                + ", connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", readResponseTimeout=" + readResponseTimeout + ", healthInterval=" + healthInterval
                + ", healthTimeout=" + healthTimeout + ", healthDownAfter=" + healthDownAfter
                + ", loadMeasure=" + loadMeasure + ", idempotencyKeysHonoured=" + idempotencyKeysHonoured + "]";
    }

    public boolean registrationEnabled() {
        return !secret.isEmpty();
    }

    /** Rejects anything but {@code http(s)://host[:port][/]}. */
    public static void requireBaseUri(String what, URI tracker) {
        boolean http = "http".equalsIgnoreCase(tracker.getScheme()) || "https".equalsIgnoreCase(tracker.getScheme());
        boolean bare = tracker.getRawPath() == null || tracker.getRawPath().isEmpty() || tracker.getRawPath().equals("/");
        if (!http || tracker.getHost() == null || !bare || tracker.getRawQuery() != null) {
            throw new IllegalArgumentException(what + ": '" + tracker
                    + "' is not a tracker base URI like http://127.0.0.1:8081 (http or https, host, optional port, no path)");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("swarmshare.gateway." + name + " must be a positive duration, was " + value);
        }
    }
}
