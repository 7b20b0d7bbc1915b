package io.swarmshare.gateway.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the balancer knows about each tracker: requests in flight through this gateway, a moving average of its
 * response time, and whether it recently refused a connection (then it is skipped for {@code ejectFor}). Keys are
 * tracker instance ids.
 */
public final class TrackerLoad {

    private final Clock clock;
    private final Duration ejectFor;
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> ejectedUntil = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Double> latencyMillis = new ConcurrentHashMap<>();
    /** Weight of the newest sample in the response-time average. */
    private static final double ALPHA = 0.2;

    public TrackerLoad(Clock clock, Duration ejectFor) {
        this.clock = clock;
        this.ejectFor = ejectFor;
    }

    public void started(String tracker) {
        inFlight.computeIfAbsent(tracker, t -> new AtomicInteger()).incrementAndGet();
    }

    public void finished(String tracker) {
        AtomicInteger count = inFlight.get(tracker);
        if (count != null) {
            count.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    public int inFlight(String tracker) {
        AtomicInteger count = inFlight.get(tracker);
        return count == null ? 0 : count.get();
    }

    /** One request to {@code tracker} ended after {@code elapsed} (answered or failed). */
    public void observed(String tracker, Duration elapsed) {
        double sample = elapsed.toNanos() / 1_000_000.0;
        latencyMillis.merge(tracker, sample, (old, now) -> old + ALPHA * (now - old));
    }

    /** Moving average of the tracker's response time in milliseconds; 0 before its first request. */
    public double latencyMillis(String tracker) {
        return latencyMillis.getOrDefault(tracker, 0.0);
    }

    /** The tracker refused or timed out a connection: skip it for a while so a retry goes elsewhere. */
    public void connectFailed(String tracker) {
        ejectedUntil.put(tracker, clock.instant().plus(ejectFor));
    }

    public boolean isEjected(String tracker) {
        Instant until = ejectedUntil.get(tracker);
        if (until == null) {
            return false;
        }
        if (clock.instant().isBefore(until)) {
            return true;
        }
        ejectedUntil.remove(tracker, until);
        return false;
    }
}
