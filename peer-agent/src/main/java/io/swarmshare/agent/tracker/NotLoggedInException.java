package io.swarmshare.agent.tracker;

/** The agent has no session: the user has to log in through the CLI first. */
public class NotLoggedInException extends RuntimeException {
    public NotLoggedInException() {
        super("not logged in: run login first");
    }
}
