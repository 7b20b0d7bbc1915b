package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.common.api.GroupView;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "list_my_groups", description = "List the groups you own or belong to.")
public final class ListMyGroupsCommand extends CliCommand {

    @Override
    protected int execute(CliContext context) {
        List<GroupView> groups = context.tracker().myGroups();
        context.out().println(groups.isEmpty() ? "you are in no group yet: join_group <group> or create_group <group>"
                : GroupTables.of(groups).render());
        return 0;
    }
}
