package io.swarmshare.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import io.swarmshare.gateway.registry.TrackerRegistry;

class LeastLoadedLoadBalancerTest {

    static final String A = "http://127.0.0.1:9001";
    static final String B = "http://127.0.0.1:9002";
    static final String C = "http://127.0.0.1:9003";

    final MutableClock clock = new MutableClock();
    final TrackerLoad load = new TrackerLoad(clock, Duration.ofSeconds(10));
    final List<ServiceInstance> trackers = new RegistryTrackerInstances("tracker",
            new TrackerRegistry(List.of(URI.create(A), URI.create(B), URI.create(C)))).get().blockFirst();
    final LeastLoadedLoadBalancer balancer = new LeastLoadedLoadBalancer(null, load, LoadMeasure.IN_FLIGHT, null);

    String pick() {
        return balancer.pick(trackers).getServer().getInstanceId();
    }

    @Test
    void looksTheInstanceListUpOnceNotPerRequest() {
        AtomicInteger lookups = new AtomicInteger();
        RegistryTrackerInstances instances = new RegistryTrackerInstances("tracker",
                new TrackerRegistry(List.of(URI.create(A), URI.create(B))));
        ObjectProvider<ServiceInstanceListSupplier> provider = new ObjectProvider<>() {
            @Override
            public ServiceInstanceListSupplier getObject() {
                lookups.incrementAndGet();
                return instances;
            }

            @Override
            public ServiceInstanceListSupplier getIfAvailable() {
                return getObject();
            }
        };
        LeastLoadedLoadBalancer lb = new LeastLoadedLoadBalancer(provider, load, LoadMeasure.IN_FLIGHT, null);

        for (int i = 0; i < 3; i++) {
            assertThat(lb.choose(new DefaultRequest<>()).block().getServer().getInstanceId()).isIn(A, B);
        }
        assertThat(lookups).hasValue(1);
    }

    @Test
    void picksTheTrackerWithFewestRequestsInFlight() {
        load.started(A);
        load.started(A);
        load.started(C);

        for (int i = 0; i < 5; i++) {
            assertThat(pick()).isEqualTo(B);
        }
    }

    @Test
    void rotatesAmongEquallyLoadedTrackers() {
        assertThat(List.of(pick(), pick(), pick())).containsExactlyInAnyOrder(A, B, C);
    }

    @Test
    void skipsATrackerThatRecentlyRefusedAConnection() {
        load.connectFailed(A);
        load.started(B);

        for (int i = 0; i < 5; i++) {
            assertThat(pick()).isIn(B, C).isNotEqualTo(A);
        }
    }

    @Test
    void takesAnEjectedTrackerBackAfterTheEjectionPeriod() {
        load.connectFailed(A);
        load.started(B);
        load.started(C);
        assertThat(pick()).isNotEqualTo(A);

        clock.advance(Duration.ofSeconds(11));

        assertThat(pick()).isEqualTo(A);
    }

    @Test
    void triesEjectedTrackersWhenEveryTrackerIsEjected() {
        trackers.forEach(t -> load.connectFailed(t.getInstanceId()));

        assertThat(pick()).isIn(A, B, C);
    }

    @Test
    void finishedRequestsNoLongerCount() {
        load.started(A);
        load.finished(A);
        load.finished(A);

        assertThat(load.inFlight(A)).isZero();
    }

    @Test
    void latencyMeasurePrefersTheFasterTrackerWhenNoneIsBusy() {
        LeastLoadedLoadBalancer byLatency = new LeastLoadedLoadBalancer(null, load, LoadMeasure.LATENCY, null);
        load.observed(A, Duration.ofMillis(400));
        load.observed(B, Duration.ofMillis(5));
        load.observed(C, Duration.ofMillis(300));

        for (int i = 0; i < 5; i++) {
            assertThat(byLatency.pick(trackers).getServer().getInstanceId()).isEqualTo(B);
        }
    }

    @Test
    void skipsATrackerWhoseCircuitBreakerIsOpen() {
        TrackerBreakers breakers = new TrackerBreakers(
                io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults());
        breakers.of(A).transitionToOpenState();
        LeastLoadedLoadBalancer guarded = new LeastLoadedLoadBalancer(null, load, LoadMeasure.IN_FLIGHT, breakers);

        for (int i = 0; i < 6; i++) {
            assertThat(guarded.pick(trackers).getServer().getInstanceId()).isNotEqualTo(A);
        }
    }

    @Test
    void usesAWorseRankedTrackerOnlyWhileEveryBetterOneFailed() {
        TrackerRegistry registry = new TrackerRegistry(List.of(URI.create(A), URI.create(B), URI.create(C)));
        Instant now = clock.instant();
        registry.recordCheck(A, true, null, "LEADER", now, 2);
        registry.recordCheck(B, true, null, TrackerRegistry.NO_LEADER_ROLE, now, 2);
        registry.recordCheck(C, false, "timed out", null, now, 2);
        RegistryTrackerInstances instances = new RegistryTrackerInstances("tracker", registry);
        load.started(A);
        load.started(A);

        assertThat(balancer.pick(instances.get().blockFirst()).getServer().getInstanceId())
                .as("the best rank wins over a lighter load").isEqualTo(A);

        load.connectFailed(A); // the leader just died
        assertThat(balancer.pick(instances.get().blockFirst()).getServer().getInstanceId()).isEqualTo(B);

        load.connectFailed(B);
        assertThat(balancer.pick(instances.get().blockFirst()).getServer().getInstanceId()).isEqualTo(C);

        load.connectFailed(C); // all failed: the best rank is tried again
        assertThat(balancer.pick(instances.get().blockFirst()).getServer().getInstanceId()).isEqualTo(A);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
