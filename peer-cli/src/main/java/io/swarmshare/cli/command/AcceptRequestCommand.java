package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "accept_request", description = "Accept a user's request to join your group.")
public final class AcceptRequestCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Parameters(index = "1", paramLabel = "<user>")
    String user;

    @Override
    protected int execute(CliContext context) {
        context.tracker().accept(group, user);
        context.out().println("accepted " + user + " into " + group);
        return 0;
    }
}
