package io.swarmshare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A write whose answer is lost (the tracker took it, then froze) is repeated on another tracker only
 * when it carries an {@code Idempotency-Key}, which the trackers honour; without one it is never sent twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotentWriteRetryTest {

    static final FakeTracker a = FakeTracker.start("a");
    static final FakeTracker b = FakeTracker.start("b");

    @DynamicPropertySource
    static void trackers(DynamicPropertyRegistry registry) {
        registry.add("swarmshare.gateway.trackers", () -> a.baseUri() + "," + b.baseUri());
        registry.add("swarmshare.gateway.read-response-timeout", () -> "1s");
        registry.add("swarmshare.gateway.response-timeout", () -> "2s");
    }

    @AfterAll
    static void stopTrackers() {
        a.close();
        b.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = TestHttp.client();

    @BeforeEach
    void oneTrackerTakesEveryWriteAndNeverAnswers() {
        a.received().clear();
        b.received().clear();
        b.respondWith((request, exchange) -> FakeTracker.answer(exchange, 201, "application/json", "{\"ok\":true}"));
        a.respondWith((request, exchange) -> {
            Thread.sleep(3_000); // took the write, then froze past the gateway's timeouts: the answer is lost
            FakeTracker.answer(exchange, 201, "application/json", "{\"ok\":true}");
        });
    }

    HttpResponse<String> post(String key, int n) throws Exception {
        HttpRequest.Builder request = TestHttp.request(URI.create("http://127.0.0.1:" + port + "/api/v1/groups"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"name\":\"films-" + n + "\"}"));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    static String body(FakeTracker.Received r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Sends until tracker a has lost at least one answer (the balancer and a's breaker decide who goes first). */
    List<Integer> sendUntilALostOne(boolean keyed) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int n = 0; a.received().isEmpty() || statuses.size() < 4; n++) {
            assertThat(System.nanoTime()).as("tracker a was never tried").isLessThan(deadline);
            statuses.add(post(keyed ? "key-" + n : null, n).statusCode());
            Thread.sleep(50);
        }
        return statuses;
    }

    @Test
    void aKeyedWriteIsRepeatedWithItsKeyOnTheOtherTracker() throws Exception {
        assertThat(sendUntilALostOne(true)).containsOnly(201);
        for (FakeTracker.Received lost : a.received()) {
            assertThat(b.received()).anySatisfy(r -> {
                assertThat(r.header("Idempotency-Key")).isEqualTo(lost.header("Idempotency-Key"));
                assertThat(body(r)).isEqualTo(body(lost));
            });
        }
    }

    @Test
    void aWriteWithoutAKeyIsNotRepeated() throws Exception {
        List<Integer> statuses = sendUntilALostOne(false);
        assertThat(statuses.stream().filter(s -> s != 201).count()).isEqualTo(a.received().size());
        List<String> atA = a.received().stream().map(IdempotentWriteRetryTest::body).toList();
        assertThat(b.received()).noneSatisfy(r -> assertThat(atA).contains(body(r)));
    }
}
