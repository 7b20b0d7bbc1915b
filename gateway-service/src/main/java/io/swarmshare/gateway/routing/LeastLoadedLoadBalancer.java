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
 * Picks the routable tracker with the least load ({@link LoadMeasure}: requests in flight through this gateway by
 * default). Trackers that recently refused a connection or whose circuit breaker is open are skipped unless all
 * are; ties rotate so idle trackers share the load evenly.
 */
public final class LeastLoadedLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private final ObjectProvider<ServiceInstanceListSupplier> instances;
    private final TrackerLoad load;
    private final LoadMeasure measure;
    private final TrackerBreakers breakers;
    private final AtomicInteger rotation = new AtomicInteger();

    public LeastLoadedLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> instances, TrackerLoad load,
                                   LoadMeasure measure, TrackerBreakers breakers) {
        this.instances = instances;
        this.load = load;
        this.measure = measure;
        this.breakers = breakers;
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
            String id = instance.getInstanceId();
            if (!load.isEjected(id) && (breakers == null || breakers.allows(id))) {
                candidates.add(instance);
            }
        }
        if (candidates.isEmpty()) {
            candidates = all; // every tracker failed recently: try anyway, one may be back
        }
        int start = Math.floorMod(rotation.getAndIncrement(), candidates.size());
        ServiceInstance best = null;
        double bestLoad = Double.MAX_VALUE;
        for (int i = 0; i < candidates.size(); i++) {
            ServiceInstance candidate = candidates.get((start + i) % candidates.size());
            double value = measure.load(candidate.getInstanceId(), load);
            if (value < bestLoad) {
                best = candidate;
                bestLoad = value;
            }
        }
        return new DefaultResponse(best);
    }
}
