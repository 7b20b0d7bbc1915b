package io.swarmshare.tracker.web;

import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.DomainException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * The one place where failures become RFC 9457 problem details: a stable type, a title and a sentence the CLI
 * prints as is. Stack traces go to the log, never into a response.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        DomainError error = e.error();
        ProblemDetail pd = Problems.of(HttpStatusCode.valueOf(error.status()), error.slug(), error.title(), e.getMessage());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(error.status());
        if (error.status() == 401) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return answer.body(pd);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.internalServerError().body(Problems.internalError());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail pd = describe(ex, status, request);
        if (status.is5xxServerError()) {
            log.error("failure on {}", describeRequest(request), ex);
        }
        return super.handleExceptionInternal(ex, pd, headers, status, request);
    }

    private ProblemDetail describe(Exception ex, HttpStatusCode status, WebRequest request) {
        return switch (ex) {
            case HttpMessageNotReadableException e -> unreadable(e, status);
            case HttpRequestMethodNotSupportedException e -> Problems.of(status, "method-not-allowed", "Method Not Allowed",
                    "This endpoint does not accept " + e.getMethod() + "; it accepts "
                            + supported(e) + ".");
            case HttpMediaTypeNotSupportedException e -> Problems.of(status, "unsupported-media-type",
                    "Unsupported Media Type", "Send the request body as application/json.");
            case HttpMediaTypeNotAcceptableException e -> Problems.of(status, "not-acceptable", "Not Acceptable",
                    "This endpoint answers only in application/json.");
            case MissingServletRequestParameterException e -> Problems.of(status, "missing-parameter", "Missing parameter",
                    "The query parameter '" + e.getParameterName() + "' is required.");
            case MissingPathVariableException e -> Problems.internalError();
            case MethodArgumentTypeMismatchException e -> Problems.of(status, "type-mismatch", "Invalid parameter",
                    "The value of '" + e.getName() + "' is not a valid " + simpleType(e.getRequiredType()) + ".");
            case TypeMismatchException e -> Problems.of(status, "type-mismatch", "Invalid parameter",
                    "The value of '" + e.getPropertyName() + "' is not a valid " + simpleType(e.getRequiredType()) + ".");
            case NoResourceFoundException e -> notFound(request);
            case NoHandlerFoundException e -> notFound(request);
            default -> status.is5xxServerError() ? Problems.internalError() : Problems.ofStatus(status.value());
        };
    }

    private static String supported(HttpRequestMethodNotSupportedException e) {
        String[] methods = e.getSupportedMethods() == null ? new String[0] : e.getSupportedMethods().clone();
        java.util.Arrays.sort(methods);
        return String.join(", ", methods);
    }

    private static ProblemDetail unreadable(HttpMessageNotReadableException e, HttpStatusCode status) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ValueInstantiationException vie && vie.getCause() instanceof IllegalArgumentException iae
                    && iae.getMessage() != null) {
                // Our records validate in their constructors (FileManifest, FileNames): their reasons are for users.
                return Problems.of(status, "invalid-request", "Invalid request",
                        "Invalid " + field(vie) + ": " + iae.getMessage() + ".");
            }
        }
        if (e.getCause() == null && e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return Problems.of(status, "missing-body", "Missing request body", "This call needs a JSON request body.");
        }
        String where = e.getCause() instanceof JacksonException je && !je.getPath().isEmpty() ? " at '" + path(je) + "'" : "";
        return Problems.of(status, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON for this call" + where + ".");
    }

    private static String field(JacksonException e) {
        String p = path(e);
        return p.isEmpty() ? "request body" : "'" + p + "'";
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static ProblemDetail notFound(WebRequest request) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not Found",
                "There is no endpoint " + describeRequest(request) + ".");
    }

    private static String describeRequest(WebRequest request) {
        if (request instanceof ServletWebRequest swr) {
            return swr.getRequest().getMethod() + " " + swr.getRequest().getRequestURI();
        }
        return "for this request";
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean (true or false)";
        }
        return type.getSimpleName();
    }
}
