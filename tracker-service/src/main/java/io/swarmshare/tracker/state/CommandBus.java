package io.swarmshare.tracker.state;

/**
 * Where services send state changes. Today it applies them locally; with replication it will order them
 * through the Raft log first. Either way the answer is the applier's result or a {@link DomainException}.
 */
public interface CommandBus {

    <R> R submit(TrackerCommand<R> command);
}
