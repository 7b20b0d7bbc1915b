package io.swarmshare.systemtest.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.swarmshare.systemtest.failover.FailoverTopology.CliRun;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4's fault test: 3 trackers (one Raft cluster), 2 gateways, 3 agents, the real CLI. The tracker a client is
 * using (the Raft leader: every write goes through it) and then a gateway are SIGKILLed, first between CLI
 * commands, then while a download runs. Every command must succeed, the download must complete and verify, and
 * the longest pause a user saw is printed (a probe asking every 50 ms the way the CLI does, and the CLI's own
 * command times). Without a replicated tracker build only t1 runs and the tracker kills are skipped (said so).
 */
class GatewayFailoverIT {

    static final int FILE_MIB = 24;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final List<String> report = new ArrayList<>();

    @Test
    void killTrackerThenGatewayBetweenCommandsAndDuringADownload() throws Exception {
        // Seeders are rate-limited so the download runs long enough to kill things under it.
        try (FailoverTopology swarm = new FailoverTopology("GatewayFailoverIT", 3, 2, 3,
                List.of("--swarmshare.agent.upload-rate-limit=1MB", "--swarmshare.agent.heartbeat-interval=2s"));
             PauseProbe probe = new PauseProbe(List.of(swarm.gatewayUri(1), swarm.gatewayUri(2)),
                     "/api/v1/tickets/public-key", Duration.ofMillis(50))) {
            boolean cluster = swarm.replicated();
            report.add("trackers: " + (cluster ? "3 (Raft cluster)" : "1 (no replicated tracker build: tracker kills skipped)"));

            ok(swarm.cli("alice", 1, "create_user", "alice", "alice-password"));
            ok(swarm.cli("bob", 2, "create_user", "bob", "bob-password"));
            ok(swarm.cli("carol", 3, "create_user", "carol", "carol-password"));
            ok(swarm.cli("alice", 1, "login", "alice", "alice-password"));
            ok(swarm.cli("bob", 2, "login", "bob", "bob-password"));
            ok(swarm.cli("carol", 3, "login", "carol", "carol-password"));
            ok(swarm.cli("alice", 1, "create_group", "films"));
            ok(swarm.cli("bob", 2, "join_group", "films"));
            ok(swarm.cli("carol", 3, "join_group", "films"));
            ok(swarm.cli("alice", 1, "accept_request", "films", "bob"));
            ok(swarm.cli("alice", 1, "accept_request", "films", "carol"));
            Duration baseline = ok(swarm.cli("carol", 3, "list_files", "films")).took();
            report.add("CLI command baseline (list_files): " + baseline.toMillis() + " ms");

            // ---- between commands: the leader, then gateway 1 ----
            if (cluster) {
                String leader = swarm.awaitLeader(Duration.ofSeconds(30));
                probe.reset();
                swarm.tracker(leader).process().sigkill();
                Duration longest = runCommands(swarm, "g-after-tracker-kill");
                report.add("SIGKILL tracker " + leader + " (leader) between commands: probe pause "
                        + probe.longestPause().toMillis() + " ms, slowest CLI command " + longest.toMillis() + " ms");
                swarm.restartTracker(leader);
            }
            probe.reset();
            swarm.gateway(1).sigkill();
            Duration longest = runCommands(swarm, "g-after-gateway-kill");
            report.add("SIGKILL gateway-1 between commands: probe pause " + probe.longestPause().toMillis()
                    + " ms, slowest CLI command " + longest.toMillis() + " ms");
            swarm.restartGateway(1);
            swarm.awaitRoutable(1, swarm.trackers().size(), Duration.ofSeconds(120));

            // ---- during a download ----
            Path source = swarm.workDir().resolve("film.bin");
            byte[] bytes = new byte[FILE_MIB << 20];
            new Random(42).nextBytes(bytes);
            Files.write(source, bytes);
            ok(swarm.cli("alice", 1, "upload_file", source.toString(), "films"));
            ok(swarm.cli("bob", 2, "upload_file", source.toString(), "films"));
            Path dest = swarm.workDir().resolve("carol-downloads");
            CompletableFuture<CliRun> download = CompletableFuture.supplyAsync(
                    () -> swarm.cli("carol", 3, "download_file", "films", "film.bin", dest.toString()));
            DownloadWatcher watcher = new DownloadWatcher(swarm.agentDir(3));
            watcher.awaitBytes(1);
            probe.reset();
            if (cluster) {
                String leader = swarm.awaitLeader(Duration.ofSeconds(30));
                swarm.tracker(leader).process().sigkill();
                report.add("SIGKILL tracker " + leader + " (leader) during the download");
                FailoverTopology.sleep(3_000);
            }
            swarm.gateway(1).sigkill();
            report.add("SIGKILL gateway-1 during the download");
            CliRun result = download.get(10, TimeUnit.MINUTES);
            watcher.close();
            ok(result);
            report.add("download during kills: " + result.took().toMillis() + " ms for " + FILE_MIB
                    + " MiB, longest progress stall " + watcher.longestStall().toMillis() + " ms, probe pause "
                    + probe.longestPause().toMillis() + " ms");
            assertThat(sha256(dest.resolve("film.bin"))).isEqualTo(sha256(source));
            report.add("download verified: SHA-256 equal");
        } finally {
            System.out.println("==== GatewayFailoverIT: longest user-visible pauses");
            report.forEach(line -> System.out.println("  " + line));
        }
    }

