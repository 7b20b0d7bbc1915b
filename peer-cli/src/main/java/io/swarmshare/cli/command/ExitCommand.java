package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import picocli.CommandLine.Command;

/** Leaves the interactive shell (the shell acts on the name); as a one-shot command it does nothing. */
@Command(name = "exit", description = "Leave the interactive shell (Ctrl-D does too).")
public final class ExitCommand extends CliCommand {
    @Override
    protected int execute(CliContext context) {
        return 0;
    }
}
