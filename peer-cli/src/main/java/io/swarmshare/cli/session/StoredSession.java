package io.swarmshare.cli.session;

/** What login keeps in {@code <home>/session}. */
public record StoredSession(String token, String username) {
    @Override
    public String toString() {
        return "StoredSession[username=" + username + ", token=***]";
    }
}