    /** A few reads and writes right after a fault; each must succeed. Returns the slowest. */
    private Duration runCommands(FailoverTopology swarm, String group) {
        Duration slowest = Duration.ZERO;
        for (CliRun run : List.of(
                swarm.cli("carol", 3, "list_groups"),
                swarm.cli("alice", 1, "create_group", group),
                swarm.cli("bob", 2, "join_group", group),
                swarm.cli("alice", 1, "list_requests", group),
                swarm.cli("carol", 3, "list_files", "films"))) {
            ok(run);
            slowest = run.took().compareTo(slowest) > 0 ? run.took() : slowest;
        }
        return slowest;
    }

    private static CliRun ok(CliRun run) {
        assertThat(run.exitCode()).as("%s\n%s", run.command(), run.output()).isZero();
        return run;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Follows the agent's downloads through its control API and records the longest time bytesDone stood still. */
    final class DownloadWatcher implements AutoCloseable {
        private final URI base;
        private final String token;
        private final Thread thread;
        private volatile long bytes;
        private volatile long longestStall;
        private volatile boolean running = true;

        DownloadWatcher(Path agentDir) throws Exception {
            this.base = URI.create("http://127.0.0.1:" + Files.readString(agentDir.resolve("control.port")).trim());
            this.token = Files.readString(agentDir.resolve("control.token")).trim();
            this.thread = Thread.ofPlatform().daemon().name("download-watch").start(this::watch);
        }

        private void watch() {
            long lastChange = System.nanoTime();
            long last = -1;
            boolean done = false;
            while (running && !done) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/v1/downloads"))
                            .header("X-Swarmshare-Control", token).timeout(Duration.ofSeconds(2)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    long total = 0;
                    for (JsonNode d : FailoverTopology.JSON.readTree(r.body())) {
                        total += d.path("bytesDone").asLong(0);
                        done |= !d.path("state").asString("").equals("RUNNING") && d.path("bytesDone").asLong(0) > 0;
                    }
                    long now = System.nanoTime();
                    if (total != last) {
                        if (last > 0) {
                            longestStall = Math.max(longestStall, now - lastChange);
                        }
                        lastChange = now;
                        last = total;
                        bytes = total;
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the agent is busy: look again
                }
            }
        }

        void awaitBytes(long atLeast) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (bytes < atLeast && System.nanoTime() < deadline) {
                FailoverTopology.sleep(100);
            }
            assertThat(bytes).as("the download started").isGreaterThanOrEqualTo(atLeast);
        }

        Duration longestStall() {
            return Duration.ofNanos(longestStall);
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
