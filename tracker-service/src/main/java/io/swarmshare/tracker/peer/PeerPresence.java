package io.swarmshare.tracker.peer;

import io.swarmshare.tracker.config.TrackerProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which agents are online and where: a peer is online while its lease lasts, judged at read time against the
 * clock. This is the in-memory mirror of the replicated lease table ({@link PeerLeaseRecord}): the command
 * applier renews and drops leases as batched commands are applied on every tracker, and the table reloads it
 * after a restart or a snapshot install. Reads never touch the database.
 */
@Component
public class PeerPresence {

    /** Where an online peer serves pieces, and until when it is believed to. */
    public record Presence(String peerId, String username, String host, int port, Instant expiresAt) {
    }

    private final ConcurrentMap<String, Presence> peers = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lease;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.MIN);

    @Autowired
    public PeerPresence(Clock clock, TrackerProperties properties) {
        this(clock, properties.peerLease());
    }

    public PeerPresence(Clock clock, Duration lease) {
        this.clock = clock;
        this.lease = lease;
    }

    /** Records a heartbeat and returns the renewed lease. */
    public Presence heartbeat(String peerId, String username, String host, int port) {
        Instant now = clock.instant();
        Presence p = new Presence(peerId, username, host, port, now.plus(lease));
        peers.put(peerId, p);
        Instant last = lastPurge.get();
        if (!now.isBefore(last.plus(lease)) && lastPurge.compareAndSet(last, now)) {
            purgeExpired();
        }
        return p;
    }

    /** Puts leases as applied from the log (each keeps its own expiry), never shortening a longer one. */
    public void renewAll(Collection<Presence> renewed) {
        for (Presence p : renewed) {
            peers.merge(p.peerId(), p, (old, now) -> old.expiresAt().isAfter(now.expiresAt())
                    && old.host().equals(now.host()) && old.port() == now.port() ? old : now);
        }
    }

    /** Replaces everything (after a restart or a snapshot install) with the replicated table's content. */
    public void reload(Collection<Presence> all) {
        peers.clear();
        all.forEach(p -> peers.put(p.peerId(), p));
    }

    /** The peer's presence if its lease has not run out. */
    public Optional<Presence> online(String peerId) {
        Presence p = peers.get(peerId);
        if (p == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(p.expiresAt())) {
            peers.remove(peerId, p);
            return Optional.empty();
        }
        return Optional.of(p);
    }

    public boolean isOnline(String peerId) {
        return online(peerId).isPresent();
    }

    public void remove(String peerId) {
        peers.remove(peerId);
    }

    public void removeAll(Collection<String> peerIds) {
        peerIds.forEach(peers::remove);
    }

    public void removeAllOf(String username) {
        peers.values().removeIf(p -> p.username().equals(username));
    }

    /** Drops expired entries (at most once per lease, from a heartbeat) so a tracker that outlives many agents does not grow without bound. */
    void purgeExpired() {
        Instant now = clock.instant();
        peers.values().removeIf(p -> !now.isBefore(p.expiresAt()));
    }

    int size() {
        return peers.size();
    }
}
