package io.swarmshare.agent.tracker;

import io.swarmshare.agent.seeding.Share;
import io.swarmshare.agent.seeding.ShareRegistry;
import io.swarmshare.common.api.AnnouncePeerRequest;
import io.swarmshare.common.api.PeerLease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews the peer lease every interval while there is a session. After the lease may have been lost (first beat of a
 * session, a failed beat, a lease that ran out, another gateway) every share is announced to its swarm again.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final TrackerClient tracker;
    private final AgentSession session;
    private final ShareRegistry shares;
    private final String peerId;
    private final AnnouncePeerRequest me;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile boolean online;
    private boolean reannounce = true;
    private Instant leaseExpires = Instant.MIN;
    private URI lastGateway;
    private long beats;
    /** Safety net for a tracker that restarted between two beats and forgot its swarms: re-announce this often. */
    private static final long REANNOUNCE_EVERY_BEATS = 12;
    private volatile Runnable afterBeat = () -> { };

    public Heartbeat(TrackerClient tracker, AgentSession session, ShareRegistry shares, String peerId,
                     AnnouncePeerRequest me, Duration interval, Clock clock) {
        this.tracker = tracker;
        this.session = session;
        this.shares = shares;
        this.peerId = peerId;
        this.me = me;
        this.interval = interval;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        session.onChange(s -> {
            synchronized (this) {
                reannounce = true;
                if (s.isEmpty()) {
                    online = false;
                }
            }
            if (s.isPresent()) {
                timer.execute(this::beat);
            }
        });
    }

    /** Runs after every successful beat (used to fetch the ticket key before a leecher needs it). */
    public void afterEachBeat(Runnable hook) {
        this.afterBeat = hook;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean online() {
        return online;
    }

    /** One heartbeat (and re-announce when needed); public for tests. */
    public synchronized void beat() {
        if (session.current().isEmpty()) {
            online = false;
            return;
        }
        try {
            PeerLease lease = tracker.announcePeer(peerId, me);
            Instant now = clock.instant();
            URI gateway = tracker.currentGateway();
            boolean lost = reannounce || !now.isBefore(leaseExpires) || !gateway.equals(lastGateway)
                    || ++beats % REANNOUNCE_EVERY_BEATS == 0;
            leaseExpires = lease.expiresAt() == null ? now.plus(interval.multipliedBy(3)) : lease.expiresAt();
            lastGateway = gateway;
            online = true;
            if (lost) {
                reannounceShares();
                reannounce = false;
            }
            try {
                afterBeat.run();
            } catch (RuntimeException e) {
                log.debug("after-heartbeat hook failed: {}", e.toString());
            }
        } catch (NotLoggedInException e) {
            online = false;
        } catch (RuntimeException e) {
            if (online) {
                log.warn("heartbeat failed: {}", e.getMessage());
            }
            online = false;
            reannounce = true;
        }
    }

    private void reannounceShares() {
        int n = 0;
        for (Share s : shares.all()) {
            try {
                tracker.joinSwarm(s.group(), s.name(), peerId, s.complete());
                n++;
            } catch (TrackerException e) {
                log.warn("cannot re-announce {}/{}: {}", s.group(), s.name(), e.getMessage());
                if (e.status() >= 500) {
                    reannounce = true;
                    return;
                }
            }
        }
        if (n > 0) {
            log.info("announced {} share(s) to the tracker", n);
        }
    }

    /** Graceful stop: the tracker forgets this peer at once instead of waiting for the lease. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (session.current().isPresent()) {
            try {
                tracker.leavePeer(peerId);
            } catch (RuntimeException e) {
                log.debug("cannot tell the tracker we leave: {}", e.getMessage());
            }
        }
        online = false;
    }
}
