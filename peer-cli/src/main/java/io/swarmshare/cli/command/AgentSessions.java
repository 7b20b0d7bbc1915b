package io.swarmshare.cli.command;

import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.agent.AgentStatus;
import io.swarmshare.cli.session.StoredSession;

/**
 * Hands the stored session to the agent when it acts for nobody or for someone else, e.g. when the agent was started
 * after login. Without this the user would have to log in again before the first upload.
 */
final class AgentSessions {

    private AgentSessions() {
    }

    static StoredSession ensure(CliContext context) {
        StoredSession session = context.sessions().require();
        AgentStatus status = context.agent().status();
        if (status.user() == null || !status.user().equals(session.username())) {
            context.agent().putSession(session.token(), session.username());
        }
        return session;
    }
}
