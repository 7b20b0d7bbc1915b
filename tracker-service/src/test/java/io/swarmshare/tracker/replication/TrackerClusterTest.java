package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.TrackerApplication;
import io.swarmshare.tracker.state.TrackerStateMachine;
import io.swarmshare.tracker.user.UserRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three trackers in one JVM (three Spring contexts, three H2 files, three Raft servers on loopback): writes
 * through any tracker reach all three with the same ids, a killed leader is replaced, a tracker that was down
 * catches up through a snapshot install, and a tracker left alone refuses writes with 503 but still reads.
 */
class TrackerClusterTest {

    private static final String SECRET = "test-cluster-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    private final Map<String, ConfigurableApplicationContext> running = new HashMap<>();
    private final Map<String, Integer> raftPorts = new HashMap<>();
    private String members;

    @AfterEach
    void stopAll() {
        running.values().forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void replicatesFailsOverCatchesUpAndRefusesWritesWithoutQuorum() throws Exception {
        List<String> ids = List.of("t1", "t2", "t3");
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            raftPorts.put(id, freePort());
            sb.append(sb.isEmpty() ? "" : ",").append(id).append("=127.0.0.1:").append(raftPorts.get(id)).append(":1");
        }
        members = sb.toString();
        // One after another: Spring Boot's logging set-up is not safe for contexts starting concurrently in one JVM
        // ("Unable to find Spring Environment in logger context"). A tracker without a quorum yet still starts.
        ids.forEach(this::start);
        String leader = awaitLeader();

        // Replication, from a follower, with identical ids everywhere; read-your-writes on another tracker.
        String follower = ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        String other = ids.stream().filter(id -> !id.equals(leader) && !id.equals(follower)).findFirst().orElseThrow();
        assertThat(post(follower, "/api/v1/users", "{\"username\":\"ann\",\"password\":\"correct horse\"}").statusCode()).isEqualTo(201);
        // The repository is read directly, behind the REST read barrier, so the other tracker may apply it a
        // moment later; the 409 below is what a client sees, and it is ordered after the create in the log.
        awaitTrue(() -> users(other).findByUsername("ann").isPresent());
        HttpResponse<String> again = post(other, "/api/v1/users", "{\"username\":\"ann\",\"password\":\"correct horse\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("X-Swarmshare-Applied-Index")).isPresent();
        awaitTrue(() -> ids.stream().allMatch(id -> users(id).findByUsername("ann").isPresent()));
        Long annId = users(leader).findByUsername("ann").orElseThrow().getId();
        ids.forEach(id -> assertThat(users(id).findByUsername("ann").orElseThrow().getId()).isEqualTo(annId));

        // The leader dies: the other two elect a new one and keep accepting writes.
        stop(leader);
        long killed = System.nanoTime();
        HttpResponse<String> afterFailover = null;
        for (int i = 0; i < 20 && (afterFailover == null || afterFailover.statusCode() != 201); i++) {
            afterFailover = post(follower, "/api/v1/users", "{\"username\":\"bob\",\"password\":\"correct horse\"}");
            if (afterFailover.statusCode() == 409) {
                break; // an earlier attempt timed out at the client but committed
            }
        }
        assertThat(afterFailover.statusCode()).isIn(201, 409);
        System.out.printf("failover: first write acknowledged %d ms after the leader stopped%n",
                (System.nanoTime() - killed) / 1_000_000);

        // Many writes while the old leader is down: snapshots are taken and the log is purged, so it catches up
        // through a snapshot install.
        for (int i = 0; i < 260; i++) {
            assertThat(post(i % 2 == 0 ? follower : other, "/api/v1/users",
                    "{\"username\":\"u" + i + "\",\"password\":\"correct horse\"}").statusCode()).isEqualTo(201);
        }
        start(leader);
        awaitTrue(() -> users(leader).count() == users(follower).count());
        assertThat(users(leader).findByUsername("u259")).isPresent();
        assertThat(users(leader).findByUsername("u259").orElseThrow().getId())
                .isEqualTo(users(other).findByUsername("u259").orElseThrow().getId());
        assertThat(Files.list(dir.resolve(leader).resolve("raft")).findAny()).isPresent();
        TrackerStateMachine restarted = running.get(leader).getBean(TrackerStateMachine.class);
        assertThat(restarted.snapshotInstalls()).as("snapshots installed from the leader by the restarted " + leader)
                .isGreaterThanOrEqualTo(1);
        assertThat(restarted.getLifeCycleState()).isEqualTo(org.apache.ratis.util.LifeCycle.State.RUNNING);

        // Alone, a tracker refuses writes fast with 503 no-quorum but still answers reads, marked stale.
        stop(follower);
        stop(other);
        long t0 = System.nanoTime();
        HttpResponse<String> refused = post(leader, "/api/v1/users", "{\"username\":\"cy\",\"password\":\"correct horse\"}");
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("https://swarmshare.io/problems/no-quorum").contains("no quorum");
        assertThat(tookMs).isLessThan(9_000);
        HttpResponse<String> read = get(leader, "/api/v1/tickets/public-key");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("X-Swarmshare-Stale")).hasValue("true");
        HttpResponse<String> cluster = get(leader, "/api/v1/cluster");
        assertThat(cluster.statusCode()).isEqualTo(200);
        assertThat(cluster.body()).contains("\"selfId\":\"" + leader + "\"");
    }

    private void start(String id) {
        Path data = dir.resolve(id);
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(TrackerApplication.class).run(
                "--server.port=0",
                "--swarmshare.tracker.data-dir=" + data,
                "--swarmshare.tracker.cluster.self-id=" + id,
                "--swarmshare.tracker.cluster.raft-port=" + raftPorts.get(id),
                "--swarmshare.tracker.cluster.members=" + members,
                "--swarmshare.tracker.cluster.secret=" + SECRET,
                "--swarmshare.tracker.cluster.snapshot-threshold=100",
                // Small segments, so a snapshot really purges the log the stopped tracker would need.
                "--swarmshare.tracker.cluster.log-segment-size=8KB",
                "--swarmshare.tracker.cluster.write-timeout=5s",
                // Three Spring contexts on two shared cores stall for seconds: avoid needless elections.
                "--swarmshare.tracker.cluster.election-timeout=2s",
                "--spring.jmx.enabled=false");
        synchronized (running) {
            running.put(id, ctx);
        }
    }

    private void stop(String id) {
        running.remove(id).close();
    }

    private String awaitLeader() {
        String[] leader = new String[1];
        awaitTrue(() -> {
            for (var e : running.entrySet()) {
                RaftNode node = e.getValue().getBean(RaftNode.class);
                if (node.division().getInfo().isLeader() && node.division().getInfo().isLeaderReady()) {
                    leader[0] = e.getKey();
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    private UserRepository users(String id) {
        return running.get(id).getBean(UserRepository.class);
    }

    private HttpResponse<String> post(String id, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(id, path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String id, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(id, path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String id, String path) {
        int port = ((WebServerApplicationContext) running.get(id)).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 180 s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A tracker being rebuilt from a snapshot may fail a direct repository read for a moment. */
    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
