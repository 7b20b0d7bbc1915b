package io.swarmshare.systemtest.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Bounded polling: every wait in the cluster tests has a limit and says what it waited for. */
final class Waits {

    private Waits() {
    }

    /** Polls every 50 ms until {@code condition} holds; returns how long it took; fails after {@code timeout}. */
    static Duration until(String what, Duration timeout, BooleanSupplier condition) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return Duration.between(start, Instant.now());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }
}
