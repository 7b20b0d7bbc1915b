package io.swarmshare.cli.agent;

/** Body of PUT /v1/session: the agent acts as this user from now on. */
public record AgentSession(String token, String username) {
    @Override
    public String toString() {
        return "AgentSession[username=" + username + ", token=***]";
    }
}
