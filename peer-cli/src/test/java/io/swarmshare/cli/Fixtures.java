package io.swarmshare.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared test scaffolding: a home and an agent directory per test, a port nothing listens on. */
public final class Fixtures {

    public static final String TOKEN = "tok-3q2-abc_DEF";
    public static final String CONTROL_SECRET = "control-secret-42";

    private final Path home;
    private final Path agentDir;

    public Fixtures(Path root) {
        this.home = root.resolve("home");
        this.agentDir = root.resolve("agent");
        try {
            Files.createDirectories(agentDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    public Path agentDir() {
        return agentDir;
    }

    /** An agent "running" on {@code port}: writes control.port and control.token as the agent does. */
    public Fixtures agentOn(int port) {
        try {
            Files.writeString(agentDir.resolve("control.port"), port + "\n");
            Files.writeString(agentDir.resolve("control.token"), CONTROL_SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Fixtures loggedInAs(String user) {
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("session"), "{\"token\":\"" + TOKEN + "\",\"username\":\"" + user + "\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The CLI's arguments: global options pointing at these directories and the given gateways, then the command. */
    public String[] args(List<String> gateways, String... command) {
        return args("5s", gateways, command);
    }

    /** As {@link #args(List, String...)} with a given request timeout (the default 5 s is generous for busy CI). */
    public String[] args(String requestTimeout, List<String> gateways, String... command) {
        List<String> args = new ArrayList<>(List.of("--home", home.toString(), "--agent-dir", agentDir.toString(),
                "--connect-timeout", "2s", "--request-timeout", requestTimeout, "--poll-interval", "20ms"));
        if (!gateways.isEmpty()) {
            args.add("--gateway");
            args.add(String.join(",", gateways));
        }
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    /** A local port that refuses connections (bound, then closed). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
