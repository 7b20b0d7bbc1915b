package io.swarmshare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Under a closed-loop load generator (16 users, each sending its next request when the last one answered), a
 * tracker that answers slowly keeps more requests in flight, so least-in-flight routing sends it fewer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlowTrackerRoutingTest {

    static final FakeTracker slow = FakeTracker.start("slow");
    static final FakeTracker fast = FakeTracker.start("fast");

    @DynamicPropertySource
    static void trackers(DynamicPropertyRegistry registry) {
        registry.add("swarmshare.gateway.trackers", () -> slow.baseUri() + "," + fast.baseUri());
    }

    @AfterAll
    static void stopTrackers() {
        slow.close();
        fast.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aSlowedTrackerGetsFewerRequests() throws Exception {
        slow.respondWith((request, exchange) -> {
            Thread.sleep(300); // e.g. a tracker on an overloaded host; long enough to stand out when this machine is loaded too
            FakeTracker.answer(exchange, 200, "application/json", "[]");
        });
        fast.respondWith((request, exchange) -> FakeTracker.answer(exchange, 200, "application/json", "[]"));
        HttpClient http = TestHttp.client();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/groups");

        int users = 16;
        int perUser = 25;
        try (ExecutorService pool = Executors.newFixedThreadPool(users)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perUser; i++) {
                        if (http.send(TestHttp.request(uri).GET().build(), BodyHandlers.discarding())
                                .statusCode() == 200) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : done) {
                ok += f.get(2, TimeUnit.MINUTES);
            }
            assertThat(ok).isEqualTo(users * perUser);
        }

        int toSlow = slow.received().size();
        int toFast = fast.received().size();
        System.out.printf("slow tracker got %d requests, fast tracker %d%n", toSlow, toFast);
        assertThat(toSlow + toFast).isEqualTo(users * perUser);
        assertThat(toSlow).isLessThan(toFast / 2); // round robin would give 200 each
    }
}
