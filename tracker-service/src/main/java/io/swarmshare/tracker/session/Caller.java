package io.swarmshare.tracker.session;

/** The authenticated user of the current request and the hash of the token that proved it. */
public record Caller(String username, String tokenHash) {
}
