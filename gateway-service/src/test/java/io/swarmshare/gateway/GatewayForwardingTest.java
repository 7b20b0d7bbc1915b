package io.swarmshare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayForwardingTest {

    static final FakeTracker tracker = FakeTracker.start("tracker");

    @DynamicPropertySource
    static void trackers(DynamicPropertyRegistry registry) {
        registry.add("swarmshare.gateway.trackers", () -> tracker.baseUri().toString());
    }

    @AfterAll
    static void stopTracker() {
        tracker.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = TestHttp.client();

    @BeforeEach
    void clearTracker() {
        tracker.received().clear();
        tracker.respondWith((request, exchange) -> FakeTracker.answer(exchange, 200, "application/json", "{}"));
    }

    URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    @Test
    void forwardsMethodPathQueryHeadersAndBodyToTheTracker() throws Exception {
        String json = "{\"group\":\"films\",\"name\":\"a b.mkv\"}";
        HttpRequest request = TestHttp.request(gateway("/api/v1/groups/films/files?peerId=p%201&x=2"))
                .header("Authorization", "Bearer abc.def")
                .header("Content-Type", "application/json")
                .header("X-Custom", "kept")
                .method("PUT", BodyPublishers.ofString(json))
                .build();

        HttpResponse<String> response = http.send(request, BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        FakeTracker.Received seen = tracker.received().poll(5, TimeUnit.SECONDS);
        assertThat(seen).isNotNull();
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.pathAndQuery()).isEqualTo("/api/v1/groups/films/files?peerId=p%201&x=2");
        assertThat(seen.header("authorization")).isEqualTo("Bearer abc.def");
        assertThat(seen.header("content-type")).isEqualTo("application/json");
        assertThat(seen.header("x-custom")).isEqualTo("kept");
        assertThat(new String(seen.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(json);
    }

    @Test
    void returnsTheTrackersStatusHeadersAndBodyToTheClient() throws Exception {
        tracker.respondWith((request, exchange) -> {
            exchange.getResponseHeaders().set("Location", "/api/v1/groups/films");
            FakeTracker.answer(exchange, 201, "application/json", "{\"name\":\"films\"}");
        });

        HttpResponse<String> response = http.send(TestHttp.request(gateway("/api/v1/groups"))
                .POST(BodyPublishers.ofString("{\"name\":\"films\"}")).header("Content-Type", "application/json")
                .build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/groups/films");
        assertThat(response.body()).isEqualTo("{\"name\":\"films\"}");
    }

    @Test
    void passesTrackerProblemDetailsThroughUnchanged() throws Exception {
        String problem = "{\"type\":\"https://swarmshare.io/problems/name-taken\",\"title\":\"Conflict\","
                + "\"status\":409,\"detail\":\"Another file in films is already called a.mkv.\"}";
        tracker.respondWith((request, exchange) ->
                FakeTracker.answer(exchange, 409, "application/problem+json", problem));

        HttpResponse<String> response = http.send(TestHttp.request(gateway("/api/v1/groups/films/files"))
                .POST(BodyPublishers.ofString("{}")).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).isEqualTo(problem);
    }

    @Test
    void passesTrackerServerErrorsThroughWithoutRetrying() throws Exception {
        String problem = "{\"type\":\"https://swarmshare.io/problems/internal\",\"status\":500,"
                + "\"detail\":\"The tracker failed.\"}";
        tracker.respondWith((request, exchange) ->
                FakeTracker.answer(exchange, 500, "application/problem+json", problem));

        HttpResponse<String> response = http.send(TestHttp.request(gateway("/api/v1/groups")).GET().build(),
                BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo(problem);
        assertThat(tracker.received()).hasSize(1);
    }

    @Test
    void forwardsRequestBodiesOfSeveralMegabytes() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024 + 17];
        new Random(42).nextBytes(body);
        tracker.respondWith((request, exchange) -> FakeTracker.answer(exchange, 200, "text/plain",
                request.body().length + " " + sha1(request.body())));

        HttpResponse<String> response = http.send(TestHttp.request(gateway("/api/v1/groups/g/files"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body.length + " " + sha1(body));
    }

    @Test
    void answersHealthUpWithoutAskingTheTracker() throws Exception {
        HttpResponse<String> response = http.send(TestHttp.request(gateway("/actuator/health")).GET().build(),
                BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
        assertThat(tracker.received()).isEmpty();
    }

    @Test
    void answersProblemJsonForPathsOutsideTheApi() throws Exception {
        HttpResponse<String> response = http.send(TestHttp.request(gateway("/nothing/here"))
                .header("Accept", "text/html").GET().build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":404").contains("\"detail\":\"There is nothing at this path");
        assertThat(tracker.received()).isEmpty();
    }

    static String sha1(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
    }
}
