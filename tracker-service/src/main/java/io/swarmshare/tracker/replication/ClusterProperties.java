package io.swarmshare.tracker.replication;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How this tracker takes part in the tracker cluster (prefix {@code swarmshare.tracker.cluster}); see
 * docs/CLUSTER.md. The defaults make a one-member cluster that behaves like a lone tracker.
 *
 * @param selfId              this tracker's id in the member list (default t1)
 * @param raftPort            Raft (gRPC) port; default server.port + 1000; 0 picks a free port (tests)
 * @param members             {@code id=host:raftPort:httpPort,...}; default just this tracker
 * @param membersFile         alternative to {@code members}: one {@code id host raftPort httpPort} per line, # comments
 * @param secret              shared cluster secret (env SWARMSHARE_CLUSTER_SECRET); required with more than one member
 * @param join                true: this new member starts empty and waits to be added (POST /api/v1/cluster/members)
 * @param writeTimeout        a write that is not committed by then fails with 503 no-quorum (default 3s)
 * @param readTimeout         how long a read waits for its linearizable confirmation before it answers stale (default 1s)
 * @param snapshotThreshold   log entries between automatic snapshots (default 4000); the log is purged up to them,
 *                            keeping the newest quarter of this many entries
 * @param logSegmentSize      size of one Raft log segment file (default 1MB, about 10,000 small commands); a snapshot
 *                            purges only whole closed segments, so smaller segments compact the log sooner
 * @param leaseFlushInterval  how often buffered heartbeats are renewed as one batched command (default 2s)
 * @param electionTimeout     a follower that hears nothing from the leader for this long (randomised up to twice
 *                            as long) starts an election (default 500ms: failover within ~2 s)
 * @param tlsDir              where {@code tracker.p12} and {@code ca.pem} are looked for (default {@code <data-dir>/tls});
 *                            when present the Raft port speaks mutual TLS
 */
@Validated
@ConfigurationProperties("swarmshare.tracker.cluster")
public record ClusterProperties(
        @NotNull @Pattern(regexp = ClusterMembers.ID_PATTERN) @DefaultValue("t1") String selfId,
        @Min(0) @Max(65535) Integer raftPort,
        String members,
        Path membersFile,
        String secret,
        @DefaultValue("false") boolean join,
        @NotNull @DefaultValue("3s") Duration writeTimeout,
        @NotNull @DefaultValue("1s") Duration readTimeout,
        @Min(100) @DefaultValue("4000") long snapshotThreshold,
        @NotNull @DefaultValue("1MB") DataSize logSegmentSize,
        @NotNull @DefaultValue("2s") Duration leaseFlushInterval,
        @NotNull @DefaultValue("500ms") Duration electionTimeout,
        Path tlsDir) {

    public boolean hasSecret() {
        return secret != null && !secret.isBlank();
    }
}
