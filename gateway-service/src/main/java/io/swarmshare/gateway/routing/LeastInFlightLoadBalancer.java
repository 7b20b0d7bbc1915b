package io.swarmshare.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import reactor.core.publisher.Mono;

/**
 * Picks the tracker with the fewest requests in flight through this gateway. Trackers that recently refused a
 * connection are skipped unless all are; ties rotate so idle trackers share the load evenly.
 */
public final class LeastInFlightLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private final ObjectProvider<ServiceInstanceListSupplier> instances;
    private final TrackerLoad load;
    private final AtomicInteger rotation = new AtomicInteger();

    public LeastInFlightLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> instances, TrackerLoad load) {
        this.instances = instances;
        this.load = load;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = instances.getIfAvailable(NoopServiceInstanceListSupplier::new);
        return supplier.get(request).next().map(this::pick);
    }

    Response<ServiceInstance> pick(List<ServiceInstance> all) {
        if (all.isEmpty()) {
            return new EmptyResponse();
        }
        List<ServiceInstance> candidates = new ArrayList<>(all.size());
        for (ServiceInstance instance : all) {
            if (!load.isEjected(instance.getInstanceId())) {
                candidates.add(instance);
            }
        }
        if (candidates.isEmpty()) {
            candidates = all; // every tracker failed recently: try anyway, one may be back
        }
        int start = Math.floorMod(rotation.getAndIncrement(), candidates.size());
        ServiceInstance best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            ServiceInstance candidate = candidates.get((start + i) % candidates.size());
            int inFlight = load.inFlight(candidate.getInstanceId());
            if (inFlight < bestLoad) {
                best = candidate;
                bestLoad = inFlight;
            }
        }
        return new DefaultResponse(best);
    }
}
