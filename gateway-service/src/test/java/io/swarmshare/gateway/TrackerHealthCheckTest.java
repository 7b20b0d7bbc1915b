package io.swarmshare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Active health checks: a tracker that stops answering its probe (frozen) is dropped within 3 s, and comes back. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackerHealthCheckTest {

    static final FakeTracker a = FakeTracker.start("a");
    static final FakeTracker b = FakeTracker.start("b");
    static final CountDownLatch thaw = new CountDownLatch(1);

    @DynamicPropertySource
    static void trackers(DynamicPropertyRegistry registry) {
        registry.add("swarmshare.gateway.trackers", () -> a.baseUri() + "," + b.baseUri());
    }

    @AfterAll
    static void stopTrackers() {
        thaw.countDown();
        a.close();
        b.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = TestHttp.client();
    final JsonMapper json = JsonMapper.builder().build();

    @AfterEach
    void healthy() {
        a.respondToHealthWith((r, e) -> FakeTracker.answer(e, 200, "application/json", "{\"status\":\"UP\"}"));
    }

    JsonNode tracker(FakeTracker which) throws Exception {
        HttpResponse<String> view = poll();
        assertThat(view.statusCode()).isEqualTo(200);
        for (JsonNode t : json.readTree(view.body()).get("trackers")) {
            if (t.get("url").asString().equals(which.baseUri().toString())) {
                return t;
            }
        }
        throw new AssertionError("no " + which.baseUri() + " in " + view.body());
    }

    /**
     * One {@code GET /gateway/trackers}, asked again (on a new connection) if no answer comes within 5 s. Twice in
     * about ten loaded runs one of these polls got no answer at all while the gateway went on serving everyone else;
     * the cause is not found (see the closing note of issue 4), so the test bounds it instead of hanging.
     */
    HttpResponse<String> poll() throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpClient client = attempt == 1 ? http : TestHttp.client();
            try {
                return client.send(TestHttp.request(URI.create("http://127.0.0.1:" + port + "/gateway/trackers"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.err.println("GET /gateway/trackers: no answer within 5 s; asking again on a new connection."
                        + " The gateway's network threads meanwhile:");
                Thread.getAllStackTraces().forEach((thread, stack) -> {
                    if (thread.getName().startsWith("reactor-http") || thread.getName().startsWith("HttpClient")) {
                        System.err.println("  " + thread.getName() + " " + thread.getState() + " at "
                                + (stack.length == 0 ? "?" : stack[0]));
                    }
                });
            }
        }
    }

    String awaitHealth(FakeTracker which, String health, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String seen;
        do {
            seen = tracker(which).get("health").asString();
            if (seen.equals(health)) {
                return seen;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return seen;
    }

    @Test
    void aFrozenTrackerIsDroppedWithinThreeSecondsAndTakenBackWhenItAnswersAgain() throws Exception {
        assertThat(awaitHealth(a, "UP", Duration.ofSeconds(10))).isEqualTo("UP");
        a.respondToHealthWith((r, e) -> {
            thaw.await(5, TimeUnit.SECONDS); // like SIGSTOP: connected, never answers in time
            FakeTracker.answer(e, 200, "application/json", "{\"status\":\"UP\"}");
        });
        long frozeAt = System.nanoTime();

        assertThat(awaitHealth(a, "DOWN", Duration.ofSeconds(5))).isEqualTo("DOWN");
        Duration tookToDrop = Duration.ofNanos(System.nanoTime() - frozeAt);
        assertThat(tookToDrop).isLessThan(Duration.ofSeconds(3));
        assertThat(tracker(a).get("lastError").asString()).contains("timed out");

        a.received().clear();
        b.received().clear();
        for (int i = 0; i < 6; i++) {
            http.send(TestHttp.request(URI.create("http://127.0.0.1:" + port + "/api/v1/groups")).GET().build(),
                    BodyHandlers.discarding());
        }
        assertThat(a.received()).isEmpty();
        assertThat(b.received()).hasSize(6);

        healthy();
        assertThat(awaitHealth(a, "UP", Duration.ofSeconds(5))).isEqualTo("UP");
    }

    @Test
    void showsLoadMeasureAndRaftRoleFromTheTrackersClusterView() throws Exception {
        b.clusterView("{\"selfId\":\"t2\",\"members\":[{\"id\":\"t1\",\"role\":\"FOLLOWER\"},"
                + "{\"id\":\"t2\",\"role\":\"leader\"}]}");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!tracker(b).get("raftRole").asString().equals("LEADER") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        JsonNode view = tracker(b);
        assertThat(view.get("raftRole").asString()).isEqualTo("LEADER");
        assertThat(view.get("inFlight").asInt()).isZero();
        assertThat(view.get("lastCheck").isNull()).isFalse();
        assertThat(tracker(a).get("raftRole").asString()).isEqualTo("UNKNOWN"); // no /api/v1/cluster there

        HttpResponse<String> all = poll();
        assertThat(json.readTree(all.body()).get("loadMeasure").asString()).isEqualTo("in-flight");
    }
}
