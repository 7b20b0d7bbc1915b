package io.swarmshare.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.TestInfo;

/**
 * A whole Swarmshare on 127.0.0.1 for one test: one tracker (H2 file in a temp directory), one gateway in front of
 * it, and N agents, each with its own data directory and pointed at the gateway. Agents are numbered from 1.
 * {@link #close()} stops every process it started and deletes the temp directory; logs stay in
 * {@code target/it-logs/<test>/}.
 *
 * <pre>{@code
 * try (LocalSwarm swarm = LocalSwarm.builder(testInfo).agents(3).start()) {
 *     Cli alice = swarm.cli(1, "alice");
 *     ...
 * }
 * }</pre>
 */
public final class LocalSwarm implements AutoCloseable {

    private final Builder config;
    private final Path workDir;
    private final Path logDir;
    private final List<ServiceProcess> started = new ArrayList<>();
    private final List<ServiceProcess> agents = new ArrayList<>();
    private final List<Path> agentDirs = new ArrayList<>();
    private ServiceProcess tracker;
    private ServiceProcess gateway;
    private int trackerPort;
    private int gatewayPort;

    private LocalSwarm(Builder config) throws IOException {
        this.config = config;
        this.logDir = ItLogs.dirFor(config.testName);
        this.workDir = Files.createTempDirectory("swarmshare-it-");
    }

    public static Builder builder(String testName) {
        return new Builder(testName);
    }

    /** Names the logs {@code <TestClass>.<testMethod>}. */
    public static Builder builder(TestInfo test) {
        String name = test.getTestClass().map(Class::getSimpleName).orElse("test")
                + test.getTestMethod().map(m -> "." + m.getName()).orElse("");
        return new Builder(name);
    }

    public static final class Builder {
        private final String testName;
        private int agents;
        private Duration startTimeout = Duration.ofSeconds(120);
        private Duration agentStartTimeout = Duration.ofSeconds(60);
        private final List<String> trackerArgs = new ArrayList<>();
        private final List<String> gatewayArgs = new ArrayList<>();
        private final List<String> agentArgs = new ArrayList<>();

        private Builder(String testName) {
            this.testName = testName;
        }

        /** How many agents to start (0 = tracker and gateway only). */
        public Builder agents(int count) {
            this.agents = count;
            return this;
        }

        /** Extra {@code --key=value} arguments for the tracker. */
        public Builder trackerArgs(String... args) {
            trackerArgs.addAll(List.of(args));
            return this;
        }

        public Builder gatewayArgs(String... args) {
            gatewayArgs.addAll(List.of(args));
            return this;
        }

        /** Extra arguments for every agent (e.g. {@code --swarmshare.agent.piece-timeout=3s}). */
        public Builder agentArgs(String... args) {
            agentArgs.addAll(List.of(args));
            return this;
        }

        /** Bound on tracker and gateway becoming healthy (default 120 s: JVMs start slowly on 2 busy shared cores). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Bound on each agent writing its control.port (default 60 s). */
        public Builder agentStartTimeout(Duration timeout) {
            this.agentStartTimeout = timeout;
            return this;
        }

        /** Starts everything and waits until it is ready; on any failure stops what it started and rethrows. */
        public LocalSwarm start() {
            LocalSwarm swarm;
            try {
                swarm = new LocalSwarm(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the swarm's work directory", e);
            }
            try {
                swarm.startAll();
                return swarm;
            } catch (RuntimeException | Error e) {
                swarm.close();
                throw e;
            }
        }
    }

