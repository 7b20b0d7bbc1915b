package io.swarmshare.cli.shell;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.ContextProvider;
import picocli.CommandLine.Command;

/** The shell's command root: the same commands as the one-shot CLI, with the context the shell was started with. */
@Command(name = "", customSynopsis = "Type a command with its arguments; help <command> shows one command's usage.",
        description = "TAB completes, Ctrl-D or exit leaves.")
final class ShellRoot implements ContextProvider, Runnable {

    private final CliContext context;

    ShellRoot(CliContext context) {
        this.context = context;
    }

    @Override
    public CliContext context() {
        return context;
    }

    @Override
    public void run() {
        // an empty line does nothing
    }
}
