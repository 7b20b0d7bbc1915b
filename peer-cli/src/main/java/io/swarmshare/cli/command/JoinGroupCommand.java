package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.common.api.MembershipView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "join_group", description = "Ask to join a group; its owner accepts or rejects.")
public final class JoinGroupCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Override
    protected int execute(CliContext context) {
        MembershipView m = context.tracker().join(group);
        if ("PENDING".equalsIgnoreCase(m.role())) {
            context.out().println("asked to join " + group + ": waiting for "
                    + (m.owner() != null ? "its owner " + m.owner() : "the owner") + " to accept");
        } else {
            context.out().println("joined " + group + " as " + String.valueOf(m.role()).toLowerCase(java.util.Locale.ROOT));
        }
        return 0;
    }
}
