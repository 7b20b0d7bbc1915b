package io.swarmshare.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Runs right after the load balancer chose a tracker: counts the request as in flight on that tracker until it
 * ends (also on client cancel, hence {@code doFinally}), feeds its response time to {@link TrackerLoad}, ejects the
 * tracker if it refused the connection, and reports the outcome to the tracker's circuit breaker (a 5xx answer,
 * a timeout or a broken connection is a failure).
 */
public final class TrackerLoadFilter implements GlobalFilter, Ordered {

    public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;

    private final TrackerLoad load;
    private final TrackerBreakers breakers;

    public TrackerLoadFilter(TrackerLoad load, TrackerBreakers breakers) {
        this.load = load;
        this.breakers = breakers;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Response<ServiceInstance> chosen = exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (chosen == null || !chosen.hasServer()) {
            return chain.filter(exchange);
        }
        String tracker = chosen.getServer().getInstanceId();
        CircuitBreaker breaker = breakers.of(tracker);
        boolean permitted = breaker.tryAcquirePermission();
        long started = System.nanoTime();
        load.started(tracker);
        return chain.filter(exchange)
                .doOnError(error -> {
                    if (isConnectFailure(error)) {
                        load.connectFailed(tracker);
                    }
                    if (permitted) {
                        breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, error);
                    }
                })
                .doOnSuccess(done -> {
                    if (permitted) {
                        HttpStatusCode status = exchange.getResponse().getStatusCode();
                        long elapsed = System.nanoTime() - started;
                        if (status != null && status.is5xxServerError()) {
                            breaker.onError(elapsed, TimeUnit.NANOSECONDS,
                                    new IOException("tracker answered " + status.value()));
                        } else {
                            breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                        }
                    }
                })
                .doFinally(signal -> {
                    if (signal == SignalType.CANCEL && permitted) {
                        breaker.releasePermission();
                    }
                    load.observed(tracker, java.time.Duration.ofNanos(System.nanoTime() - started));
                    load.finished(tracker);
                });
    }

    static boolean isConnectFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
