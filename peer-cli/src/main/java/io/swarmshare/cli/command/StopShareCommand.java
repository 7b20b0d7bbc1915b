package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "stop_share", description = "Stop offering a file you share in a group.")
public final class StopShareCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Parameters(index = "1", paramLabel = "<file>")
    String file;

    @Override
    protected int execute(CliContext context) {
        context.agent().stopShare(group, file);
        context.out().println("stopped sharing " + file + " in " + group);
        return 0;
    }
}
