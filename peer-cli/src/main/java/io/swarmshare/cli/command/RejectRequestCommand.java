package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "reject_request", description = "Reject a user's request to join your group.")
public final class RejectRequestCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Parameters(index = "1", paramLabel = "<user>")
    String user;

    @Override
    protected int execute(CliContext context) {
        context.tracker().reject(group, user);
        context.out().println("rejected " + user + "'s request to join " + group);
        return 0;
    }
}
