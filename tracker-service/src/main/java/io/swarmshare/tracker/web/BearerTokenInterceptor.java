package io.swarmshare.tracker.web;

import io.swarmshare.tracker.session.Caller;
import io.swarmshare.tracker.session.SessionService;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.Freshness;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Set;

/**
 * Every /api call but the three public ones and /api/v1/cluster must carry {@code Authorization: Bearer <token>} of a live session.
 * An interceptor rather than a filter: what it throws reaches the same exception handler as every other error,
 * so a 401 is a problem detail written by the one piece of code that writes them.
 */
@Component
class BearerTokenInterceptor implements HandlerInterceptor {

    static final String CALLER = BearerTokenInterceptor.class.getName() + ".caller";

    private static final Set<String> PUBLIC = Set.of(
            "POST /api/v1/users",
            "POST /api/v1/sessions",
            "GET /api/v1/tickets/public-key");

    /** Cluster status is public; membership changes check the cluster secret themselves. */
    private static final String CLUSTER = "/api/v1/cluster";

    private final SessionService sessions;
    private final Freshness freshness;

    BearerTokenInterceptor(SessionService sessions, Freshness freshness) {
        this.sessions = sessions;
        this.freshness = freshness;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (PUBLIC.contains(request.getMethod() + " " + path) || path.equals(CLUSTER) || path.startsWith(CLUSTER + "/")) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            throw DomainError.UNAUTHENTICATED.because("Log in first: this call needs an 'Authorization: Bearer <token>' header.");
        }
        String token = header.substring(7).trim();
        // A session opened through another tracker a moment ago may not have reached this one yet.
        Caller caller = freshness.lookAgainIfMissing(() -> sessions.authenticate(token))
                .orElseThrow(() -> DomainError.UNAUTHENTICATED.because("Your session has expired or was ended; log in again."));
        request.setAttribute(CALLER, caller);
        request.setAttribute(CommandBus.SESSION_ATTRIBUTE, caller.tokenHash());
        return true;
    }
}
