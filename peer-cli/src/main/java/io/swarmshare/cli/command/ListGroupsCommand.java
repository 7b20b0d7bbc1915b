package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.common.api.GroupView;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "list_groups", description = "List every group on the tracker.")
public final class ListGroupsCommand extends CliCommand {

    @Override
    protected int execute(CliContext context) {
        List<GroupView> groups = context.tracker().groups();
        context.out().println(groups.isEmpty() ? "no groups yet: create one with create_group <group>"
                : GroupTables.of(groups).render());
        return 0;
    }
}
