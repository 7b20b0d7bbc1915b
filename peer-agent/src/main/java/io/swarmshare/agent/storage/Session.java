package io.swarmshare.agent.storage;

/** Who the agent acts as: the tracker bearer token of {@code username}'s login. */
public record Session(String token, String username) {
    @Override
    public String toString() {
        return "Session[username=" + username + ", token=***]";
    }
}
