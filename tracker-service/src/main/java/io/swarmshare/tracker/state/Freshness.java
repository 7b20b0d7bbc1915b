package io.swarmshare.tracker.state;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * For what a write reads locally before it reaches the log (the caller's session, an account, a peer's owner). Writes
 * skip the up-front confirmation reads pay for: the applier validates each command again in log order. But a
 * tracker that is a few entries behind may not know yet what the client was just told elsewhere (a session opened
 * through another tracker), so a lookup that comes back empty, or a check that refuses, is tried once more after the
 * tracker has confirmed it is current. At most one confirmation per request; a request that already had one (every
 * read does) is not confirmed twice.
 */
public interface Freshness {

    /** {@code lookup}, and if it found nothing, {@code lookup} again once this tracker is confirmed current. */
    <T> Optional<T> lookAgainIfMissing(Supplier<Optional<T>> lookup);

    /** {@code check}, and if it refused, {@code check} again once this tracker is confirmed current. */
    <T> T againIfRefused(Supplier<T> check);

}
