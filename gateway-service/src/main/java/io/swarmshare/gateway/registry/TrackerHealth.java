package io.swarmshare.gateway.registry;

/** What the gateway's health checks last concluded about one tracker. */
public enum TrackerHealth {
    /** Not checked yet: routable (a tracker that just registered answered its own readiness probe). */
    UNKNOWN,
    /** The last health check answered 200. */
    UP,
    /** Enough consecutive checks failed (refused, timed out, not 200): not routed to while another is UP. */
    DOWN,
    /** A static tracker that deregistered (graceful stop): not routed to until it has been seen down and up again. */
    DRAINING;

    public boolean routable() {
        return this == UP || this == UNKNOWN;
    }
}
