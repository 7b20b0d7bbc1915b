package io.swarmshare.tracker.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the tracker can be told (prefix {@code swarmshare.tracker}).
 *
 * @param dataDir           where the H2 database lives (default ./data/tracker)
 * @param sessionTtl        how long a login lasts (default 12h)
 * @param heartbeatInterval how often agents are told to heartbeat (default 5s)
 * @param peerLease         how long a peer stays online after its last heartbeat (default 15s)
 * @param ticketTtl         lifetime of a signed piece ticket (default 10m)
 * @param minPasswordLength shortest accepted password (default 8)
 */
@Validated
@ConfigurationProperties("swarmshare.tracker")
public record TrackerProperties(
        @NotNull @DefaultValue("./data/tracker") Path dataDir,
        @NotNull @DefaultValue("12h") Duration sessionTtl,
        @NotNull @DefaultValue("5s") Duration heartbeatInterval,
        @NotNull @DefaultValue("15s") Duration peerLease,
        @NotNull @DefaultValue("10m") Duration ticketTtl,
        @Min(1) @Max(1024) @DefaultValue("8") int minPasswordLength) {

    public TrackerProperties {
        requirePositive("session-ttl", sessionTtl);
        requirePositive("heartbeat-interval", heartbeatInterval);
        requirePositive("peer-lease", peerLease);
        requirePositive("ticket-ttl", ticketTtl);
        if (heartbeatInterval != null && peerLease != null && peerLease.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("swarmshare.tracker.peer-lease (" + peerLease
                    + ") must be longer than heartbeat-interval (" + heartbeatInterval + ")");
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("swarmshare.tracker." + key + " must be positive, was " + value);
        }
    }
}
