package io.swarmshare.agent.seeding;

import io.swarmshare.agent.transfer.TokenBucket;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Choking, agent-wide: at most {@code slots} leecher connections are served at once; the others wait in FIFO order.
 * A connection holds its slot while it has requests queued; one that has held it for {@code rotationMillis} while
 * others wait gives it up after its current piece and queues again at the back (fair rotation). Also holds the
 * global upload rate limit ({@code limit}, null = none). Thread-safe.
 */
public final class UploadSlots {

    /** A connection that wants to send. */
    public interface Holder {
        /** Called (from any thread) when the connection has been given a slot. */
        void unchoked();
    }

    private final int slots;
    private final long rotationMillis;
    private final Clock clock;
    private final TokenBucket limit;
    private final Map<Holder, Long> active = new LinkedHashMap<>();
    private final ArrayDeque<Holder> waiting = new ArrayDeque<>();
    private long rotations;

    public UploadSlots(int slots, long rotationMillis, Clock clock, TokenBucket limit) {
        if (slots < 1) {
            throw new IllegalArgumentException("upload slots must be >= 1");
        }
        this.slots = slots;
        this.rotationMillis = rotationMillis;
        this.clock = clock;
        this.limit = limit;
    }

    /** No choking, no limit: every connection always has a slot. */
    public static UploadSlots unlimited(Clock clock) {
        return new UploadSlots(Integer.MAX_VALUE, Long.MAX_VALUE, clock, null);
    }

    public TokenBucket limit() {
        return limit;
    }

    /** True if {@code h} holds a slot now; else it is queued and {@link Holder#unchoked} comes later. */
    public synchronized boolean acquire(Holder h) {
        if (active.containsKey(h)) {
            return true;
        }
        if (active.size() < slots && waiting.isEmpty()) {
            active.put(h, clock.millis());
            return true;
        }
        if (!waiting.contains(h)) {
            waiting.add(h);
        }
        return false;
    }

    /** {@code h} has nothing to send (or is gone): its slot goes to the first waiting connection. */
    public void release(Holder h) {
        Holder next;
        synchronized (this) {
            waiting.remove(h);
            if (active.remove(h) == null) {
                return;
            }
            next = promote();
        }
        if (next != null) {
            next.unchoked();
        }
    }

    /**
     * Called after each piece sent: if {@code h} has had its slot for a rotation while others wait, it is choked (back
     * of the queue) and the first waiting connection is unchoked. Returns true if {@code h} must stop sending.
     */
    public boolean rotate(Holder h) {
        Holder next;
        synchronized (this) {
            Long since = active.get(h);
            if (since == null || waiting.isEmpty() || clock.millis() - since < rotationMillis) {
                return false;
            }
            active.remove(h);
            waiting.add(h);
            rotations++;
            next = promote();
        }
        if (next != null) {
            next.unchoked();
        }
        return true;
    }

    private Holder promote() {
        if (active.size() >= slots || waiting.isEmpty()) {
            return null;
        }
        Holder next = waiting.poll();
        active.put(next, clock.millis());
        return next;
    }

    public synchronized int activeCount() {
        return active.size();
    }

    public synchronized int waitingCount() {
        return waiting.size();
    }

    public synchronized long rotations() {
        return rotations;
    }
}
