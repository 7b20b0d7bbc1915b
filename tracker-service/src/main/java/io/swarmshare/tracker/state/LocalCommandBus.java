package io.swarmshare.tracker.state;

import org.springframework.stereotype.Component;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Applies commands one at a time, in arrival order, like a log would: concurrent calls cannot interleave
 * their check-then-write steps, so uniqueness rules hold without relying on constraint violations.
 */
@Component
class LocalCommandBus implements CommandBus {

    private final TrackerStateMachine stateMachine;
    private final ReentrantLock lock = new ReentrantLock(true);

    LocalCommandBus(TrackerStateMachine stateMachine) {
        this.stateMachine = stateMachine;
    }

    @Override
    public <R> R submit(TrackerCommand<R> command) {
        lock.lock();
        try {
            return stateMachine.apply(command);
        } finally {
            lock.unlock();
        }
    }
}
