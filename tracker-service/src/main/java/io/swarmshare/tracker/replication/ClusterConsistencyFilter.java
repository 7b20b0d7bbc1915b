package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.state.TrackerStateMachine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.locks.Lock;

/**
 * Read-your-writes on every tracker: each /api request first waits for a linearizable-read confirmation
 * ({@link ReadBarrier}) so that what it reads (its session included) reflects every write acknowledged before it,
 * whichever tracker acknowledged it. Every answer says how far this tracker has applied the log
 * ({@value #APPLIED_INDEX}); one that could not be confirmed current also carries {@value #STALE}{@code : true}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ClusterConsistencyFilter extends OncePerRequestFilter {

    static final String APPLIED_INDEX = "X-Swarmshare-Applied-Index";
    static final String STALE = "X-Swarmshare-Stale";

    private final ReadBarrier barrier;
    private final TrackerStateMachine stateMachine;

    ClusterConsistencyFilter(ReadBarrier barrier, TrackerStateMachine stateMachine) {
        this.barrier = barrier;
        this.stateMachine = stateMachine;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean clusterStatus = path.startsWith("/api/v1/cluster");
        if (!clusterStatus && !barrier.await()) {
            response.setHeader(STALE, "true");
        }
        response.setHeader(APPLIED_INDEX, Long.toString(stateMachine.appliedIndex()));
        Lock gate = stateMachine.requestGate();
        gate.lock();
        try {
            chain.doFilter(request, response);
        } finally {
            gate.unlock();
        }
    }
}
