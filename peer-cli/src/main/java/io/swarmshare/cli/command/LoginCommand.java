package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.CliException;
import io.swarmshare.cli.ExitCodes;
import io.swarmshare.cli.session.StoredSession;
import io.swarmshare.common.api.SessionView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "login", description = "Log in; the local agent then shares and downloads as this user.")
public final class LoginCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "<user>")
    String user;

    @Parameters(index = "1", paramLabel = "<password>")
    String password;

    @Override
    protected int execute(CliContext context) {
        SessionView session = context.tracker().login(user, password);
        if (session.token() == null || session.token().isBlank()) {
            throw CliException.refused("malformed answer from the tracker: no token in the session");
        }
        String username = session.username() != null ? session.username() : user;
        context.sessions().save(new StoredSession(session.token(), username));
        context.out().println("logged in as " + username);
        try {
            context.agent().putSession(session.token(), username);
        } catch (CliException e) {
            if (e.exitCode() == ExitCodes.UNREACHABLE) {
                context.err().println("warning: the agent is not running (" + context.settings().agentDir()
                        + "): logged in on the tracker only; start peer-agent to share or download");
            } else {
                context.err().println("warning: the agent did not take the session: " + e.getMessage());
            }
        }
        return 0;
    }
}
