package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.common.api.MembershipView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "leave_group", description = "Leave a group; your shares in it stop.")
public final class LeaveGroupCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Override
    protected int execute(CliContext context) {
        MembershipView m = context.tracker().leave(group);
        String me = context.sessions().load().map(s -> s.username()).orElse(null);
        if (m.owner() == null) {
            context.out().println("left " + group + ": you were its last member, the group is gone");
        } else if (me != null && !me.equals(m.owner())) {
            context.out().println("left " + group + " (owner: " + m.owner() + ")");
        } else {
            context.out().println("left " + group);
        }
        return 0;
    }
}
