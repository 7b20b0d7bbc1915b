package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.config.TrackerProperties;
import io.swarmshare.tracker.state.TrackerStateMachine;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;

/**
 * This tracker's Raft server and the client it submits through. Started before any service that writes
 * (the ticket key is created through a command at start-up) and closed before the database.
 */
@Component
public class RaftNode implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RaftNode.class);

    private final ClusterProperties properties;
    private final TrackerStateMachine stateMachine;
    private final Path dataDir;
    private final int httpPort;
    private final int configuredRaftPort;
    private ClusterMembers members;
    private RaftGroup group;
    private RaftServer server;
    private RaftClient client;
    private RaftClient adminClient;
    private Parameters parameters;
    private boolean tls;
    /** Identifies the requests this tracker hands to its own Raft server in-process (retry cache key with the call id). */
    private final ClientId localClientId = ClientId.randomId();
    private final AtomicLong localCallIds = new AtomicLong();

    RaftNode(ClusterProperties properties, TrackerProperties tracker, TrackerStateMachine stateMachine, Environment env) {
        this.properties = properties;
        this.stateMachine = stateMachine;
        this.dataDir = tracker.dataDir();
        this.httpPort = env.getProperty("server.port", Integer.class, 8081);
        this.configuredRaftPort = properties.raftPort() != null ? properties.raftPort()
                : httpPort > 0 ? httpPort + 1000 : 0;
    }

    /** The group id is derived from the cluster secret: a server that does not know it cannot address the group. */
    static RaftGroupId groupId(String secret) {
        String seed = "swarmshare-tracker-cluster:" + (secret == null ? "" : secret);
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)));
    }

    static RaftPeer peer(ClusterMembers.Member m) {
        return RaftPeer.newBuilder().setId(m.id()).setAddress(m.raftAddress()).build();
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        int raftPort = configuredRaftPort == 0 ? freePort() : configuredRaftPort;
        members = ClusterMembers.resolve(properties, raftPort, httpPort <= 0 ? 1 : httpPort);
        raftPort = members.self().raftPort();
        RaftGroupId gid = groupId(properties.secret());
        group = RaftGroup.valueOf(gid, members.all().stream().map(RaftNode::peer).toList());

        RaftProperties p = raftProperties(raftPort);
        parameters = new Parameters();
        GrpcTlsConfig tlsConfig = ClusterTls.load(tlsDir(), properties.secret());
        if (tlsConfig != null) {
            GrpcConfigKeys.TLS.setConf(parameters, tlsConfig);
            GrpcConfigKeys.Server.setTlsConf(parameters, tlsConfig);
            GrpcConfigKeys.Client.setTlsConf(parameters, tlsConfig);
            GrpcConfigKeys.Admin.setTlsConf(parameters, tlsConfig);
            tls = true;
        }
        RaftGroup serverGroup = properties.join() ? RaftGroup.valueOf(gid) : group;
        server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(members.selfId()))
                .setGroup(serverGroup)
                .setStateMachine(stateMachine)
                .setProperties(p)
                .setParameters(parameters)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        server.start();
        client = newClient(p, RetryPolicies.retryUpToMaximumCountWithFixedSleep(40, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)));
        RaftProperties adminProps = raftProperties(raftPort);
        RaftClientConfigKeys.Rpc.setRequestTimeout(adminProps, TimeDuration.valueOf(60, TimeUnit.SECONDS));
        adminClient = RaftClient.newBuilder().setProperties(adminProps).setParameters(parameters).setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(10, TimeDuration.valueOf(500, TimeUnit.MILLISECONDS)))
                .build();
        log.info("tracker {} serves Raft on port {} ({}), group {} of {} member(s){}", members.selfId(), raftPort,
                tls ? "mutual TLS" : "plaintext", gid, members.all().size(), properties.join() ? ", waiting to be added" : "");
    }

    private RaftClient newClient(RaftProperties p, org.apache.ratis.retry.RetryPolicy retry) {
        return RaftClient.newBuilder().setProperties(p).setParameters(parameters).setRaftGroup(group)
                .setClientId(ClientId.randomId()).setRetryPolicy(retry).build();
    }

    private Path tlsDir() {
        return properties.tlsDir() != null ? properties.tlsDir() : dataDir.resolve("tls");
    }

    private RaftProperties raftProperties(int raftPort) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(dataDir.resolve("raft").toFile()));
        GrpcConfigKeys.Server.setPort(p, raftPort);
        // Heartbeats on the append stream, not a channel of their own: a heartbeat overtaking appends still in flight
        // gets an INCONSISTENCY reply, and the leader then keeps rewinding that follower's next index (RATIS-2242).
        // Under load one follower stayed stuck so for 22 s here, and writes through it waited for it and timed out.
        GrpcConfigKeys.Server.setHeartbeatChannel(p, false);
        // Failover within ~2 s by default: a follower starts an election 0.5-1 s after the leader's last heartbeat.
        long election = properties.electionTimeout().toMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * election, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, properties.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        // ... but not the newest quarter of a snapshot interval: a follower a few hundred entries behind when the
        // leader purged up to its snapshot was sent that whole snapshot instead of the entries. Under load that was
        // one follower after most snapshots, each time stalled for up to 20 s, and every write through it waited.
        RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, properties.snapshotThreshold() / 4);
        RaftServerConfigKeys.Log.setPurgeGap(p, 256);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(properties.logSegmentSize().toBytes()));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(p, TimeDuration.valueOf(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(1500, TimeUnit.MILLISECONDS));
        return p;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void destroy() {
        for (AutoCloseable c : new AutoCloseable[]{client, adminClient, server}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    public RaftClient client() {
        return client;
    }

    /**
     * Hands a request to this tracker's own Raft server in-process (no gRPC round trip to itself). Writes only make
     * sense while this tracker leads ({@link #isLeaderReady}); a linearizable read works on any member (a follower's
     * server asks the leader for the read index itself).
     */
    public CompletableFuture<RaftClientReply> submitLocally(Message message, RaftClientRequest.Type type) {
        RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(localClientId)
                .setServerId(selfId())
                .setGroupId(group.getGroupId())
                .setCallId(localCallIds.incrementAndGet())
                .setMessage(message)
                .setType(type)
                .build();
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** True while this tracker is the leader and has committed an entry of its term (it accepts writes). */
    public boolean isLeaderReady() {
        try {
            var info = division().getInfo();
            return info.isLeader() && info.isLeaderReady();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public RaftClient adminClient() {
        return adminClient;
    }

    public RaftServer.Division division() {
        try {
            return server.getDivision(group.getGroupId());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True while this tracker is the only voting member (nothing to confirm reads with). */
    public boolean isAlone() {
        var peers = division().getRaftConf().getCurrentPeers();
        return peers.size() == 1 && peers.iterator().next().getId().equals(selfId());
    }

    public RaftPeerId selfId() {
        return RaftPeerId.valueOf(members.selfId());
    }

    public ClusterMembers members() {
        return members;
    }

    public boolean tls() {
        return tls;
    }

    public ClusterProperties properties() {
        return properties;
    }
}
