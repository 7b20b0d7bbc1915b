package io.swarmshare.agent.tracker;

import io.swarmshare.agent.seeding.TicketKeys;
import io.swarmshare.common.ticket.TicketCodec;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The tracker's ticket key, fetched once and kept; fetched again at most once a minute when a signature fails. */
public final class PublicKeyCache implements TicketKeys {

    private static final Duration MIN_REFRESH = Duration.ofSeconds(60);

    private final TrackerClient tracker;
    private final Clock clock;
    private volatile PublicKey key;
    private volatile Instant fetchedAt = Instant.MIN;

    public PublicKeyCache(TrackerClient tracker, Clock clock) {
        this.tracker = tracker;
        this.clock = clock;
    }

    @Override
    public PublicKey current() {
        PublicKey k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    fetch();
                }
                k = key;
            }
        }
        return k;
    }

    @Override
    public synchronized boolean refresh() {
        if (clock.instant().isBefore(fetchedAt.plus(MIN_REFRESH))) {
            return false;
        }
        PublicKey before = key;
        fetch();
        return !key.equals(before);
    }

    private void fetch() {
        key = TicketCodec.decodePublicKey(tracker.publicKey().key());
        fetchedAt = clock.instant();
    }
}
