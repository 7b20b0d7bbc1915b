package io.swarmshare.systemtest.cluster;

import static io.swarmshare.systemtest.cluster.TrackerApi.q;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.swarmshare.systemtest.support.LocalCluster;
import tools.jackson.databind.json.JsonMapper;

/**
 * Figures for bench/cluster/run.sh (not a test): write throughput and latency of 1 and 3 tracker processes under
 * {@code threads} closed-loop clients (each its own user, each write a {@code POST /groups}, one Raft command),
 * and failover time from SIGKILL of the leader to the next acknowledged write (a write started after the kill).
 * Same shape as the etcd anchor in ../shared/bench/control.sh (16 threads, closed loop, client timeout, move to the
 * next endpoint on error), so the two rates can be compared.
 *
 * <pre>java -cp ... io.swarmshare.systemtest.cluster.ClusterBench [seconds=20] [threads=16] [failoverReps=3]</pre>
 * Prints one {@code FIGURE key=value ...} line per figure.
 */
public final class ClusterBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Rec(long startMs, long endMs, boolean ok, long latNs) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int failoverReps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String only = System.getProperty("bench.only", "all");
        int warmSecs = Integer.getInteger("bench.warm-secs", 180);
        if (!only.equals("three")) {
            try (LocalCluster one = LocalCluster.builder("ClusterBench.one").trackers(1).start()) {
                coldThenWarm("1 tracker", one, threads, seconds, warmSecs);
            }
        }
        if (!only.equals("one")) {
            try (LocalCluster three = LocalCluster.builder("ClusterBench.three").trackers(3).start()) {
                if (!three.replicated()) {
                    System.out.println("NOTE trackers built without replication: 3 independent trackers, not a cluster");
                }
                coldThenWarm("3 trackers", three, threads, seconds, warmSecs);
                long[] gaps = new long[failoverReps];
                for (int r = 0; r < failoverReps; r++) {
                    gaps[r] = failover(three, threads, r);
                }
                long[] sorted = gaps.clone();
                Arrays.sort(sorted);
                if (sorted.length > 0) {
                    System.out.printf(Locale.ROOT, "FIGURE name=failover trackers=3 threads=%d kill_to_next_ack_ms_median=%d"
                            + " all_ms=%s%n", threads, sorted[sorted.length / 2], Arrays.toString(gaps).replace(" ", ""));
                }
            }
        }
    }

    /**
     * The same closed loop twice: first right after start-up ({@code writes_cold}: JVMs still compiling, which on
     * 2 shared cores takes minutes of load for three trackers), then after {@code warmSecs} more of unmeasured load
     * ({@code writes}: the steady state a tracker that has run for a while is in).
     */
    static void coldThenWarm(String label, LocalCluster cluster, int threads, int seconds, int warmSecs)
            throws Exception {
        throughput("writes_cold", label, cluster, threads, seconds, 5);
        throughput("writes", label, cluster, threads, seconds, warmSecs);
    }

    /**
     * Closed loop for {@code seconds} after {@code warmup}; prints writes/s and latency of acknowledged writes, and
     * the trackers' CPU in that window by thread group (JIT compiler and GC included).
     */
    static void throughput(String figure, String label, LocalCluster cluster, int threads, int seconds, int warmup)
            throws Exception {
        List<URI> uris = cluster.uris();
        List<Long> pids = cluster.ids().stream().map(id -> cluster.member(id).process().pid()).toList();
        List<String> tokens = login(uris, threads, "b" + System.nanoTime() % 100000);
        TrackerApi api = new TrackerApi(Duration.ofSeconds(10));
        long t0 = System.nanoTime();
        long warmEnd = t0 + warmup * 1_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<List<Rec>> recs = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tid = t;
            List<Rec> mine = new ArrayList<>(1 << 16);
            recs.add(mine);
            ts.add(Thread.ofPlatform().start(() -> {
                URI uri = uris.get(tid % uris.size());
                long i = 0;
                while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    TrackerApi.Reply r = api.post(uri, "/groups", tokens.get(tid),
                            "{\"name\":" + q("bench-" + tid + "-" + s + "-" + i++) + "}");
                    long e = System.nanoTime();
                    if (!r.ok() && s >= warmEnd && errors.getAndIncrement() == 0) {
                        firstError.set(r.status() + " " + (r.error() != null ? r.error() : r.body()));
                    }
                    if (s >= warmEnd) {
                        mine.add(new Rec(0, 0, r.ok(), e - s));
                    }
                }
            }));
        }
        Thread.sleep(Math.max(0, (warmEnd - System.nanoTime()) / 1_000_000));
        ThreadCpu cpuBefore = ThreadCpu.of(pids);
        long measuredFrom = System.nanoTime();
        for (Thread t : ts) {
            t.join();
        }
        Map<String, Long> cpu = ThreadCpu.of(pids).millisSince(cpuBefore);
        double cpuSecs = (System.nanoTime() - measuredFrom) / 1e9;
        long[] lat = recs.stream().flatMap(List::stream).filter(Rec::ok).mapToLong(Rec::latNs).sorted().toArray();
        System.out.printf(Locale.ROOT, "FIGURE name=%s trackers=%s threads=%d secs=%d warmup_s=%d writes_per_s=%.0f"
                        + " p50_ms=%.2f p99_ms=%.2f max_ms=%.2f ok=%d errors=%d%n", figure, label.split(" ")[0], threads,
                seconds, warmup,
                lat.length / (double) seconds, pct(lat, 50), pct(lat, 99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
                lat.length, errors.get());
        printCpu(figure, label, cpu, cpuSecs, lat.length);
        if (firstError.get() != null) {
            System.out.println("NOTE first failed write of " + label + ": "
                    + firstError.get().substring(0, Math.min(300, firstError.get().length())).replace('\n', ' '));
        }
    }

    /** One line for the window's tracker CPU, then its largest thread groups. */
    static void printCpu(String figure, String label, Map<String, Long> cpu, double secs, int writes) {
        long total = cpu.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return; // no /proc here
        }
        double perWrite = writes > 0 ? total / (double) writes : 0;
        long jit = cpu.entrySet().stream().filter(e -> e.getKey().startsWith("JIT"))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf(Locale.ROOT,
                "FIGURE name=%s_cpu trackers=%s cpu_s_per_s=%.2f cpu_ms_per_write=%.2f jit_pct=%.1f%n", figure,
                label.split(" ")[0], total / 1000.0 / secs, perWrite, 100.0 * jit / total);
        cpu.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> System.out.printf(Locale.ROOT, "PROFILE figure=%s trackers=%s threads=\"%s\" pct=%.1f%n",
                        figure, label.split(" ")[0], e.getKey(), 100.0 * e.getValue() / total));
    }

    /**
     * {@code threads} writers (2 s client timeout, next endpoint on error) for 6 s, SIGKILL of the leader, 10 s
     * more; answers ms from the kill to the first acknowledged write started after it. Restarts the killed tracker.
     */
    static long failover(LocalCluster cluster, int threads, int rep) throws Exception {
        List<URI> uris = cluster.uris();
        List<String> tokens = login(uris, threads, "f" + rep + "x" + System.nanoTime() % 100000);
        // etcd's anchor uses 200 ms; our writes wait up to the 3 s write timeout for a commit, so a client that gives
        // up sooner abandons writes that would succeed. Default 2 s, -Dbench.failover-timeout-ms to change.
        TrackerApi api = new TrackerApi(Duration.ofMillis(Long.getLong("bench.failover-timeout-ms", 2000)));
        long cap = System.currentTimeMillis() + 60_000;
        AtomicLong killedAt = new AtomicLong(); // writers run until 10 s after the kill (finding the leader is slow under load)
        List<List<Rec>> recs = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tid = t;
            List<Rec> mine = new ArrayList<>();
            recs.add(mine);
            ts.add(Thread.ofPlatform().start(() -> {
                int ep = tid % uris.size();
                long i = 0;
                while (System.currentTimeMillis() < cap
                        && (killedAt.get() == 0 || System.currentTimeMillis() < killedAt.get() + 10_000)) {
                    long sMs = System.currentTimeMillis();
                    long s = System.nanoTime();
                    TrackerApi.Reply r = api.post(uris.get(ep), "/groups", tokens.get(tid),
                            "{\"name\":" + q("fo-" + rep + "-" + tid + "-" + i++) + "}");
                    if (!r.ok()) {
                        ep = (ep + 1) % uris.size();
                        sleep(10);
                    }
                    mine.add(new Rec(sMs, System.currentTimeMillis(), r.ok(), System.nanoTime() - s));
                }
            }));
        }
        sleep(6_000);
        String leader = cluster.leader();
        long kill = System.currentTimeMillis();
        killedAt.set(kill);
        cluster.kill(leader);
        for (Thread t : ts) {
            t.join();
        }
        long next = recs.stream().flatMap(List::stream).filter(r -> r.ok() && r.startMs() >= kill)
                .mapToLong(Rec::endMs).min().orElse(-1);
        long gap = next < 0 ? -1 : next - kill;
        long okAfter = recs.stream().flatMap(List::stream).filter(r -> r.ok() && r.startMs() >= kill).count();
        System.out.printf(Locale.ROOT, "FIGURE name=failover_rep rep=%d killed=%s kill_to_next_ack_ms=%d ok_after_kill=%d%n",
                rep, leader, gap, okAfter);
        cluster.restart(leader);
        String now = cluster.leader();
        cluster.awaitApplied(leader, cluster.appliedIndex(now), Duration.ofMinutes(2));
        return gap;
    }

    /** One user per thread (sign-up and login through tracker {@code t % n}). */
    static List<String> login(List<URI> uris, int threads, String prefix) {
        TrackerApi api = new TrackerApi(Duration.ofSeconds(30));
        List<String> tokens = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            URI uri = uris.get(t % uris.size());
            String user = prefix + "-u" + t;
            String creds = "{\"username\":" + q(user) + ",\"password\":" + q("pw-" + user) + "}";
            TrackerApi.Reply created = api.post(uri, "/users", null, creds);
            if (!created.ok()) {
                throw new IllegalStateException("sign-up failed: " + created);
            }
            TrackerApi.Reply session = api.post(uri, "/sessions", null, creds);
            if (!session.ok()) {
                throw new IllegalStateException("login failed: " + session);
            }
            tokens.add(JSON.readTree(session.body()).path("token").asString());
        }
        return tokens;
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
