package io.swarmshare.gateway.routing;

import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import io.swarmshare.gateway.registry.TrackerRegistry;
import reactor.core.publisher.Flux;

/**
 * The trackers new requests may go to ({@link TrackerRegistry#routable()}), read afresh for every request; the
 * instance id is the tracker's normalised base URL, metadata {@code trackerId} its own id and {@value #RANK} how much
 * it is preferred ({@link TrackerRegistry#rank}, lower is better).
 */
public final class RegistryTrackerInstances implements ServiceInstanceListSupplier {

    public static final String RANK = "rank";

    private final String serviceId;
    private final TrackerRegistry registry;

    public RegistryTrackerInstances(String serviceId, TrackerRegistry registry) {
        this.serviceId = serviceId;
        this.registry = registry;
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.defer(() -> Flux.just(registry.routable().stream().map(this::toInstance).toList()));
    }

    private ServiceInstance toInstance(TrackerRegistry.Tracker tracker) {
        boolean secure = "https".equalsIgnoreCase(tracker.url().getScheme());
        DefaultServiceInstance instance = new DefaultServiceInstance(tracker.key(), serviceId,
                tracker.url().getHost(), tracker.url().getPort(), secure, Map.of("trackerId", tracker.id(), RANK, Integer.toString(TrackerRegistry.rank(tracker))));
        return instance;
    }
}
