package io.swarmshare.agent.transfer;

import java.time.Clock;
import java.util.ArrayDeque;

/** Bytes per second over a sliding window (a moving average). Not thread-safe. */
final class RateMeter {

    private static final long WINDOW_MS = 5_000;

    private final Clock clock;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private long sum;
    private final long started;

    RateMeter(Clock clock) {
        this.clock = clock;
        this.started = clock.millis();
    }

    void add(long bytes) {
        long now = clock.millis();
        samples.addLast(new long[]{now, bytes});
        sum += bytes;
        trim(now);
    }

    long bytesPerSecond() {
        long now = clock.millis();
        trim(now);
        long window = Math.max(1_000, Math.min(WINDOW_MS, now - started));
        return sum * 1000 / window;
    }

    private void trim(long now) {
        while (!samples.isEmpty() && samples.peekFirst()[0] < now - WINDOW_MS) {
            sum -= samples.removeFirst()[1];
        }
    }
}
