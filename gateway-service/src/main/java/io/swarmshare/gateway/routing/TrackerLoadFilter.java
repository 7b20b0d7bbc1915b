package io.swarmshare.gateway.routing;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR;

import java.net.ConnectException;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Runs right after the load balancer chose a tracker: counts the request as in flight on that tracker until it
 * ends (also on client cancel, hence {@code doFinally}) and ejects the tracker if it refused the connection.
 */
public final class TrackerLoadFilter implements GlobalFilter, Ordered {

    public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;

    private final TrackerLoad load;

    public TrackerLoadFilter(TrackerLoad load) {
        this.load = load;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Response<ServiceInstance> chosen = exchange.getAttribute(GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (chosen == null || !chosen.hasServer()) {
            return chain.filter(exchange);
        }
        String tracker = chosen.getServer().getInstanceId();
        load.started(tracker);
        return chain.filter(exchange)
                .doOnError(error -> {
                    if (isConnectFailure(error)) {
                        load.connectFailed(tracker);
                    }
                })
                .doFinally(signal -> load.finished(tracker));
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
