package io.swarmshare.systemtest.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

/**
 * Issue 4's routing test on real processes: 3 trackers (one Raft cluster) behind a real gateway, a closed-loop load
 * generator, and one follower made slow for real: frozen (SIGSTOP) half of every 200 ms, so requests sent to it wait
 * up to 100 ms while it keeps passing its health checks. The least-in-flight balancer must send it fewer requests than
 * each of the others. Every answer names the tracker that gave it ({@code X-Swarmshare-Tracker}).
 */
class SlowTrackerRoutingIT {

    static final int CLIENTS = 8;
    static final Duration LOAD = Duration.ofSeconds(20);

    @Test
    void aTrackerThatIsSlowForRealGetsFewerRequests() throws Exception {
        try (FailoverTopology cluster = new FailoverTopology("SlowTrackerRoutingIT", 3, 1, 0, List.of())) {
            if (!cluster.replicated()) {
                throw new IllegalStateException("SlowTrackerRoutingIT needs the replicated tracker build");
            }
            String leader = cluster.awaitLeader(Duration.ofSeconds(60));
            FailoverTopology.Tracker slow = cluster.trackers().stream()
                    .filter(t -> !t.id().equals(leader)).findFirst().orElseThrow();
            URI uri = cluster.gatewayUri(1).resolve("/api/v1/tickets/public-key");

            Map<String, LongAdder> served = new ConcurrentHashMap<>();
            AtomicLong failed = new AtomicLong();
            long end = System.nanoTime() + LOAD.toNanos();
            Thread freezer = Thread.ofPlatform().name("freezer").start(() -> {
                // Never leave it frozen: the last action is always SIGCONT.
                try {
                    while (System.nanoTime() < end) {
                        slow.process().sigstop();
                        try {
                            Thread.sleep(100);
                        } finally {
                            slow.process().sigcont();
                        }
                        Thread.sleep(100);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(Thread.ofPlatform().name("client-" + c).start(() -> {
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
                    while (System.nanoTime() < end) {
                        try {
                            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                            String tracker = r.headers().firstValue("X-Swarmshare-Tracker").orElse("?");
                            if (r.statusCode() == 200) {
                                served.computeIfAbsent(tracker, k -> new LongAdder()).increment();
                            } else {
                                failed.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : clients) {
                t.join(LOAD.plusSeconds(30).toMillis());
            }
            freezer.join(5_000);

            long slowCount = served.getOrDefault(slow.id(), new LongAdder()).sum();
            List<Long> others = cluster.trackers().stream().filter(t -> t != slow)
                    .map(t -> served.getOrDefault(t.id(), new LongAdder()).sum()).toList();
            System.out.println("==== SlowTrackerRoutingIT: requests served in " + LOAD.toSeconds() + " s by " + CLIENTS
                    + " clients through the gateway: " + served + " (slow: " + slow.id() + ", frozen 100 ms of every "
                    + "200 ms), failed " + failed.get());

            assertThat(failed.get()).as("requests that failed").isZero();
            assertThat(others).allSatisfy(n -> assertThat(n).isPositive());
            assertThat(slowCount).as("requests the slowed tracker %s served, vs the others' %s", slow.id(), others)
                    .isLessThan(others.stream().mapToLong(Long::longValue).min().orElseThrow() * 3 / 4);
        }
    }
}
