package io.swarmshare.agent.transfer;

import java.time.Clock;

/**
 * A global rate limit (bytes/s) with a one-second burst. {@link #take} always succeeds and returns how long the caller
 * should pause before moving more data (0 = go on): the bucket may go into debt by one piece, never more, so a limit
 * below one piece per second still moves data. Thread-safe; time from the injected clock.
 */
public final class TokenBucket {

    private final long rate;
    private final long burst;
    private final Clock clock;
    private double tokens;
    private long last;

    public TokenBucket(long bytesPerSecond, Clock clock) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.rate = bytesPerSecond;
        this.burst = bytesPerSecond;
        this.clock = clock;
        this.last = clock.millis();
        this.tokens = 0;
    }

    public long rate() {
        return rate;
    }

    /** Spends {@code bytes}; returns the millis to wait until the bucket is out of debt. */
    public synchronized long take(long bytes) {
        refill();
        tokens -= bytes;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * 1000.0 / rate);
    }

    /** Millis until the bucket is out of debt, without spending. */
    public synchronized long waitMillis() {
        refill();
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * 1000.0 / rate);
    }

    private void refill() {
        long now = clock.millis();
        if (now > last) {
            tokens = Math.min(burst, tokens + (now - last) * rate / 1000.0);
            last = now;
        }
    }
}
