package io.swarmshare.tracker.idempotency;

import io.swarmshare.tracker.state.DomainError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads {@code Idempotency-Key} on writes (any method but GET, HEAD and OPTIONS) and binds it to the request for
 * {@link RequestIdempotency}. The fingerprint ties a key to one caller and one endpoint: the same key sent by
 * another session or to another path is refused instead of answered with someone else's result.
 */
@Component
public class IdempotencyKeyInterceptor implements HandlerInterceptor {

    static final int MAX_KEY_LENGTH = 255;

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String method = request.getMethod();
        String key = request.getHeader(RequestIdempotency.HEADER);
        if (key == null || method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return true;
        }
        if (!valid(key)) {
            throw DomainError.INVALID_REQUEST.because("The Idempotency-Key header must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters.");
        }
        RequestIdempotency.bind(key, fingerprint(method, request.getRequestURI(), request.getHeader("Authorization")));
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        RequestIdempotency.clear();
    }

    static boolean valid(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    static String fingerprint(String method, String path, String authorization) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String text = method + ' ' + path + '\n' + (authorization == null ? "" : authorization);
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
