package io.swarmshare.gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import java.net.ConnectException;
import java.time.Clock;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /api/**} goes to the tracker with the fewest requests in flight. A request whose connection is refused
 * never reached a tracker, so it is retried on another one whatever its method; anything the tracker answered
 * (including 5xx) is passed through unchanged.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClient(name = TrackerRoutes.TRACKER_SERVICE_ID, configuration = TrackerLoadBalancerConfiguration.class)
public class TrackerRoutes {

    public static final String TRACKER_SERVICE_ID = "tracker";

    @Bean
    TrackerLoad trackerLoad(GatewayProperties properties) {
        return new TrackerLoad(Clock.systemUTC(), properties.ejectAfterConnectFailure());
    }

    @Bean
    TrackerLoadFilter trackerLoadFilter(TrackerLoad load) {
        return new TrackerLoadFilter(load);
    }

    @Bean
    RouteLocator trackerApiRoute(RouteLocatorBuilder routes, GatewayProperties properties) {
        int retries = Math.max(1, properties.trackers().size());
        return routes.routes()
                .route("tracker-api", route -> route.path("/api/**")
                        .filters(filters -> filters.retry(retry -> retry
                                .setRetries(retries)
                                .allMethods()
                                .setSeries()
                                .setStatuses()
                                .setExceptions(ConnectException.class)))
                        .metadata(CONNECT_TIMEOUT_ATTR, Math.toIntExact(properties.connectTimeout().toMillis()))
                        .metadata(RESPONSE_TIMEOUT_ATTR, properties.responseTimeout().toMillis())
                        .uri("lb://" + TRACKER_SERVICE_ID))
                .build();
    }
}
