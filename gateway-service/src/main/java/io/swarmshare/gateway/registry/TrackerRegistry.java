package io.swarmshare.gateway.registry;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The trackers this gateway knows: the static list ({@code swarmshare.gateway.trackers}) plus those that registered
 * themselves ({@code POST /gateway/trackers}), each with what the health checks last saw. Keyed by the tracker's
 * normalised base URL ({@link #key(URI)}), which is also the load balancer's instance id.
 */
public final class TrackerRegistry {

    /** Where a tracker entry came from. */
    public enum Source { STATIC, REGISTERED }

    /** One tracker as the gateway sees it; immutable, replaced on every change. */
    public record Tracker(String id, URI url, Source source, TrackerHealth health, int consecutiveFailures,
                          boolean seenDownSinceDrain, Instant lastCheck, String lastError, String raftRole) {

        public String key() {
            return TrackerRegistry.key(url);
        }

        Tracker with(TrackerHealth health, int failures, boolean seenDown, Instant lastCheck, String lastError,
                     String raftRole) {
            return new Tracker(id, url, source, health, failures, seenDown, lastCheck, lastError, raftRole);
        }
    }

    public static final String UNKNOWN_ROLE = "UNKNOWN";
    /**
     * The tracker answers but knows no Raft leader: restarted and not yet reached by the leader (which may take
     * seconds while the leader's connection to it backs off), or cut off. It cannot confirm a read, so it serves
     * reads marked stale (a group created a moment ago "does not exist"), and its writes wait for the leader.
     */
    public static final String NO_LEADER_ROLE = "NO_LEADER";

    /** {@link #rank} values, best first. */
    public static final int RANK_IN_TOUCH = 0;
    public static final int RANK_NO_LEADER = 1;
    public static final int RANK_LAST_CHECK_FAILED = 2;
    public static final int RANK_DOWN = 3;

    private final ConcurrentMap<String, Tracker> trackers = new ConcurrentHashMap<>();

    public TrackerRegistry(List<URI> staticTrackers) {
        for (URI url : staticTrackers) {
            String key = key(url);
            trackers.put(key, new Tracker(key, URI.create(key), Source.STATIC, TrackerHealth.UNKNOWN, 0, false,
                    null, null, UNKNOWN_ROLE));
        }
    }

    /** {@code scheme://host:port} with the default port made explicit: the same tracker always has the same key. */
    public static String key(URI url) {
        boolean secure = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
        return (secure ? "https" : "http") + "://" + url.getHost() + ":" + port;
    }

    /**
     * A tracker announced itself (classic REGISTER). A known URL keeps its health and takes the new id; an id that
     * moved to another URL drops the old entry. Idempotent: trackers repeat it to survive a gateway restart.
     */
    public synchronized Tracker register(String id, URI url) {
        String key = key(url);
        trackers.values().removeIf(t -> t.id().equals(id) && !t.key().equals(key) && t.source() == Source.REGISTERED);
        return trackers.compute(key, (k, old) -> {
            if (old == null) {
                return new Tracker(id, URI.create(k), Source.REGISTERED, TrackerHealth.UNKNOWN, 0, false, null, null,
                        UNKNOWN_ROLE);
            }
            TrackerHealth health = old.health() == TrackerHealth.DRAINING ? TrackerHealth.UNKNOWN : old.health();
            return new Tracker(id, old.url(), old.source(), health, old.consecutiveFailures(), false,
                    old.lastCheck(), old.lastError(), old.raftRole());
        });
    }

    /**
     * A tracker stops gracefully (classic REMOVE): no new requests go to it. A registered one is forgotten; a static
     * one stays listed as DRAINING and comes back once health checks have seen it down and then up again.
     *
     * @return false if no tracker has this id (or URL)
     */
    public synchronized boolean deregister(String idOrUrl) {
        Optional<Tracker> found = trackers.values().stream()
                .filter(t -> t.id().equals(idOrUrl) || t.key().equals(idOrUrl))
                .findFirst();
        if (found.isEmpty()) {
            return false;
        }
        Tracker t = found.get();
        if (t.source() == Source.REGISTERED) {
            trackers.remove(t.key());
        } else {
            trackers.put(t.key(), t.with(TrackerHealth.DRAINING, 0, false, t.lastCheck(), "deregistered",
                    t.raftRole()));
        }
        return true;
    }

    /** Records one health check; DOWN after {@code downAfter} consecutive failures, UP after one success. */
    public void recordCheck(String key, boolean healthy, String error, String raftRole, Instant at, int downAfter) {
        trackers.computeIfPresent(key, (k, t) -> {
            String role = raftRole != null ? raftRole : healthy ? t.raftRole() : UNKNOWN_ROLE;
            if (t.health() == TrackerHealth.DRAINING) {
                if (!healthy) {
                    return t.with(TrackerHealth.DRAINING, t.consecutiveFailures() + 1, true, at, error, role);
                }
                TrackerHealth next = t.seenDownSinceDrain() ? TrackerHealth.UP : TrackerHealth.DRAINING;
                return t.with(next, 0, false, at, next == TrackerHealth.UP ? null : "deregistered", role);
            }
            if (healthy) {
                return t.with(TrackerHealth.UP, 0, false, at, null, role);
            }
            int failures = t.consecutiveFailures() + 1;
            TrackerHealth next = failures >= downAfter ? TrackerHealth.DOWN : t.health();
            return t.with(next, failures, false, at, error, role);
        });
    }

    public List<Tracker> all() {
        List<Tracker> list = new ArrayList<>(trackers.values());
        list.sort(Comparator.comparing(Tracker::id).thenComparing(Tracker::key));
        return list;
    }

    public Optional<Tracker> byKey(String key) {
        return Optional.ofNullable(trackers.get(key));
    }

    /**
     * How much new requests should prefer a tracker, best first: {@link #RANK_IN_TOUCH} (healthy, last check passed,
     * knows the leader), {@link #RANK_NO_LEADER}, {@link #RANK_LAST_CHECK_FAILED} (still UP, but its last check
     * failed: often it just died), {@link #RANK_DOWN}. The balancer uses the best rank it can reach, so a tracker that
     * is worse by any measure only gets requests while every better one refused its connection or tripped its breaker.
     */
    public static int rank(Tracker tracker) {
        if (!tracker.health().routable()) {
            return RANK_DOWN;
        }
        if (tracker.consecutiveFailures() > 0) {
            return RANK_LAST_CHECK_FAILED;
        }
        return NO_LEADER_ROLE.equals(tracker.raftRole()) ? RANK_NO_LEADER : RANK_IN_TOUCH;
    }

    /**
     * Every tracker requests may go to, best {@link #rank} first; never one that deregistered. The rank decides, not
     * a cut-off: when the leader has just died its followers know no leader while it still looks healthy, so a list of
     * only the "best" trackers would hold nothing but the dead one (seen in CI: every retry went to it).
     */
    public List<Tracker> routable() {
        return all().stream()
                .filter(t -> t.health() != TrackerHealth.DRAINING)
                .sorted(Comparator.comparingInt(TrackerRegistry::rank))
                .toList();
    }
}
