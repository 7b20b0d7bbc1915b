package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.common.api.GroupView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "create_group", description = "Create a group; you own it.")
public final class CreateGroupCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Override
    protected int execute(CliContext context) {
        GroupView created = context.tracker().createGroup(group);
        context.out().println("created group " + (created.name() != null ? created.name() : group) + " (you own it)");
        return 0;
    }
}
