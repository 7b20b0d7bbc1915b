package io.swarmshare.gateway.routing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the balancer knows about each tracker: requests in flight through this gateway, and whether it recently
 * refused a connection (then it is skipped for {@code ejectFor}). Keys are tracker instance ids.
 */
public final class TrackerLoad {

    private final Clock clock;
    private final Duration ejectFor;
    private final ConcurrentMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> ejectedUntil = new ConcurrentHashMap<>();

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
