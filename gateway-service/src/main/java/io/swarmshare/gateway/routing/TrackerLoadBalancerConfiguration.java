package io.swarmshare.gateway.routing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;

import io.swarmshare.gateway.registry.TrackerRegistry;

/**
 * Beans of the load balancer's child context for the tracker service. Deliberately not a {@code @Configuration}:
 * component scan must not put these beans in the main context (they are per balanced service).
 */
public class TrackerLoadBalancerConfiguration {

    @Bean
    ServiceInstanceListSupplier trackerInstances(TrackerRegistry registry) {
        return new RegistryTrackerInstances(TrackerRoutes.TRACKER_SERVICE_ID, registry);
    }

    @Bean
    ReactorLoadBalancer<ServiceInstance> leastLoadedLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> instances,
                                                                 TrackerLoad load, LoadMeasure measure,
                                                                 TrackerBreakers breakers) {
        return new LeastLoadedLoadBalancer(instances, load, measure, breakers);
    }
}
