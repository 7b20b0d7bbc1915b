package io.swarmshare.gateway.routing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;

/**
 * Beans of the load balancer's child context for the tracker service. Deliberately not a {@code @Configuration}:
 * component scan must not put these beans in the main context (they are per balanced service).
 */
public class TrackerLoadBalancerConfiguration {

    @Bean
    ServiceInstanceListSupplier trackerInstances(GatewayProperties properties) {
        return new StaticTrackerInstances(TrackerRoutes.TRACKER_SERVICE_ID, properties.trackers());
    }

    @Bean
    ReactorLoadBalancer<ServiceInstance> leastInFlightLoadBalancer(
            ObjectProvider<ServiceInstanceListSupplier> instances, TrackerLoad load) {
        return new LeastInFlightLoadBalancer(instances, load);
    }
}
