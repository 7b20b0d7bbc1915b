package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.CliException;
import io.swarmshare.cli.ExitCodes;
import io.swarmshare.cli.session.StoredSession;
import picocli.CommandLine.Command;

/**
 * Ends the session everywhere: on the tracker, in the agent (which stops sharing) and on disk. The local session is
 * removed even when the tracker cannot be reached, so a dead gateway never leaves the user stuck logged in.
 */
@Command(name = "logout", description = "Log out: the tracker session ends and the agent stops sharing.")
public final class LogoutCommand extends CliCommand {

    @Override
    protected int execute(CliContext context) {
        StoredSession session = context.sessions().require();
        CliException trackerFailure = null;
        try {
            context.tracker().logout();
        } catch (CliException e) {
            if (e.exitCode() == ExitCodes.UNREACHABLE) {
                trackerFailure = e;
            }
            // Refused (typically 401: the session had expired already): logged out anyway.
        }
        try {
            context.agent().deleteSession();
        } catch (CliException e) {
            if (e.exitCode() != ExitCodes.UNREACHABLE) {
                context.err().println("warning: the agent did not drop the session: " + e.getMessage());
            }
        }
        context.sessions().delete();
        if (trackerFailure != null) {
            throw CliException.unreachable(trackerFailure.getMessage()
                    + " (logged out here; the tracker session ends when it expires)");
        }
        context.out().println("logged out " + session.username());
        return 0;
    }
}
