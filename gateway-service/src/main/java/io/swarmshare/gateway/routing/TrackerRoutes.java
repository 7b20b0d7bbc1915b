package io.swarmshare.gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.swarmshare.gateway.registry.TrackerHealthChecker;
import io.swarmshare.gateway.registry.TrackerRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/**} goes to the least loaded live tracker. What is retried on another tracker:
 * <ul>
 * <li>any request whose connection was refused or timed out: it never reached a tracker;</li>
 * <li>requests safe to repeat (GET, HEAD, and writes carrying {@code Idempotency-Key} when
 * {@code swarmshare.gateway.idempotency-keys-honoured} says the trackers honour it) also after a timeout, a broken
 * connection or a 502/503/504 answer.</li>
 * </ul>
 * Any other answer, 5xx included, passes through unchanged: a write that may have reached a tracker is never
 * repeated behind the client's back.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClient(name = TrackerRoutes.TRACKER_SERVICE_ID, configuration = TrackerLoadBalancerConfiguration.class)
public class TrackerRoutes {

    public static final String TRACKER_SERVICE_ID = "tracker";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Bean
    Clock gatewayClock() {
        return Clock.systemUTC();
    }

    @Bean
    TrackerRegistry trackerRegistry(GatewayProperties properties) {
        return new TrackerRegistry(properties.trackers());
    }

    @Bean
    TrackerHealthChecker trackerHealthChecker(TrackerRegistry registry, GatewayProperties properties,
                                              WebClient.Builder webClient, JsonMapper json, Clock clock) {
        return new TrackerHealthChecker(registry, properties, webClient, json, clock);
    }

    @Bean
    TrackerLoad trackerLoad(GatewayProperties properties, Clock clock) {
        return new TrackerLoad(clock, properties.ejectAfterConnectFailure());
    }

    @Bean
    @ConditionalOnMissingBean
    LoadMeasure loadMeasure(GatewayProperties properties) {
        return LoadMeasure.named(properties.loadMeasure());
    }

    @Bean
    TrackerBreakers trackerBreakers(CircuitBreakerRegistry registry) {
        return new TrackerBreakers(registry);
    }

    @Bean
    TrackerLoadFilter trackerLoadFilter(TrackerLoad load, TrackerBreakers breakers) {
        return new TrackerLoadFilter(load, breakers);
    }

    @Bean
    RouteLocator trackerApiRoute(RouteLocatorBuilder routes, GatewayProperties properties) {
        // Enough attempts to reach every tracker; registered ones are not known yet, so at least 3.
        int retries = Math.max(3, properties.trackers().size());
        int connectMillis = Math.toIntExact(properties.connectTimeout().toMillis());
        long readMillis = Math.min(properties.readResponseTimeout().toMillis(), properties.responseTimeout().toMillis());
        boolean keys = properties.idempotencyKeysHonoured();
        return routes.routes()
                .route("tracker-api-repeatable", route -> route.order(0)
                        .path("/api/**").and()
                        .predicate(exchange -> {
                            HttpMethod method = exchange.getRequest().getMethod();
                            return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                                    || (keys && exchange.getRequest().getHeaders().containsHeader(IDEMPOTENCY_KEY));
                        })
                        .filters(filters -> filters.retry(retry -> retry
                                .setRetries(retries)
                                .allMethods()
                                .setSeries()
                                .setStatuses(HttpStatus.BAD_GATEWAY, HttpStatus.SERVICE_UNAVAILABLE,
                                        HttpStatus.GATEWAY_TIMEOUT)
                                .setExceptions(IOException.class, TimeoutException.class,
                                        org.springframework.cloud.gateway.support.TimeoutException.class)))
                        .metadata(CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RESPONSE_TIMEOUT_ATTR, readMillis)
                        .uri("lb://" + TRACKER_SERVICE_ID))
                .route("tracker-api", route -> route.order(1)
                        .path("/api/**")
                        .filters(filters -> filters.retry(retry -> retry
                                .setRetries(retries)
                                .allMethods()
                                .setSeries()
                                .setStatuses()
                                .setExceptions(ConnectException.class)))
                        .metadata(CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RESPONSE_TIMEOUT_ATTR, properties.responseTimeout().toMillis())
                        .uri("lb://" + TRACKER_SERVICE_ID))
                .build();
    }
}
