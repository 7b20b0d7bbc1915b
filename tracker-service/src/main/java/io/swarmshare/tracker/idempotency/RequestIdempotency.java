package io.swarmshare.tracker.idempotency;

/**
 * The {@code Idempotency-Key} of the request this thread serves. Every command the request submits gets its own
 * log key (the client's key, then {@code #1}, {@code #2}, ... in submission order), so a retry of the same request,
 * which takes the same code path, meets the same keys and gets the stored answers instead of a second apply.
 */
public final class RequestIdempotency {

    public static final String HEADER = "Idempotency-Key";

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    /** What goes into the log entry: the per-command key and the fingerprint of the request that used it. */
    public record LogKey(String key, String fingerprint) {
    }

    private static final class Scope {
        final String key;
        final String fingerprint;
        int submitted;

        Scope(String key, String fingerprint) {
            this.key = key;
            this.fingerprint = fingerprint;
        }
    }

    private RequestIdempotency() {
    }

    static void bind(String key, String fingerprint) {
        CURRENT.set(new Scope(key, fingerprint));
    }

    static void clear() {
        CURRENT.remove();
    }

    /** Whether the request this thread serves carries an idempotency key. */
    public static boolean present() {
        return CURRENT.get() != null;
    }

    /** The key for the next command this thread submits, or null when the request carries none. */
    public static LogKey next() {
        Scope scope = CURRENT.get();
        if (scope == null) {
            return null;
        }
        scope.submitted++;
        return new LogKey(scope.key + "#" + scope.submitted, scope.fingerprint);
    }
}
