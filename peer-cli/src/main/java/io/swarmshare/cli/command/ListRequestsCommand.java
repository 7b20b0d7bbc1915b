package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.render.Table;
import io.swarmshare.common.api.JoinRequestView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

@Command(name = "list_requests", description = "List pending join requests of a group you own.")
public final class ListRequestsCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<group>")
    String group;

    @Override
    protected int execute(CliContext context) {
        List<JoinRequestView> requests = context.tracker().joinRequests(group);
        if (requests.isEmpty()) {
            context.out().println("no pending requests for " + group);
            return 0;
        }
        Table table = new Table("USER", "REQUESTED AT");
        requests.forEach(r -> table.row(r.username(), Times.format(r.requestedAt())));
        context.out().println(table.render());
        return 0;
    }
}
