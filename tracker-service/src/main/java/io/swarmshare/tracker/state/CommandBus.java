package io.swarmshare.tracker.state;

/**
 * Where services send state changes. Today it applies them locally; with replication it will order them
 * through the Raft log first. Either way the answer is the applier's result or a {@link DomainException}.
 */
public interface CommandBus {

    /**
     * Request attribute holding the token hash of the caller's session (set once the bearer token is checked). A
     * command submitted within such a request carries it, and the applier refuses the command if that session no
     * longer exists at its place in the log: a session ended through one tracker cannot write through another that
     * has not heard of it yet.
     */
    String SESSION_ATTRIBUTE = CommandBus.class.getName() + ".session";

    <R> R submit(TrackerCommand<R> command);
}
