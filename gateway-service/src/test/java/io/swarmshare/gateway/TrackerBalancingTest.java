package io.swarmshare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackerBalancingTest {

    static final FakeTracker a = FakeTracker.start("a");
    static final FakeTracker b = FakeTracker.start("b");

    @DynamicPropertySource
    static void trackers(DynamicPropertyRegistry registry) {
        registry.add("swarmshare.gateway.trackers", () -> a.baseUri() + "," + b.baseUri());
    }

    @AfterAll
    static void stopTrackers() {
        a.close();
        b.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = TestHttp.client();

    HttpRequest get(String path) {
        return TestHttp.request(URI.create("http://127.0.0.1:" + port + path)).GET().build();
    }

    @Test
    void sendsNewRequestsToTheTrackerWithFewestRequestsInFlight() throws Exception {
        CountDownLatch slowArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        for (FakeTracker tracker : List.of(a, b)) {
            tracker.respondWith((request, exchange) -> {
                if (request.pathAndQuery().equals("/api/slow")) {
                    slowArrived.countDown();
                    release.await(20, TimeUnit.SECONDS);
                }
                FakeTracker.answer(exchange, 200, "text/plain", tracker.name());
            });
        }
        try {
            CompletableFuture<HttpResponse<String>> slow = http.sendAsync(get("/api/slow"), BodyHandlers.ofString());
            assertThat(slowArrived.await(10, TimeUnit.SECONDS)).as("slow request reached a tracker").isTrue();

            List<String> servedBy = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                servedBy.add(http.send(get("/api/fast"), BodyHandlers.ofString()).body());
            }
            release.countDown();
            String busy = slow.get(10, TimeUnit.SECONDS).body();

            String idle = busy.equals("a") ? "b" : "a";
            assertThat(servedBy).containsOnly(idle);
        } finally {
            release.countDown();
        }
    }

    @Test
    void spreadsSequentialRequestsOverAllTrackers() throws Exception {
        for (FakeTracker tracker : List.of(a, b)) {
            tracker.respondWith((request, exchange) -> FakeTracker.answer(exchange, 200, "text/plain", tracker.name()));
        }
        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            servedBy.add(http.send(get("/api/v1/groups"), BodyHandlers.ofString()).body());
        }
        assertThat(servedBy).contains("a", "b");
    }
}
