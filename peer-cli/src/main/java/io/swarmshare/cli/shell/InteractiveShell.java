package io.swarmshare.cli.shell;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.Commands;
import io.swarmshare.cli.session.StoredSession;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliJLineCompleter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The interactive mode: a JLine prompt showing the logged-in user, history in {@code <home>/history} (lines with
 * passwords, i.e. login and create_user, are kept out of it), TAB completion of commands and options. Failures print
 * their one line and the shell goes on; Ctrl-C abandons the current line or command, Ctrl-D or exit leaves.
 */
public final class InteractiveShell {

    private final CliContext context;
    private final InputStream in;
    private final OutputStream outStream;

    /** A shell on the process's own terminal. */
    public InteractiveShell(CliContext context) {
        this(context, null, null);
    }

    /** A shell on the given streams (a dumb terminal), for tests and pipes. */
    public InteractiveShell(CliContext context, InputStream in, OutputStream out) {
        this.context = context;
        this.in = in;
        this.outStream = out;
    }

    public int run() {
        try (Terminal terminal = terminal()) {
            context.terminalOutput(!Terminal.TYPE_DUMB.equals(terminal.getType())
                    && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType()));
            createHome();
            CommandLine commands = Commands.commandLine(new ShellRoot(context), context.out(), context.err());
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("swarmshare")
                    .completer(new PicocliJLineCompleter(commands.getCommandSpec()))
                    .parser(new DefaultParser())
                    .variable(LineReader.HISTORY_FILE, context.settings().home().resolve("history"))
                    .variable(LineReader.HISTORY_IGNORE, "login *:create_user *")
                    .build();
            Thread shellThread = Thread.currentThread();
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> shellThread.interrupt());
            try {
                loop(reader, commands);
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
                try {
                    reader.getHistory().save();
                    restrictHistory();
                } catch (IOException e) {
                    context.err().println("warning: history not saved: " + e.getMessage());
                }
            }
            return 0;
        } catch (IOException e) {
            context.err().println("error: cannot open the terminal: " + e.getMessage());
            return 1;
        }
    }

    private void loop(LineReader reader, CommandLine commands) {
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                return;
            }
            List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("exit") && words.size() == 1) {
                return;
            }
            commands.execute(words.toArray(String[]::new));
            Thread.interrupted(); // a Ctrl-C that came while a command ran ends with that command
            context.out().flush();
            context.err().flush();
        }
    }

    String prompt() {
        try {
            return context.sessions().load().map(StoredSession::username)
                    .map(user -> "swarmshare(" + user + ")> ").orElse("swarmshare> ");
        } catch (RuntimeException e) {
            return "swarmshare> ";
        }
    }

    private Terminal terminal() throws IOException {
        if (in != null) {
            // The builder's stream terminal pumps input on a thread and closes at end of input before the lines are
            // read; a DumbTerminal reads synchronously.
            return new DumbTerminal("swarmshare", Terminal.TYPE_DUMB, in, outStream, StandardCharsets.UTF_8);
        }
        return TerminalBuilder.builder().name("swarmshare").system(true).dumb(true).build();
    }

    /** History holds group and file names: keep it as private as the session. */
    private void restrictHistory() throws IOException {
        java.nio.file.Path history = context.settings().home().resolve("history");
        if (java.nio.file.Files.exists(history)
                && java.nio.file.Files.getFileAttributeView(history, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            java.nio.file.Files.setPosixFilePermissions(history, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    private void createHome() {
        try {
            context.sessions().createHome();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
