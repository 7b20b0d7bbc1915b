package io.swarmshare.gateway.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeoutException;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * The RFC 9457 problem the gateway itself answers with when it cannot forward a request. Problems a tracker
 * answered are never built here: they pass through untouched.
 */
public record GatewayProblem(HttpStatusCode status, URI type, String title, String detail) {

    public static final URI TRACKER_UNAVAILABLE = URI.create("https://swarmshare.io/problems/tracker-unavailable");
    public static final URI TRACKER_TIMEOUT = URI.create("https://swarmshare.io/problems/tracker-timeout");
    public static final URI TRACKER_CONNECTION_FAILED = URI.create("https://swarmshare.io/problems/tracker-connection-failed");
    public static final URI GATEWAY_ERROR = URI.create("https://swarmshare.io/problems/gateway-error");
    public static final URI ABOUT_BLANK = URI.create("about:blank");

    public static final String NO_TRACKER_REACHABLE = "No tracker is reachable through this gateway.";

    /** Decides what the client is told for an error raised while routing. */
    public static GatewayProblem from(Throwable error) {
        if (causedBy(error, ConnectException.class)) {
            return trackerUnavailable();
        }
        if (error instanceof ResponseStatusException rse) {
            // Spring Cloud Gateway raises 503 when the balancer has no tracker to offer.
            if (rse.getStatusCode().value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                return trackerUnavailable();
            }
            if (rse.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
                return trackerTimeout();
            }
            return fromStatus(rse);
        }
        if (causedBy(error, TimeoutException.class)
                || causedBy(error, org.springframework.cloud.gateway.support.TimeoutException.class)) {
            return trackerTimeout();
        }
        if (causedBy(error, IOException.class)) {
            return new GatewayProblem(HttpStatus.BAD_GATEWAY, TRACKER_CONNECTION_FAILED, "Tracker connection failed",
                    "The connection to the tracker broke before it answered.");
        }
        return new GatewayProblem(HttpStatus.INTERNAL_SERVER_ERROR, GATEWAY_ERROR, "Gateway error",
                "The gateway failed while forwarding the request.");
    }

    private static GatewayProblem trackerUnavailable() {
        return new GatewayProblem(HttpStatus.SERVICE_UNAVAILABLE, TRACKER_UNAVAILABLE, "Tracker unavailable",
                NO_TRACKER_REACHABLE);
    }

    private static GatewayProblem trackerTimeout() {
        return new GatewayProblem(HttpStatus.GATEWAY_TIMEOUT, TRACKER_TIMEOUT, "Tracker timeout",
                "The tracker did not answer in time.");
    }

    private static GatewayProblem fromStatus(ResponseStatusException rse) {
        HttpStatusCode status = rse.getStatusCode();
        HttpStatus known = HttpStatus.resolve(status.value());
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status.value();
        String detail;
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            detail = "There is nothing at this path on the gateway; the API is under /api/v1.";
        } else if (rse.getReason() != null && !rse.getReason().isBlank()) {
            detail = rse.getReason().endsWith(".") ? rse.getReason() : rse.getReason() + ".";
        } else {
            detail = title + ".";
        }
        return new GatewayProblem(status, ABOUT_BLANK, title, detail);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
