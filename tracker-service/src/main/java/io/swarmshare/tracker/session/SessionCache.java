package io.swarmshare.tracker.session;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The sessions this tracker has looked up for requests, so a bearer token costs one database read per tracker and
 * not one per request. The database stays the authority: a session leaves the cache once the applier has committed
 * its end (logout on any tracker reaches every tracker's applier through the log), and the whole cache goes when a
 * snapshot replaces the database.
 *
 * <p>A lookup that read the database before an end was committed must not put the ended session back afterwards:
 * every removal moves a generation on, and a lookup stores its row only if no removal happened since it started.
 */
@Component
public class SessionCache {

    /** Past this many, the cache starts over: it holds what live clients use, not every login ever made. */
    static final int MAX_ENTRIES = 100_000;

    record Cached(String username, Instant expiresAt) {
    }

    private final Map<String, Cached> byTokenHash = new HashMap<>(); // guarded by this
    private long generation; // guarded by this

    /** The session under {@code tokenHash}: from the cache, else from {@code load} (a miss is not remembered). */
    Optional<Cached> find(String tokenHash, Supplier<Optional<UserSession>> load) {
        long startedAt;
        synchronized (this) {
            Cached hit = byTokenHash.get(tokenHash);
            if (hit != null) {
                return Optional.of(hit);
            }
            startedAt = generation;
        }
        Optional<Cached> loaded = load.get().map(s -> new Cached(s.username(), s.expiresAt()));
        loaded.ifPresent(c -> {
            synchronized (this) {
                if (generation == startedAt) {
                    if (byTokenHash.size() >= MAX_ENTRIES) {
                        byTokenHash.clear();
                    }
                    byTokenHash.put(tokenHash, c);
                }
            }
        });
        return loaded;
    }

    /** Forgets the session once the current transaction (the applier's, which deletes it) has committed. */
    public void forgetAfterCommit(String tokenHash) {
        afterCommit(() -> forget(tokenHash));
    }

    /** Forgets the sessions expired at {@code at} once the current transaction (which deletes them) has committed. */
    public void forgetExpiredAfterCommit(Instant at) {
        afterCommit(() -> {
            synchronized (this) {
                generation++;
                byTokenHash.values().removeIf(c -> !c.expiresAt().isAfter(at));
            }
        });
    }

    synchronized void forget(String tokenHash) {
        generation++;
        byTokenHash.remove(tokenHash);
    }

    /** The database was replaced (a snapshot was loaded): nothing cached can be trusted. */
    public synchronized void clear() {
        generation++;
        byTokenHash.clear();
    }

    synchronized int size() {
        return byTokenHash.size();
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("a session is ended only inside the applier's transaction");
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
