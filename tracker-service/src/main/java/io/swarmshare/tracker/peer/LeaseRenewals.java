package io.swarmshare.tracker.peer;

import io.swarmshare.tracker.config.TrackerProperties;
import io.swarmshare.tracker.replication.ClusterProperties;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.DomainException;
import io.swarmshare.tracker.state.TrackerCommand.DropPeerLease;
import io.swarmshare.tracker.state.TrackerCommand.Lease;
import io.swarmshare.tracker.state.TrackerCommand.RenewPeerLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Heartbeats without one Raft write per heartbeat. A heartbeat that changes what the cluster knows (a peer not
 * online yet, a new address, a lease about to run out) is renewed at once through a command, so the peer is
 * offered everywhere as soon as its agent gets its answer. Every other heartbeat is buffered here and all of
 * them go out as one {@link RenewPeerLeases} command every {@code lease-flush-interval} (default 2 s).
 */
@Component
public class LeaseRenewals {

    private static final Logger log = LoggerFactory.getLogger(LeaseRenewals.class);

    private final ConcurrentMap<String, Lease> pending = new ConcurrentHashMap<>();
    private final PeerPresence presence;
    private final CommandBus commands;
    private final Clock clock;
    private final Duration lease;
    private final Duration flushInterval;

    LeaseRenewals(PeerPresence presence, CommandBus commands, Clock clock, TrackerProperties tracker,
                  ClusterProperties cluster) {
        this.presence = presence;
        this.commands = commands;
        this.clock = clock;
        this.lease = tracker.peerLease();
        this.flushInterval = cluster.leaseFlushInterval();
    }

    /** Records a heartbeat; answers until when the peer is online. */
    public Instant heartbeat(String peerId, String username, String host, int port) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Lease l = new Lease(peerId, username, host, port, now.plus(lease));
        Optional<PeerPresence.Presence> known = presence.online(peerId);
        boolean urgent = known.isEmpty() || !known.get().username().equals(username) || !known.get().host().equals(host)
                || known.get().port() != port || known.get().expiresAt().isBefore(now.plus(flushInterval.multipliedBy(3)));
        if (urgent) {
            pending.remove(peerId);
            commands.submit(new RenewPeerLeases(List.of(l), now));
        } else {
            pending.put(peerId, l);
        }
        return l.expiresAt();
    }

    /** The agent left: forget its buffered heartbeat and drop its lease on every tracker. */
    public void depart(String peerId, String username) {
        pending.remove(peerId);
        commands.submit(new DropPeerLease(peerId, username, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    public void forgetUser(String username) {
        pending.values().removeIf(l -> l.username().equals(username));
    }

    @Scheduled(initialDelayString = "${swarmshare.tracker.cluster.lease-flush-interval:2s}",
            fixedDelayString = "${swarmshare.tracker.cluster.lease-flush-interval:2s}")
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Lease> batch = new ArrayList<>();
        for (Map.Entry<String, Lease> e : pending.entrySet()) {
            if (pending.remove(e.getKey(), e.getValue())) {
                Lease l = e.getValue();
                boolean needed = presence.online(l.peerId()).map(p -> p.expiresAt().isBefore(l.expiresAt().minus(flushInterval)))
                        .orElse(true);
                if (needed) {
                    batch.add(l);
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            commands.submit(new RenewPeerLeases(batch, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        } catch (DomainException e) {
            batch.forEach(l -> pending.putIfAbsent(l.peerId(), l));
            log.debug("lease renewal of {} peers deferred: {}", batch.size(), e.getMessage());
        }
    }

    int pendingCount() {
        return pending.size();
    }
}
