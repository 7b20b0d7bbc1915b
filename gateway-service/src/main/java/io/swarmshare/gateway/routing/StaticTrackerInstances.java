package io.swarmshare.gateway.routing;

import java.net.URI;
import java.util.List;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import reactor.core.publisher.Flux;

/** The trackers from {@code swarmshare.gateway.trackers}, as load-balancer instances; the instance id is the URI. */
public final class StaticTrackerInstances implements ServiceInstanceListSupplier {

    private final String serviceId;
    private final List<ServiceInstance> instances;

    public StaticTrackerInstances(String serviceId, List<URI> trackers) {
        this.serviceId = serviceId;
        this.instances = trackers.stream().map(uri -> toInstance(serviceId, uri)).toList();
    }

    private static ServiceInstance toInstance(String serviceId, URI uri) {
        boolean secure = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        String id = (secure ? "https" : "http") + "://" + uri.getHost() + ":" + port;
        return new DefaultServiceInstance(id, serviceId, uri.getHost(), port, secure);
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.just(instances);
    }
}
