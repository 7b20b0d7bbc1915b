package io.swarmshare.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * One Resilience4j circuit breaker per tracker (named after its instance id, configured by
 * {@code resilience4j.circuitbreaker.configs.tracker}). It counts what health checks cannot see: a tracker that
 * answers its health probe but fails or times out real requests. While a breaker is open the balancer skips that
 * tracker (unless every tracker is skipped); after its wait it lets a few requests through to probe.
 */
public final class TrackerBreakers {

    public static final String CONFIG = "tracker";

    private final CircuitBreakerRegistry registry;

    public TrackerBreakers(CircuitBreakerRegistry registry) {
        this.registry = registry;
    }

    public CircuitBreaker of(String tracker) {
        if (registry.getConfiguration(CONFIG).isPresent()) {
            return registry.circuitBreaker(tracker, CONFIG);
        }
        return registry.circuitBreaker(tracker, CircuitBreakerConfig.ofDefaults());
    }

    public boolean allows(String tracker) {
        CircuitBreaker.State state = of(tracker).getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }
}
