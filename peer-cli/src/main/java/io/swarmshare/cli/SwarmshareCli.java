package io.swarmshare.cli;

import io.swarmshare.cli.shell.InteractiveShell;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code swarmshare <command> <args>} runs one command (exit 0 ok, 1 refused/failed, 2 usage, 3 unreachable);
 * {@code swarmshare} alone opens the interactive shell.
 */
@Command(name = "swarmshare", mixinStandardHelpOptions = true, version = "swarmshare 0.1.0-SNAPSHOT",
        description = "Swarmshare: share files with your groups, peer to peer.",
        footer = {"", "Without a command: an interactive shell (TAB completes, Ctrl-D or exit leaves).",
                "Exit codes: 0 ok, 1 refused or failed, 2 usage error, 3 tracker/gateway or agent unreachable."})
public final class SwarmshareCli implements Callable<Integer>, ContextProvider {

    @Option(names = "--gateway", split = ",", paramLabel = "URL",
            description = "Gateway base URLs, tried in order (env SWARMSHARE_GATEWAYS; default http://127.0.0.1:8080).")
    List<String> gateways;

    @Option(names = "--agent-dir", paramLabel = "DIR",
            description = "The agent's data directory with control.port and control.token (env SWARMSHARE_AGENT_DIR; default ./data/agent).")
    Path agentDir;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Where the session and shell history are kept (env SWARMSHARE_HOME; default ~/.swarmshare).")
    Path home;

    @Option(names = "--connect-timeout", paramLabel = "TIME",
            description = "Connect timeout, e.g. 3s (env SWARMSHARE_CONNECT_TIMEOUT; default 3s).")
    String connectTimeout;

    @Option(names = "--request-timeout", paramLabel = "TIME",
            description = "Timeout of one request, e.g. 15s (env SWARMSHARE_REQUEST_TIMEOUT; default 15s).")
    String requestTimeout;

    @Option(names = "--poll-interval", paramLabel = "TIME", hidden = true,
            description = "How often download progress is polled (env SWARMSHARE_POLL_INTERVAL; default 200ms).")
    String pollInterval;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private CliContext context;

    SwarmshareCli(Map<String, String> env, PrintWriter out, PrintWriter err, boolean terminal) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out, err, stdoutIsTerminal()));
    }

    /** The whole CLI, in-process: parses, runs, prints, returns the exit code. Never throws. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, boolean terminal) {
        SwarmshareCli root = new SwarmshareCli(env, out, err, terminal);
        try {
            return Commands.commandLine(root, out, err).execute(args);
        } finally {
            if (root.context != null) {
                root.context.close();
            }
            out.flush();
            err.flush();
        }
    }

    @Override
    public synchronized CliContext context() {
        if (context == null) {
            Settings settings = Settings.resolve(new Settings.Overrides(gateways, agentDir, home, connectTimeout,
                    requestTimeout, pollInterval), env);
            context = new CliContext(settings, out, err, terminal);
        }
        return context;
    }

    /** No command given: the interactive shell. */
    @Override
    public Integer call() {
        return new InteractiveShell(context()).run();
    }

    /** JDK 22+ has Console.isTerminal(); before that a console exists only for a terminal. */
    static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
