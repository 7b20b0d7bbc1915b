package io.swarmshare.systemtest.cluster;

import static io.swarmshare.systemtest.cluster.TrackerApi.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.swarmshare.systemtest.cluster.TrackerApi.Reply;
import io.swarmshare.systemtest.support.LocalCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replicated trackers as real processes on 127.0.0.1, under real faults (SIGKILL, SIGSTOP). One 3-tracker cluster is
 * shared, in order, by the read-your-writes, minority, add-a-fourth and catch-up tests (the last one stops it for the
 * dumps); the leader-kill test has a cluster of its own. Every test prints its figures with a {@code [label]}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackerClusterIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** C1 only: trackers start in about half the CPU time; these tests measure correctness, not speed. */
    private static final List<String> JVM = jvm();

    private static List<String> jvm() {
        List<String> options = new ArrayList<>(io.swarmshare.systemtest.support.ServiceProcess.defaultJvmOptions());
        options.add("-XX:TieredStopAtLevel=1");
        return options;
    }

    private final TrackerApi api = new TrackerApi(WRITE_TIMEOUT);
    private final String run = "c" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private LocalCluster shared;

    /** Started by the first test that needs it (not before the leader-kill test: no idle JVMs during its load). */
    private LocalCluster shared() {
        if (shared == null) {
            // Small log segments: a snapshot purges only closed segments, and at the default 1 MB (about 10,000
            // commands each) the catch-up test's 10,000 writes might not close one, leaving plain log replay possible.
            shared = LocalCluster.builder("TrackerClusterIT.shared").trackers(3).jvmOptions(JVM)
                    .trackerArgs("--swarmshare.tracker.cluster.log-segment-size=128KB").start();
        }
        return shared;
    }

    @AfterAll
    void stopSharedCluster() {
        if (shared != null) {
            shared.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ leader kill

    @Test
    @Order(10)
    void killLeaderDuringWritesLosesNothing(TestInfo test) throws Exception {
        String prefix = run + "kl";
        try (LocalCluster cluster = LocalCluster.builder(test).trackers(3).jvmOptions(JVM).start()) {
            assumeReplicated(cluster);
            Workload workload = new Workload(prefix, cluster::uris, 8, 1200, Duration.ofMinutes(4),
                    Workload.Mix.FULL, WRITE_TIMEOUT).start();
            Waits.until("400 writes acknowledged", Duration.ofMinutes(3), () -> workload.writesAcked() >= 400);
            String leader = cluster.leader();
            long killedAt = workload.history().now();
            cluster.kill(leader);
            Duration gap = Waits.until("a write acknowledged after the kill", Duration.ofMinutes(1),
                    () -> workload.lastAckNanos() > killedAt);
            String newLeader = cluster.leader();
            int ackedAtRestart = workload.writesAcked();
            cluster.restart(leader);
            History history = workload.await(Duration.ofMinutes(4));
            assertThat(workload.writesAcked()).as("writes acknowledged after the restart").isGreaterThan(ackedAtRestart);

            long target = cluster.appliedIndex(cluster.leader());
            Duration catchUp = cluster.awaitApplied(leader, target, Duration.ofMinutes(2));
            System.out.printf(Locale.ROOT, "[kill-leader] killed leader %s; new leader %s; first ack after kill %d ms;"
                            + " restarted %s caught up to index %d in %d ms%n", leader, newLeader, gap.toMillis(), leader,
                    target, catchUp.toMillis());
            System.out.printf("[kill-leader] rounds run %d, writes issued %d, acknowledged %d%n", workload.rounds(),
                    workload.writesIssued(), workload.writesAcked());

            HistoryChecker.Result result = ClusterVerdict.checkAndCompare(cluster, prefix, history, "kill-leader");
            long lost = cluster.ids().stream().mapToLong(id -> result.stats().getOrDefault(id + " lost", 0)).sum();
            System.out.printf("[kill-leader] writes lost: %d%n", lost);
            assertThat(workload.writesIssued()).isGreaterThanOrEqualTo(1000);
            assertThat(lost).isZero();
        }
    }

    // ------------------------------------------------------------------------------------------------ shared cluster

    @Test
    @Order(20)
    void writeThroughOneReadThroughAnother() {
        assumeReplicated(shared());
        List<URI> uris = shared.uris();
        String user = run + "-ryw";
        assertThat(api.post(uris.get(0), "/users", null, credentials(user)).status()).isEqualTo(201);
        Reply login = api.post(uris.get(1), "/sessions", null, credentials(user));
        assertThat(login.status()).as(login.body()).isEqualTo(201);
        String token = JSON.readTree(login.body()).path("token").asString();
        int checks = 0;
        int noQuorum = 0;
        for (int i = 0; i < 80 && checks < 60; i++) {
            int n = uris.size();
            URI writer = uris.get(i % n);
            URI reader = uris.get((i + 1 + (i / n) % (n - 1)) % n); // every other tracker in turn, never the writer
            String group = run + "-ryw-g" + i;
            Reply created = api.post(writer, "/groups", token, "{\"name\":" + q(group) + "}");
            if (created.status() == 503) {
                noQuorum++; // not committed within the write timeout on this overloaded machine: outcome unknown, next
                continue;
            }
            assertThat(created.status()).as("create %s on %s: %s", group, writer, created.body()).isEqualTo(201);
            Reply read = api.get(reader, "/groups/mine", token);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.stale()).as("read marked stale on a healthy cluster").isFalse();
            List<String> names = new ArrayList<>();
            JSON.readTree(read.body()).forEach(node -> names.add(node.path("name").asString()));
            assertThat(names).as("group written through %s, read at once through %s", writer, reader).contains(group);
            checks++;
        }
        HeaderCheck.appliedIndexOnEveryResponse(api, uris, token);
        System.out.printf("[read-your-writes] %d writes each read at once through another tracker: all seen"
                + " (%d writes answered 503 not committed in time, skipped)%n", checks, noQuorum);
        assertThat(checks).as("acknowledged writes checked").isGreaterThanOrEqualTo(50);
    }

    @Test
    @Order(25)
    void sessionsFollowTheClientAcrossTrackers() {
        // Writes skip the read confirmation; what they look up first (the account, the session) must still be seen
        // at once through another tracker, and an ended session must not write through a tracker that lags.
        assumeReplicated(shared());
        List<URI> uris = shared.uris();
        int n = uris.size();
        int rounds = 0;
        int noQuorum = 0;
        for (int i = 0; i < 30 && rounds < 20; i++) {
            URI a = uris.get(i % n);
            URI b = uris.get((i + 1) % n);
            URI c = uris.get((i + 2) % n);
            String user = run + "-sess" + i;
            Reply signUp = api.post(a, "/users", null, credentials(user));
            Reply login = signUp.status() == 201 ? api.post(b, "/sessions", null, credentials(user)) : signUp;
            if (signUp.status() == 503 || login.status() == 503) {
                noQuorum++;
                continue;
            }
            assertThat(signUp.status()).as(signUp.body()).isEqualTo(201);
            assertThat(login.status()).as("login through %s right after sign-up through %s: %s", b, a, login.body())
                    .isEqualTo(201);
            String token = JSON.readTree(login.body()).path("token").asString();
            Reply write = api.post(c, "/groups", token, "{\"name\":" + q(user + "-g") + "}");
            if (write.status() == 503) {
                noQuorum++;
                continue;
            }
            assertThat(write.status()).as("write through %s right after login through %s: %s", c, b, write.body())
                    .isEqualTo(201);
            // b now knows the session (and keeps it in its session cache) before it is ended elsewhere
            Reply readBefore = api.get(b, "/groups", token);
            assertThat(readBefore.status()).as("read through %s: %s", b, readBefore.body()).isEqualTo(200);
            Reply logout = api.delete(a, "/sessions/current", token);
            if (logout.status() == 503) {
                noQuorum++;
                continue;
            }
            assertThat(logout.status()).as(logout.body()).isEqualTo(204);
            Reply after = api.post(b, "/groups", token, "{\"name\":" + q(user + "-after") + "}");
            assertThat(after.status()).as("write through %s with a session ended through %s: %s", b, a, after.body())
                    .isEqualTo(401);
            Reply readAfter = api.get(b, "/groups", token);
            assertThat(readAfter.status()).as("read through %s with a session ended through %s: %s", b, a, readAfter.body())
                    .isEqualTo(401);
            rounds++;
        }
        System.out.printf("[sessions] %d rounds of sign-up, login, write and logout each through a different tracker: "
                + "all as expected (%d answered 503, skipped)%n", rounds, noQuorum);
        assertThat(rounds).isGreaterThanOrEqualTo(10);
    }

    @Test
    @Order(25)
    void everyTrackerShowsEveryTrackersOwnFigures() throws Exception {
        assumeReplicated(shared());
        String leader = shared.leader(Duration.ofMinutes(1));
        // Each tracker asks the others every second; give the first answers a bounded while to arrive.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, String> problems = new TreeMap<>();
        do {
            problems.clear();
            for (String viewer : shared.ids()) {
                JsonNode view = shared.view(viewer).orElse(null);
                if (view == null) {
                    problems.put(viewer, "no answer");
                    continue;
                }
                Set<String> listed = new TreeSet<>();
                for (JsonNode m : view.path("members")) {
                    String id = m.path("id").asString("");
                    listed.add(id);
                    boolean complete = m.path("term").isNumber() && m.path("commitIndex").isNumber()
                            && m.path("appliedIndex").isNumber() && m.path("lag").isNumber()
                            && m.path("reachable").asBoolean(false)
                            && m.path("role").asString("").equals(id.equals(leader) ? "LEADER" : "FOLLOWER");
                    if (!complete) {
                        problems.put(viewer + " on " + id, m.toString());
                    }
                }
                if (!listed.equals(new TreeSet<>(shared.ids()))) {
                    problems.put(viewer, "lists " + listed);
                }
            }
            if (!problems.isEmpty()) {
                Thread.sleep(250);
            }
        } while (!problems.isEmpty() && System.nanoTime() < deadline);
        assertThat(problems).as("members without their own role, term, commit, applied index, lag").isEmpty();
        System.out.printf("[cluster view] every tracker shows every tracker's role, term, commit and applied index:"
                + " %s%n",
                shared.view(shared.ids().getFirst()).map(v -> v.path("members").toString()).orElse(""));
    }

    @Test
    @Order(30)
    void minorityAcceptsNoWrites() throws Exception {
        assumeReplicated(shared());
        String user = run + "-min";
        URI any = shared.uris().get(0);
        assertThat(api.post(any, "/users", null, credentials(user)).status()).isEqualTo(201);
        String token = JSON.readTree(api.post(any, "/sessions", null, credentials(user)).body()).path("token").asString();

        String minority = shared.leader(); // the hardest case: the old leader itself is cut off
        List<String> others = shared.ids().stream().filter(id -> !id.equals(minority)).toList();
        URI cutOff = shared.uri(minority);
        others.forEach(shared::stop);
        try {
            TrackerApi patient = new TrackerApi(Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            Reply write = patient.post(cutOff, "/groups", token, "{\"name\":" + q(run + "-min-g") + "}");
            long writeMs = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            Reply signUp = patient.post(cutOff, "/users", null, credentials(run + "-min-u"));
            long signUpMs = (System.nanoTime() - t0) / 1_000_000;
            Reply read = patient.get(cutOff, "/groups/mine", token);
            System.out.printf("[minority] %s alone: write -> %d in %d ms (%s); sign-up -> %d in %d ms; read -> %d stale=%s%n",
                    minority, write.status(), writeMs, type(write), signUp.status(), signUpMs, read.status(), read.stale());
            assertThat(write.status()).as(write.body()).isEqualTo(503);
            assertThat(type(write)).isEqualTo("https://swarmshare.io/problems/no-quorum");
            assertThat(writeMs).as("fails fast").isLessThan(10_000);
            assertThat(signUp.status()).isEqualTo(503);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.stale()).as("read answered by a minority is marked possibly stale").isTrue();
            // The frozen trackers stop answering its questions: shown as unreachable once their last answer is 3 s old.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            List<String> seenReachable;
            do {
                seenReachable = new ArrayList<>();
                for (JsonNode m : shared.view(minority).orElseThrow().path("members")) {
                    if (!m.path("id").asString("").equals(minority) && m.path("reachable").asBoolean(true)) {
                        seenReachable.add(m.toString());
                    }
                }
            } while (!seenReachable.isEmpty() && System.nanoTime() < deadline && sleep(250));
            assertThat(seenReachable).as("frozen trackers %s still shown reachable by %s", others, minority).isEmpty();
        } finally {
            others.forEach(shared::cont);
        }
        String leader = shared.leader(Duration.ofMinutes(2));
        // A 503 no-quorum is an unknown outcome, not a rollback: if the cut-off tracker was the leader, the entry is in
        // its log and commits once the others come back (the others were frozen, not partitioned). Only report it.
        Reply mine = api.get(shared.uri(leader), "/groups/mine", token);
        assertThat(mine.status()).isEqualTo(200);
        System.out.printf("[minority] after healing: the 503'd group %s, the 503'd sign-up %s%n",
                mine.body().contains(run + "-min-g\"") ? "was committed later" : "never applied",
                api.post(shared.uri(leader), "/sessions", null, credentials(run + "-min-u")).status() == 201
                        ? "was committed later" : "never applied");
        Reply after = api.post(cutOff, "/groups", token, "{\"name\":" + q(run + "-min-g2") + "}");
        assertThat(after.status()).as("healed cluster accepts writes through %s: %s", minority, after.body()).isEqualTo(201);
    }

    @Test
    @Order(40)
    void addFourthTrackerThenRetireAnother() throws Exception {
        assumeReplicated(shared());
        String user = run + "-add";
        URI first = shared.uris().get(0);
        assertThat(api.post(first, "/users", null, credentials(user)).status()).isEqualTo(201);
        String token = JSON.readTree(api.post(first, "/sessions", null, credentials(user)).body()).path("token").asString();
        for (int i = 0; i < 20; i++) {
            assertThat(api.post(first, "/groups", token, "{\"name\":" + q(run + "-add-g" + i) + "}").status()).isEqualTo(201);
        }
        assertThat(shared.postMember(shared.leader(), null, "{\"id\":\"t9\",\"host\":\"127.0.0.1\",\"raftPort\":1,\"httpPort\":2}"))
                .as("membership change without the cluster secret").isIn(401, 403);
        assertThat(shared.postMember(shared.leader(), "wrong", "{\"id\":\"t9\",\"host\":\"127.0.0.1\",\"raftPort\":1,\"httpPort\":2}"))
                .as("membership change with a wrong secret").isIn(401, 403);

        long t0 = System.nanoTime();
        String added = shared.addTracker(Duration.ofMinutes(2));
        String leader = shared.leader();
        Waits.until("the leader lists " + added, Duration.ofMinutes(1), () -> shared.view(leader)
                .map(v -> v.path("members").size() == 4 && v.toString().contains("\"" + added + "\"")).orElse(false));
        long target = shared.appliedIndex(leader);
        shared.awaitApplied(added, target, Duration.ofMinutes(2));
        long addMs = (System.nanoTime() - t0) / 1_000_000;

        URI fourth = shared.uri(added);
        Reply mine = api.get(fourth, "/groups/mine", token);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(JSON.readTree(mine.body()).size()).as("groups seen through the new tracker").isEqualTo(20);
        String group = run + "-add-via4";
        assertThat(api.post(fourth, "/groups", token, "{\"name\":" + q(group) + "}").status()).isEqualTo(201);
        assertThat(api.get(first, "/groups/mine", token).body()).contains(group);
        System.out.printf("[add-tracker] %s added (started, joined, caught up to index %d) in %d ms; members %s%n",
                added, target, addMs, shared.view(leader).map(JsonNode::toString).orElse("?"));

        // Replacing: one of the original followers leaves (Raft configuration change) and is stopped.
        String retired = shared.ids().stream().filter(id -> !id.equals(leader) && !id.equals(added)).findFirst().orElseThrow();
        t0 = System.nanoTime();
        shared.removeTracker(retired, Duration.ofMinutes(1));
        Waits.until("the leader no longer lists " + retired, Duration.ofMinutes(1), () -> shared.view(shared.leader())
                .map(v -> v.path("members").size() == 3 && !v.path("members").toString().contains("\"" + retired + "\""))
                .orElse(false));
        long removeMs = (System.nanoTime() - t0) / 1_000_000;
        String afterRemoval = run + "-after-remove";
        assertThat(api.post(fourth, "/groups", token, "{\"name\":" + q(afterRemoval) + "}").status()).isEqualTo(201);
        for (URI uri : shared.uris()) {
            assertThat(api.get(uri, "/groups/mine", token).body()).as("through %s", uri).contains(afterRemoval);
        }
        System.out.printf("[replace-tracker] %s removed in %d ms; the 3 left (%s) take writes and read them%n",
                retired, removeMs, String.join(",", shared.ids()));
    }

    /**
     * A tracker killed before 10,000 writes cannot catch up from the log: by the time it restarts, every running
     * tracker has taken snapshots and purged its log past everything the down tracker has (asserted through
     * {@code /api/v1/cluster} {@code snapshot.logStartIndex}). It must install the leader's snapshot (its own
     * {@code snapshot.installs} counts it, its log says so), then apply the rest of the log, and end with the same
     * database as the others.
     */
    @Test
    @Order(50)
    void downTrackerCatchesUpThroughSnapshot() throws Exception {
        assumeReplicated(shared());
        String prefix = run + "dn";
        String leader = shared.leader();
        String down = shared.ids().stream().filter(id -> !id.equals(leader)).reduce((a, b) -> b).orElseThrow();
        shared.kill(down);
        // The cluster is idle here (no client load), so the leader's last log index is its commit index: the killed
        // tracker's log cannot reach past it.
        long downHadAtMost = selfView(leader).path("commitIndex").asLong(-1);
        assertThat(downHadAtMost).as("the leader's commit index when %s was killed", down).isGreaterThanOrEqualTo(0);
        List<String> upIds = shared.ids().stream().filter(id -> !id.equals(down)).toList();
        List<URI> up = upIds.stream().map(shared::uri).toList();
        long t0 = System.nanoTime();
        // 10,000 writes take 1-5 minutes depending on how busy the machine is; bounded well inside the method limit.
        Workload workload = new Workload(prefix, () -> up, 16, 10_000, Duration.ofMinutes(8),
                Workload.Mix.GROUPS, WRITE_TIMEOUT).start();
        History history = workload.await(Duration.ofMinutes(9));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "[catch-up] %s down during %d writes (%d acknowledged) in %.1f s: %.0f writes/s%n",
                down, workload.writesIssued(), workload.writesAcked(), seconds, workload.writesAcked() / seconds);
        assertThat(workload.writesAcked()).isGreaterThanOrEqualTo(10_000 - 100);

        // Plain log replay is impossible: every running tracker (any of them may lead when the down one returns)
        // has purged its log past the entry after the last one the down tracker can have.
        String leaderNow = shared.leader();
        long target = shared.appliedIndex(leaderNow);
        Waits.until("every running tracker purged its log past index " + (downHadAtMost + 1), Duration.ofMinutes(2),
                () -> upIds.stream().allMatch(id -> snapshotView(id).path("logStartIndex").asLong(-1) > downHadAtMost + 1));
        long purgedBelow = upIds.stream().mapToLong(id -> snapshotView(id).path("logStartIndex").asLong()).min().orElseThrow();
        long leaderSnapshot = snapshotView(leaderNow).path("latestIndex").asLong(-1);
        System.out.printf("[catch-up] %s had at most index %d; leader %s at %d, its latest snapshot at %d; the running"
                + " trackers' logs start at %s%n", down, downHadAtMost, leaderNow, target, leaderSnapshot,
                upIds.stream().map(id -> id + ":" + snapshotView(id).path("logStartIndex").asLong()).toList());

        long logBefore = Files.size(shared.member(down).process().log());
        t0 = System.nanoTime();
        shared.restart(down);
        long restartMs = (System.nanoTime() - t0) / 1_000_000;
        Duration catchUp = shared.awaitApplied(down, target, Duration.ofMinutes(4));
        JsonNode installed = snapshotView(down);
        String log = Files.readString(shared.member(down).process().log(), StandardCharsets.UTF_8).substring((int) logBefore);
        List<String> installLines = log.lines().filter(l -> l.contains("snapshot install #")
                || l.contains("successfully install the entire snapshot")).toList();
        System.out.printf("[catch-up] %s restarted in %d ms, then reached index %d in %d ms; snapshot installs %d,"
                        + " last installed snapshot index %d%n", down, restartMs, target, catchUp.toMillis(),
                installed.path("installs").asLong(-1), installed.path("lastInstalledIndex").asLong(-1));
        installLines.forEach(l -> System.out.println("[catch-up]   " + l));
        assertThat(log).as("the restarted tracker's log").doesNotContain("caught a Throwable");
        assertThat(installed.path("installs").asLong(-1)).as("snapshots %s installed from the leader", down)
                .isGreaterThanOrEqualTo(1);
        assertThat(installed.path("lastInstalledIndex").asLong(-1)).as("index of the snapshot %s installed", down)
                .isGreaterThanOrEqualTo(purgedBelow - 1);
        assertThat(installLines).as("the install in %s's log", down).anyMatch(l -> l.contains("snapshot install #"));
        for (String id : shared.ids()) {
            // Each snapshot is a full copy of the database: old ones must go (the retention keeps 2, a third may be
            // in the making), or the disk fills in O(writes^2).
            List<String> snapshots = snapshotFiles(id);
            System.out.printf("[catch-up] %s keeps %s%n", id, snapshots);
            assertThat(snapshots).as("snapshot files kept by %s", id).hasSizeLessThanOrEqualTo(3);
        }

        ClusterVerdict.checkAndCompare(shared, prefix, history, "catch-up");
    }

    /** Tracker {@code id}'s {@code /api/v1/cluster} member entry for itself (empty if it does not answer). */
    private JsonNode selfView(String id) {
        return shared.view(id).map(v -> {
            for (JsonNode m : v.path("members")) {
                if (id.equals(m.path("id").asString(""))) {
                    return m;
                }
            }
            return (JsonNode) JSON.createObjectNode();
        }).orElseGet(JSON::createObjectNode);
    }

    /** The snapshot files ({@code snapshot.<term>_<index>}) under tracker {@code id}'s data directory. */
    private List<String> snapshotFiles(String id) throws IOException {
        try (Stream<Path> files = Files.walk(shared.member(id).dataDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("snapshot\\.\\d+_\\d+")).sorted().toList();
        }
    }

    /** Tracker {@code id}'s own snapshot and log figures from {@code /api/v1/cluster} (empty if it does not answer). */
    private JsonNode snapshotView(String id) {
        return shared.view(id).map(v -> v.path("snapshot")).orElseGet(JSON::createObjectNode);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Sleeps; true, so it can end a loop's condition. */
    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return true;
    }

    private static void assumeReplicated(LocalCluster cluster) {
        assumeTrue(cluster.replicated(), "the tracker does not serve /api/v1/cluster: built without replication");
    }

    private static String credentials(String user) {
        return "{\"username\":" + q(user) + ",\"password\":" + q("pw-" + user) + "}";
    }

    private static String type(Reply reply) {
        try {
            return JSON.readTree(reply.body()).path("type").asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Every tracker answers every response with the applied index the next tracker can wait for. */
    static final class HeaderCheck {
        static void appliedIndexOnEveryResponse(TrackerApi api, List<URI> uris, String token) {
            for (URI uri : uris) {
                var r = sendRaw(uri.resolve("/api/v1/groups/mine"), token);
                assertThat(r.headers().firstValue("X-Swarmshare-Applied-Index")).as("header on " + uri).isPresent();
                var missing = sendRaw(uri.resolve("/api/v1/groups/no-such-group/files"), token);
                assertThat(missing.headers().firstValue("X-Swarmshare-Applied-Index")).as("header on an error from " + uri).isPresent();
            }
        }

        private static java.net.http.HttpResponse<String> sendRaw(URI uri, String token) {
            try {
                return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError("GET " + uri, e);
            }
        }
    }
}
