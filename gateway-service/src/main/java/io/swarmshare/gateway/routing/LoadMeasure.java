package io.swarmshare.gateway.routing;

/**
 * How loaded a tracker is, as the balancer compares them (lower wins). Chosen with
 * {@code swarmshare.gateway.load-measure} ({@code in-flight}, the default, or {@code latency}); declare a
 * {@code LoadMeasure} bean to replace both. The value is shown as {@code load} in {@code GET /gateway/trackers}.
 */
public interface LoadMeasure {

    /** The name shown in {@code GET /gateway/trackers}. */
    String name();

    /** The load of {@code tracker} (an instance id) now. */
    double load(String tracker, TrackerLoad stats);

    /** Requests in flight through this gateway: a slow tracker piles them up, so it gets fewer new ones. */
    LoadMeasure IN_FLIGHT = new LoadMeasure() {
        @Override
        public String name() {
            return "in-flight";
        }

        @Override
        public double load(String tracker, TrackerLoad stats) {
            return stats.inFlight(tracker);
        }
    };

    /** "Least time": (in flight + 1) x average response time; also sees a slow tracker when traffic is light. */
    LoadMeasure LATENCY = new LoadMeasure() {
        @Override
        public String name() {
            return "latency";
        }

        @Override
        public double load(String tracker, TrackerLoad stats) {
            return (stats.inFlight(tracker) + 1) * Math.max(1.0, stats.latencyMillis(tracker));
        }
    };

    static LoadMeasure named(String name) {
        return switch (name) {
            case "in-flight" -> IN_FLIGHT;
            case "latency" -> LATENCY;
            default -> throw new IllegalArgumentException(
                    "swarmshare.gateway.load-measure must be in-flight or latency, was '" + name + "'");
        };
    }
}
