package io.swarmshare.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@code peer-cli} exec jar, run as one process per command for one user on one agent:
 * {@code java -jar peer-cli-exec.jar --gateway <url> --agent-dir <dir> --home <dir> <command> <args...>}.
 * Each run's stdout and stderr are also kept in the test's log directory ({@code cli-<user>-<n>.out/.err}).
 */
public final class Cli {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /** What one CLI run did. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path jar;
    private final URI gateway;
    private final Path agentDir;
    private final Path home;
    private final Path logDir;
    private final String user;

    /**
     * @param user a label for the transcripts (usually the user name)
     * @param home the CLI's own state directory ({@code --home}: session token etc.), one per user
     */
    public Cli(Path jar, URI gateway, Path agentDir, Path home, Path logDir, String user) {
        this.jar = jar;
        this.gateway = gateway;
        this.agentDir = agentDir;
        this.home = home;
        this.logDir = logDir;
        this.user = user;
    }

    /** Runs one command, at most {@link #DEFAULT_TIMEOUT}. */
    public Result run(String... args) {
        return execute(null, DEFAULT_TIMEOUT, args);
    }

    /**
     * Runs one command and waits for it, at most {@code timeout} (then the process is killed and this fails with
     * the output so far).
     */
    public Result run(Duration timeout, String... args) {
        return execute(null, timeout, args);
    }

    /** Like {@link #run(Duration, String...)} with {@code stdin} fed to the process (e.g. lines for the shell). */
    public Result runWithInput(String stdin, Duration timeout, String... args) {
        return execute(stdin, timeout, args);
    }

    private Result execute(String stdin, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaCommand(), "-Xmx128m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 24) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-jar", jar.toString(), "--gateway", gateway.toString(),
                "--agent-dir", agentDir.toString(), "--home", home.toString()));
        command.addAll(List.of(args));
        int n = RUNS.incrementAndGet();
        String base = "cli-" + user + "-" + n;
        Path out = logDir.resolve(base + ".out");
        Path err = logDir.resolve(base + ".err");
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(home);
            Files.writeString(logDir.resolve(base + ".cmd"), String.join(" ", command) + System.lineSeparator());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = builder.start();
            if (stdin != null) {
                try (var in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("CLI did not finish within " + timeout + ": " + String.join(" ", args)
                        + "\n--- stdout\n" + read(out) + "--- stderr\n" + read(err));
            }
            return new Result(process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the CLI: " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the CLI", e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    public Path agentDir() {
        return agentDir;
    }

    public Path home() {
        return home;
    }
}
