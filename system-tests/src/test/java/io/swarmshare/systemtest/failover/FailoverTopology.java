package io.swarmshare.systemtest.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.swarmshare.systemtest.support.ExecJars;
import io.swarmshare.systemtest.support.ItLogs;
import io.swarmshare.systemtest.support.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The issue-4 topology as processes on 127.0.0.1: trackers t1..tN in one Raft cluster (they register with every
 * gateway: the gateways start with no static tracker list), G gateways sharing the cluster secret, and A agents
 * that know every gateway. If the tracker build has no cluster ({@code GET /api/v1/cluster} missing) only t1 runs
 * and {@link #replicated()} is false. Faults are real signals on the real processes.
 */
final class FailoverTopology implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Tracker(String id, int httpPort, int raftPort, Path dataDir, ServiceProcess process) {
        URI uri() {
            return URI.create("http://127.0.0.1:" + httpPort);
        }
    }

    private final Path workDir;
    private final Path logDir;
    private final String secret;
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();
    private final List<ServiceProcess> gateways = new ArrayList<>();
    private final List<Integer> gatewayPorts = new ArrayList<>();
    private final List<ServiceProcess> agents = new ArrayList<>();
    private final List<Path> agentDirs = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** JVMs on 2 shared, busy cores: a tracker has taken over 5 min to start here (-Dswarmshare.it.start-timeout=s). */
    private final Duration startTimeout = Duration.ofSeconds(Long.getLong("swarmshare.it.start-timeout", 900));
    private boolean replicated;

    FailoverTopology(String testName, int trackerCount, int gatewayCount, int agentCount, List<String> agentArgs)
            throws IOException {
        this.workDir = Files.createTempDirectory("swarmshare-failover-");
        this.logDir = ItLogs.dirFor(testName);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.secret = HexFormat.of().formatHex(random);
        try {
            for (int g = 0; g < gatewayCount; g++) {
                gatewayPorts.add(ServiceProcess.freePort());
            }
            startTrackers(trackerCount);
            for (int g = 0; g < gatewayCount; g++) {
                gateways.add(ServiceProcess.start("gateway-" + (g + 1), ExecJars.gateway(), logDir, List.of(
                        "--server.port=" + gatewayPorts.get(g),
                        "--swarmshare.gateway.trackers=",
                        "--swarmshare.gateway.secret=" + secret)));
            }
            awaitTrackers();
            for (int g = 0; g < gatewayCount; g++) {
                gateways.get(g).waitUntilHealthy(gatewayUri(g + 1).resolve("/actuator/health"), startTimeout);
                awaitRoutable(g + 1, trackers.size(), startTimeout);
            }
            for (int a = 1; a <= agentCount; a++) {
                Path dir = workDir.resolve("agent-" + a);
                Files.createDirectories(dir);
                agentDirs.add(dir);
                List<String> args = new ArrayList<>(List.of("--swarmshare.agent.data-dir=" + dir,
                        "--swarmshare.agent.gateways=" + gatewayList()));
                args.addAll(agentArgs);
                agents.add(ServiceProcess.start("agent-" + a, ExecJars.agent(), logDir, args));
            }
            for (int a = 1; a <= agentCount; a++) {
                agents.get(a - 1).waitForFile(agentDir(a).resolve("control.port"), startTimeout);
            }
        } catch (RuntimeException | Error | IOException e) {
            close();
            throw e;
        }
    }

    private void startTrackers(int count) {
        List<String[]> planned = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            planned.add(new String[] {"t" + i, String.valueOf(ServiceProcess.freePort()),
                    String.valueOf(ServiceProcess.freePort())});
        }
        String members = planned.stream().map(p -> p[0] + "=127.0.0.1:" + p[2] + ":" + p[1])
                .collect(Collectors.joining(","));
        for (String[] p : planned) {
            Path dataDir = workDir.resolve(p[0]);
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=" + p[1],
                    "--swarmshare.tracker.data-dir=" + dataDir,
                    "--swarmshare.tracker.gateways=" + gatewayList(),
                    "--swarmshare.tracker.registration.retry-interval=1s"));
            if (count > 1) {
                args.addAll(List.of("--swarmshare.tracker.cluster.self-id=" + p[0],
                        "--swarmshare.tracker.cluster.raft-port=" + p[2],
                        "--swarmshare.tracker.cluster.members=" + members,
                        "--swarmshare.tracker.cluster.secret=" + secret));
            }
            ServiceProcess process = ServiceProcess.start(p[0], ExecJars.tracker(), logDir, args);
            trackers.put(p[0], new Tracker(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2]), dataDir, process));
        }
    }

    private void awaitTrackers() {
        for (Tracker t : trackers.values()) {
            t.process().waitUntilHealthy(t.uri().resolve("/actuator/health"), startTimeout);
        }
        replicated = trackers.size() > 1 && cluster(trackers.get("t1")).isPresent();
        if (replicated) {
            awaitLeader(startTimeout);
        }
    }

    /** {@code GET /api/v1/cluster} of one tracker, if it has that endpoint. */
    Optional<JsonNode> cluster(Tracker t) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(t.uri().resolve("/api/v1/cluster"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The id of the Raft leader as a live tracker sees it, waiting up to {@code timeout} for one. */
    String awaitLeader(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (Tracker t : trackers.values()) {
                if (!t.process().isAlive()) {
                    continue;
                }
                Optional<String> leader = cluster(t).map(c -> c.path("leaderId").asString(""))
                        .filter(id -> !id.isEmpty() && trackers.containsKey(id) && trackers.get(id).process().isAlive());
                if (leader.isPresent()) {
                    return leader.get();
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("no Raft leader within " + timeout);
    }

    /** Waits until gateway {@code g} lists {@code count} trackers UP (they registered and passed a health check). */
    void awaitRoutable(int g, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(gatewayUri(g).resolve("/gateway/trackers"))
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                last = r.body();
                int up = 0;
                for (JsonNode t : JSON.readTree(r.body()).path("trackers")) {
                    if (t.path("health").asString("").equals("UP")) {
                        up++;
                    }
                }
                if (up >= count) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException("gateway-" + g + " did not see " + count + " trackers UP within " + timeout
                + ": " + last);
    }

    boolean replicated() {
        return replicated;
    }

    Tracker tracker(String id) {
        return trackers.get(id);
    }

    List<Tracker> trackers() {
        return List.copyOf(trackers.values());
    }

    /** Restarts a killed tracker with the same arguments and data; waits until it is healthy. */
    void restartTracker(String id) {
        Tracker t = trackers.get(id);
        t.process().restart();
        t.process().waitUntilHealthy(t.uri().resolve("/actuator/health"), startTimeout);
    }

    ServiceProcess gateway(int g) {
        return gateways.get(g - 1);
    }

    void restartGateway(int g) {
        gateway(g).restart();
        gateway(g).waitUntilHealthy(gatewayUri(g).resolve("/actuator/health"), startTimeout);
    }

    URI gatewayUri(int g) {
        return URI.create("http://127.0.0.1:" + gatewayPorts.get(g - 1));
    }

    /** Every gateway, comma-separated, in order: what agents and the CLI are given. */
    String gatewayList() {
        return gatewayPorts.stream().map(p -> "http://127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    Path agentDir(int a) {
        return agentDirs.get(a - 1);
    }

    Path workDir() {
        return workDir;
    }

    Path logDir() {
        return logDir;
    }

    String secret() {
        return secret;
    }

    /**
     * Runs the real CLI as {@code user} on agent {@code a} with every gateway; returns exit code, output and how
     * long it took.
     */
    CliRun cli(String user, int a, String... args) {
        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaCommand(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", ExecJars.cli().toString(), "--gateway", gatewayList(),
                "--agent-dir", agentDir(a).toString(), "--home", workDir.resolve("cli-" + user).toString()));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        try {
            Path out = Files.createTempFile(workDir, "cli-", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("CLI hung: " + String.join(" ", args));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.writeString(logDir.resolve("cli.log"), "$ " + user + "@agent-" + a + " " + String.join(" ", args)
                    + "\n" + output + "[exit " + p.exitValue() + "]\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return new CliRun(String.join(" ", args), p.exitValue(), output,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record CliRun(String command, int exitCode, String output, Duration took) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    @Override
    public void close() {
        agents.parallelStream().forEach(ServiceProcess::kill);
        gateways.parallelStream().forEach(ServiceProcess::kill);
        trackers.values().parallelStream().forEach(t -> t.process().kill());
        try (var paths = Files.walk(workDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
