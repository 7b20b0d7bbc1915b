package io.swarmshare.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One service (tracker, gateway or agent) running as {@code java -Xmx256m ... -jar <jar> <args>} with the current
 * JVM's java, its output appended to {@code <logDir>/<name>.log}. Every process started here is killed by a JVM
 * shutdown hook if nobody stopped it first, so nothing outlives the test run.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Every port {@link #freePort()} has handed out in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static final Set<ServiceProcess> RUNNING = ConcurrentHashMap.newKeySet();
    private static final Duration GRACE = Duration.ofSeconds(10);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ServiceProcess::destroyNow),
                "swarmshare-it-process-reaper"));
    }

    private final String name;
    private final Path jar;
    private final Path log;
    private final List<String> jvmOptions;
    private final List<String> args;
    private volatile Process process;
    private volatile boolean stopped;

    private ServiceProcess(String name, Path jar, Path log, List<String> jvmOptions, List<String> args) {
        this.name = name;
        this.jar = jar;
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.args = List.copyOf(args);
    }

    /** Starts {@code jar} with the default JVM options ({@link #defaultJvmOptions()}) and {@code args}. */
    public static ServiceProcess start(String name, Path jar, Path logDir, List<String> args) {
        return start(name, jar, logDir, defaultJvmOptions(), args);
    }

    public static ServiceProcess start(String name, Path jar, Path logDir, List<String> jvmOptions, List<String> args) {
        ServiceProcess service = new ServiceProcess(name, jar, logDir.resolve(name + ".log"), jvmOptions, args);
        service.launch();
        return service;
    }

    /**
     * {@code -Xmx256m}, serial GC (2 shared cores), on JDK 24+ the flags that keep Netty quiet, and any options given
     * in {@code -Dswarmshare.service-jvm-options} (space-separated; benchmarks compare JVM settings with it).
     */
    public static List<String> defaultJvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        if (Runtime.version().feature() >= 24) {
            options.add("--enable-native-access=ALL-UNNAMED");
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        String extra = System.getProperty("swarmshare.service-jvm-options", "").strip();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    /** The java launcher of the JVM running the tests. */
    public static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * A port that was free on 127.0.0.1 a moment ago (bound to 0, then released), and not handed out before by this
     * JVM: the kernel may give a released port to the next bind(0), and a cluster test once got the same port as one
     * tracker's HTTP port and another's Raft port (GatewayFailoverIT: "Port ... was already in use").
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on 127.0.0.1", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port on 127.0.0.1 that was not handed out already, after 100 tries");
    }

    private synchronized void launch() {
        stopped = false;
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + LocalDateTime.now() + " starting " + name + ": " + String.join(" ", command)
                    + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
        RUNNING.add(this);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public List<String> args() {
        return args;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls {@code health} until it answers 200, for at most {@code timeout}. Fails at once if the process exits,
     * and on timeout; both failures quote the end of the log.
     */
    public ServiceProcess waitUntilHealthy(URI health, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            requireAlive("while waiting for " + health);
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(health)
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " was not healthy at " + health + " within " + timeout
                + " (last: " + last + "); log " + log + ":\n" + logTail(40));
    }

    /** Waits until {@code file} exists and is not empty (e.g. an agent's control.port), at most {@code timeout}. */
    public Path waitForFile(Path file, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (Files.isRegularFile(file) && Files.size(file) > 0) {
                    return file;
                }
            } catch (IOException ignored) {
                // being replaced right now: look again
            }
            requireAlive("while waiting for " + file);
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException(name + " did not write " + file + " within " + timeout + "; log " + log
                + ":\n" + logTail(40));
    }

    private void requireAlive(String doing) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + " " + doing
                    + "; log " + log + ":\n" + logTail(40));
        }
    }

    /** Asks politely (SIGTERM), then SIGKILL after 10 s. Idempotent. */
    public void kill() {
        Process p = process;
        if (p.isAlive()) {
            if (stopped) {
                sigcont(); // a frozen JVM cannot act on SIGTERM
            }
            p.destroy();
            try {
                if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        RUNNING.remove(this);
    }

    /** SIGKILL: the process gets no chance to clean up (crash simulation). */
    public void sigkill() {
        Process p = process;
        p.destroyForcibly();
        try {
            p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(this);
    }

    /** SIGSTOP: the process freezes with its sockets open (a hung peer). */
    public void sigstop() {
        signal("-STOP");
        stopped = true;
    }

    /** SIGCONT: resumes a process frozen by {@link #sigstop()}. */
    public void sigcont() {
        signal("-CONT");
        stopped = false;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid() + " (" + name + ") failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the process if it still runs ({@link #kill()}), then starts it again with the same command line. */
    public ServiceProcess restart() {
        kill();
        launch();
        return this;
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return name + "(pid " + (process == null ? "-" : process.pid()) + ")";
    }

    private void destroyNow() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
