package io.swarmshare.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * The HTTP client every gateway test uses. Every wait is bounded: a connect gives up after 5 s and a whole request
 * after 30 s, so a gateway that stops answering fails the test instead of hanging the build. HTTP/1.1 because the
 * JDK client's default h2c upgrade is not what real clients of the gateway send.
 */
final class TestHttp {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private TestHttp() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    }
}