    private void startAll() {
        trackerPort = ServiceProcess.freePort();
        gatewayPort = ServiceProcess.freePort();
        List<String> trackerCommand = new ArrayList<>(List.of(
                "--server.port=" + trackerPort,
                "--swarmshare.tracker.data-dir=" + workDir.resolve("tracker")));
        trackerCommand.addAll(config.trackerArgs);
        tracker = track(ServiceProcess.start("tracker", ExecJars.tracker(), logDir, trackerCommand));

        List<String> gatewayCommand = new ArrayList<>(List.of(
                "--server.port=" + gatewayPort,
                "--swarmshare.gateway.trackers=" + trackerUri()));
        gatewayCommand.addAll(config.gatewayArgs);
        gateway = track(ServiceProcess.start("gateway", ExecJars.gateway(), logDir, gatewayCommand));

        tracker.waitUntilHealthy(trackerUri().resolve("/actuator/health"), config.startTimeout);
        gateway.waitUntilHealthy(gatewayUri().resolve("/actuator/health"), config.startTimeout);

        List<Integer> added = new ArrayList<>();
        for (int i = 0; i < config.agents; i++) {
            added.add(launchAgent());
        }
        for (int n : added) {
            awaitAgent(n);
        }
    }

    private ServiceProcess track(ServiceProcess process) {
        started.add(process);
        return process;
    }

    private int launchAgent() {
        int n = agents.size() + 1;
        Path dataDir = workDir.resolve("agent-" + n);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                "--swarmshare.agent.data-dir=" + dataDir,
                "--swarmshare.agent.gateways=" + gatewayUri()));
        command.addAll(config.agentArgs);
        agents.add(track(ServiceProcess.start("agent-" + n, ExecJars.agent(), logDir, command)));
        agentDirs.add(dataDir);
        return n;
    }

    private void awaitAgent(int n) {
        agent(n).waitForFile(agentDir(n).resolve("control.port"), config.agentStartTimeout);
    }

    /** Starts one more agent (number {@code agentCount() + 1}) and waits for its control.port. */
    public int addAgent() {
        int n = launchAgent();
        awaitAgent(n);
        return n;
    }

    /**
     * Restarts agent {@code n} with the same data directory and arguments and waits for its new control.port
     * (the old file is removed first so a stale one is not mistaken for readiness).
     */
    public ServiceProcess restartAgent(int n) {
        ServiceProcess agent = agent(n);
        agent.kill();
        try {
            Files.deleteIfExists(agentDir(n).resolve("control.port"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agent.restart();
        awaitAgent(n);
        return agent;
    }

    /** Restarts the tracker on the same port and H2 file and waits until it is healthy. */
    public ServiceProcess restartTracker() {
        tracker.restart();
        return tracker.waitUntilHealthy(trackerUri().resolve("/actuator/health"), config.startTimeout);
    }

    public ServiceProcess tracker() {
        return tracker;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    /** Agent {@code n}, counting from 1. */
    public ServiceProcess agent(int n) {
        return agents.get(index(n));
    }

    public int agentCount() {
        return agents.size();
    }

    public URI trackerUri() {
        return URI.create("http://127.0.0.1:" + trackerPort);
    }

    public URI gatewayUri() {
        return URI.create("http://127.0.0.1:" + gatewayPort);
    }

    /** The data directory of agent {@code n} (holds control.port and control.token). */
    public Path agentDir(int n) {
        return agentDirs.get(index(n));
    }

    public int controlPort(int n) {
        return Integer.parseInt(readTrimmed(agentDir(n).resolve("control.port")));
    }

    public String controlToken(int n) {
        return readTrimmed(agentDir(n).resolve("control.token"));
    }

    /** The CLI as {@code user} driving agent {@code n}; its {@code --home} is {@code <work>/cli-<user>}. */
    public Cli cli(int n, String user) {
        return new Cli(ExecJars.cli(), gatewayUri(), agentDir(n), workDir.resolve("cli-" + user), logDir, user);
    }

    /** A scratch directory for the test's own files (deleted by {@link #close()}). */
    public Path workDir() {
        return workDir;
    }

    public Path logDir() {
        return logDir;
    }

    private int index(int n) {
        if (n < 1 || n > agents.size()) {
            throw new IllegalArgumentException("no agent " + n + ": agents are numbered 1.." + agents.size());
        }
        return n - 1;
    }

    private static String readTrimmed(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Stops agents first, then gateway and tracker (each TERM, then KILL after 10 s); deletes the work dir. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(started);
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().filter(p -> agents.contains(p)).forEach(ServiceProcess::kill);
        reversed.forEach(ServiceProcess::kill);
        deleteQuietly(workDir);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
