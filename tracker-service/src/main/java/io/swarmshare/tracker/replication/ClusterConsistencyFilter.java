package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.state.TrackerStateMachine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * Read-your-writes on every tracker: each /api read (GET, HEAD) first waits for a linearizable-read confirmation
 * ({@link ReadBarrier}) so that what it reads (its session included) reflects every write acknowledged before it,
 * whichever tracker acknowledged it. A write goes without: the applier checks it again in log order, session
 * included, and what the write looks up here first is confirmed only when it is missing
 * ({@link io.swarmshare.tracker.state.Freshness}); that saves a follower a round trip to the leader per write
 * (3-tracker write throughput +45 %, bench/cluster/RESULTS.md). Every answer says how far this tracker has
 * applied the log ({@value #APPLIED_INDEX}) and which tracker answered ({@value #TRACKER}: the Raft member id, for
 * operators and for tests that count where a gateway sent requests); one that could not be confirmed current also
 * carries {@value #STALE}{@code : true}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ClusterConsistencyFilter extends OncePerRequestFilter {

    static final String APPLIED_INDEX = "X-Swarmshare-Applied-Index";
    static final String STALE = "X-Swarmshare-Stale";
    static final String TRACKER = "X-Swarmshare-Tracker";

    private final ReadBarrier barrier;
    private final TrackerStateMachine stateMachine;
    /** The member id is known once the Raft node has started, after this filter is built. */
    private final Supplier<String> trackerId;

    @Autowired
    ClusterConsistencyFilter(ReadBarrier barrier, TrackerStateMachine stateMachine, RaftNode node) {
        this(barrier, stateMachine, () -> node.selfId().toString());
    }

    ClusterConsistencyFilter(ReadBarrier barrier, TrackerStateMachine stateMachine, Supplier<String> trackerId) {
        this.barrier = barrier;
        this.stateMachine = stateMachine;
        this.trackerId = trackerId;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/");
    }

    /** Writes need no confirmation up front: see {@link io.swarmshare.tracker.state.Freshness}. */
    private static boolean isRead(HttpServletRequest request) {
        String method = request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean clusterStatus = path.startsWith("/api/v1/cluster");
        if (!clusterStatus && isRead(request)) {
            request.setAttribute(ReadBarrier.CONFIRMED, Boolean.TRUE);
            if (!barrier.await()) {
                response.setHeader(STALE, "true");
            }
        }
        response.setHeader(APPLIED_INDEX, Long.toString(stateMachine.appliedIndex()));
        response.setHeader(TRACKER, trackerId.get());
        Lock gate = stateMachine.requestGate();
        gate.lock();
        try {
            chain.doFilter(request, response);
        } finally {
            gate.unlock();
        }
    }
}
