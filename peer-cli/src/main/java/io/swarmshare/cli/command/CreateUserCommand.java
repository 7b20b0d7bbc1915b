package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.common.api.UserView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "create_user", description = "Create an account on the tracker.")
public final class CreateUserCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<user>")
    String user;

    @Parameters(index = "1", paramLabel = "<password>")
    String password;

    @Override
    protected int execute(CliContext context) {
        UserView created = context.tracker().createUser(user, password);
        context.out().println("created user " + (created.username() != null ? created.username() : user)
                + ": now run login " + user + " <password>");
        return 0;
    }
}
