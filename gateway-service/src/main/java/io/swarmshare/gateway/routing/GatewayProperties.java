package io.swarmshare.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the gateway needs to know about its trackers ({@code swarmshare.gateway.*}).
 *
 * @param trackers base URIs of the trackers (scheme, host, port; no path), comma list on the command line;
 *     default {@code http://127.0.0.1:8081}
 * @param connectTimeout how long to wait for a TCP connection to one tracker before trying another; default 2 s
 * @param responseTimeout how long a tracker may take to answer once connected; default 30 s
 * @param ejectAfterConnectFailure how long a tracker that refused a connection is skipped by the balancer
 *     (unless every tracker is skipped); default 10 s
 */
@ConfigurationProperties("swarmshare.gateway")
public record GatewayProperties(
        @DefaultValue("http://127.0.0.1:8081") List<URI> trackers,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("30s") Duration responseTimeout,
        @DefaultValue("10s") Duration ejectAfterConnectFailure) {

    public GatewayProperties {
        if (trackers == null || trackers.isEmpty()) {
            throw new IllegalArgumentException("swarmshare.gateway.trackers must list at least one tracker base URI");
        }
        for (URI tracker : trackers) {
            boolean http = "http".equalsIgnoreCase(tracker.getScheme()) || "https".equalsIgnoreCase(tracker.getScheme());
            boolean bare = tracker.getRawPath() == null || tracker.getRawPath().isEmpty() || tracker.getRawPath().equals("/");
            if (!http || tracker.getHost() == null || !bare || tracker.getRawQuery() != null) {
                throw new IllegalArgumentException("swarmshare.gateway.trackers: '" + tracker
                        + "' is not a tracker base URI like http://127.0.0.1:8081 (http or https, host, optional port, no path)");
            }
        }
        trackers = List.copyOf(trackers);
        requirePositive("connect-timeout", connectTimeout);
        requirePositive("response-timeout", responseTimeout);
        requirePositive("eject-after-connect-failure", ejectAfterConnectFailure);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("swarmshare.gateway." + name + " must be a positive duration, was " + value);
        }
    }
}
