package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.TrackerStateMachine;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster status (no login, read-only) and membership changes (cluster secret in {@value #SECRET_HEADER}),
 * the latter through Ratis' configuration change: a new member first catches up, then counts for the quorum.
 */
@RestController
@RequestMapping("/api/v1/cluster")
class ClusterController {

    private static final Logger log = LoggerFactory.getLogger(ClusterController.class);
    static final String SECRET_HEADER = "X-Swarmshare-Cluster-Secret";

    /**
     * One tracker. Another tracker's role, term and applied index are what it last reported itself
     * ({@link MemberReports}), {@code reportedMsAgo} ago; {@code reachable} is false once that is older than 3 s.
     */
    record MemberView(String id, String raftAddress, String httpAddress, String role, Long term, Long commitIndex,
                      Long appliedIndex, Long lag, Boolean reachable, Long reportedMsAgo) {
    }

    /**
     * This tracker's snapshots and log: its newest snapshot, the first index still in its log (everything below was
     * purged after a snapshot), and the snapshots it installed from the leader since it started.
     */
    record SnapshotView(long latestIndex, long logStartIndex, long installs, long lastInstalledIndex) {
    }

    record ClusterView(String selfId, String leaderId, List<MemberView> members, SnapshotView snapshot) {
    }

    record AddMemberRequest(String id, String host, Integer raftPort, Integer httpPort) {
    }

    private final RaftNode node;
    private final TrackerStateMachine stateMachine;
    private final MemberReports reports;

    ClusterController(RaftNode node, TrackerStateMachine stateMachine, MemberReports reports) {
        this.node = node;
        this.stateMachine = stateMachine;
        this.reports = reports;
    }

    @GetMapping
    ClusterView status() {
        RaftServer.Division division = node.division();
        DivisionInfo info = division.getInfo();
        String self = node.selfId().toString();
        RaftPeerId leader = info.getLeaderId();
        long selfCommit = division.getRaftLog().getLastCommittedIndex();
        long applied = division.getInfo().getLastAppliedIndex();
        Map<String, Long> commits = new HashMap<>();
        for (CommitInfoProto c : division.getCommitInfos()) {
            commits.put(RaftPeerId.valueOf(c.getServer().getId()).toString(), c.getCommitIndex());
        }
        commits.put(self, selfCommit);
        long now = System.nanoTime();
        Map<String, MemberReports.Report> reported = new HashMap<>();
        for (RaftPeer p : currentPeers(division)) {
            reports.report(p.getId().toString()).ifPresent(r -> reported.put(p.getId().toString(), r));
        }
        reported.forEach((id, r) -> {
            if (r.commitIndex() != null && MemberReports.fresh(r, now)) {
                commits.merge(id, r.commitIndex(), Math::max);
            }
        });
        long clusterCommit = commits.values().stream().mapToLong(Long::longValue).max().orElse(selfCommit);

        Map<String, RaftPeer> peers = new java.util.LinkedHashMap<>();
        currentPeers(division).forEach(p -> peers.put(p.getId().toString(), p));
        if (!peers.containsKey(self)) {
            peers.put(self, RaftNode.peer(node.members().self()));
        }
        List<MemberView> views = new ArrayList<>();
        for (RaftPeer p : peers.values()) {
            String id = p.getId().toString();
            if (id.equals(self)) {
                views.add(new MemberView(id, p.getAddress(), reports.address(id), info.getCurrentRole().name(),
                        info.getCurrentTerm(), selfCommit, applied, Math.max(0, clusterCommit - applied), true, 0L));
            } else {
                Long commit = commits.get(id);
                MemberReports.Report r = reported.get(id);
                boolean reachable = r != null && MemberReports.fresh(r, now);
                String role = reachable && r.role() != null ? r.role()
                        : leader == null ? "UNKNOWN" : leader.toString().equals(id) ? "LEADER"
                        : info.isLeader() ? "FOLLOWER" : "UNKNOWN";
                Long term = reachable && r.term() != null ? r.term()
                        : info.isLeader() || role.equals("LEADER") ? Long.valueOf(info.getCurrentTerm()) : null;
                Long memberApplied = r == null ? null : r.appliedIndex();
                Long behind = memberApplied != null ? memberApplied : commit;
                views.add(new MemberView(id, p.getAddress(), reports.address(id), role, term, commit, memberApplied,
                        behind == null ? null : Math.max(0, clusterCommit - behind), reachable,
                        r == null ? null : (now - r.receivedAt()) / 1_000_000));
            }
        }
        SnapshotView snapshot = new SnapshotView(stateMachine.latestSnapshotIndex(), division.getRaftLog().getStartIndex(),
                stateMachine.snapshotInstalls(), stateMachine.lastInstalledSnapshotIndex());
        return new ClusterView(self, leader == null ? null : leader.toString(), views, snapshot);
    }

    @PostMapping("/members")
    ClusterView add(@RequestHeader(value = SECRET_HEADER, required = false) String secret,
                    @RequestBody AddMemberRequest request) {
        requireSecret(secret);
        if (request == null || request.raftPort() == null || request.httpPort() == null) {
            throw DomainError.INVALID_REQUEST.because("Give the new tracker's id, host, raftPort and httpPort.");
        }
        ClusterMembers.Member member;
        try {
            member = new ClusterMembers.Member(request.id(), request.host(), request.raftPort(), request.httpPort());
        } catch (IllegalArgumentException e) {
            throw DomainError.INVALID_REQUEST.because(e.getMessage() + ".");
        }
        List<RaftPeer> peers = new ArrayList<>(currentPeers(node.division()));
        if (peers.stream().anyMatch(p -> p.getId().toString().equals(member.id()))) {
            throw DomainError.ALREADY_MEMBER.because("Tracker '" + member.id() + "' is already in the cluster.");
        }
        peers.add(RaftNode.peer(member));
        setConfiguration(peers, "add " + member.id());
        reports.rememberAddress(member.id(), member.httpAddress());
        return status();
    }

    @DeleteMapping("/members/{id}")
    ResponseEntity<ClusterView> remove(@RequestHeader(value = SECRET_HEADER, required = false) String secret,
                                       @PathVariable String id) {
        requireSecret(secret);
        List<RaftPeer> peers = new ArrayList<>(currentPeers(node.division()));
        if (!peers.removeIf(p -> p.getId().toString().equals(id))) {
            throw DomainError.INVALID_REQUEST.because("Tracker '" + id + "' is not in the cluster.");
        }
        if (peers.isEmpty()) {
            throw DomainError.INVALID_REQUEST.because("The last tracker cannot be removed.");
        }
        setConfiguration(peers, "remove " + id);
        return ResponseEntity.ok(status());
    }

    private void setConfiguration(List<RaftPeer> peers, String what) {
        try {
            RaftClientReply reply = node.adminClient().admin().setConfiguration(peers);
            if (!reply.isSuccess()) {
                log.warn("membership change ({}) refused: {}", what, reply.getException());
                throw DomainError.NO_QUORUM.because("The cluster could not change its membership now ("
                        + reply.getException().getClass().getSimpleName() + "); try again.");
            }
            log.info("membership change done: {}", what);
        } catch (IOException e) {
            log.warn("membership change ({}) failed: {}", what, e.toString());
            throw DomainError.NO_QUORUM.because("The cluster could not change its membership now; "
                    + "check that a majority of trackers and the new one are up, then try again.");
        }
    }

    private static Collection<RaftPeer> currentPeers(RaftServer.Division division) {
        return division.getRaftConf().getCurrentPeers();
    }

    private void requireSecret(String given) {
        String secret = node.properties().secret();
        if (secret == null || secret.isBlank()) {
            throw DomainError.CLUSTER_SECRET_REQUIRED.because("This tracker has no cluster secret; start it with "
                    + "SWARMSHARE_CLUSTER_SECRET to change membership.");
        }
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            throw DomainError.CLUSTER_SECRET_REQUIRED.because("Membership changes need the cluster secret in the "
                    + SECRET_HEADER + " header.");
        }
    }
}
