package io.swarmshare.tracker.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** Builds the tracker's problem details: type {@code https://swarmshare.io/problems/<slug>}, a title, a sentence. */
final class Problems {

    static final String TYPE_PREFIX = "https://swarmshare.io/problems/";

    private Problems() {
    }

    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setType(URI.create(TYPE_PREFIX + slug));
        pd.setTitle(title);
        return pd;
    }

    /** For errors known only by their status (the servlet container's own). */
    static ProblemDetail ofStatus(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null || status < 400) {
            known = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return switch (known) {
            case NOT_FOUND -> of(known, "not-found", "Not Found", "There is no such endpoint.");
            case METHOD_NOT_ALLOWED -> of(known, "method-not-allowed", "Method Not Allowed",
                    "This endpoint does not accept that HTTP method.");
            case UNAUTHORIZED -> of(known, "unauthenticated", "Not logged in", "Log in first.");
            case FORBIDDEN -> of(known, "forbidden", "Forbidden", "You may not do that.");
            case INTERNAL_SERVER_ERROR -> internalError();
            default -> of(known, known.is4xxClientError() ? "bad-request" : "server-error", known.getReasonPhrase(),
                    known.is4xxClientError() ? "The tracker could not accept this request." :
                            "The tracker could not answer this request; try again later.");
        };
    }

    static ProblemDetail internalError() {
        return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal Server Error",
                "The tracker failed unexpectedly; the error was logged, try again later.");
    }
}
