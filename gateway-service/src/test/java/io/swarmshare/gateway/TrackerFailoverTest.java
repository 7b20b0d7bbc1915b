package io.swarmshare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The first tracker listed is down: the balancer tries it first, the retry must land on the live one. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackerFailoverTest {

    static final URI dead = FakeTracker.closedPort();
    static final FakeTracker live = FakeTracker.start("live");

    @DynamicPropertySource
    static void trackers(DynamicPropertyRegistry registry) {
        registry.add("swarmshare.gateway.trackers", () -> dead + "," + live.baseUri());
    }

    @AfterAll
    static void stopTracker() {
        live.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = TestHttp.client();

    @Test
    void retriesWritesWithTheirBodyOnAnotherTrackerWhenOneRefusesConnections() throws Exception {
        live.respondWith((request, exchange) -> FakeTracker.answer(exchange, 201, "application/json", request.body()));

        for (int i = 0; i < 4; i++) {
            String body = "{\"attempt\":" + i + "}";
            HttpResponse<String> response = http.send(TestHttp.request(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/groups"))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());

            assertThat(response.statusCode()).as("attempt %d", i).isEqualTo(201);
            assertThat(response.body()).isEqualTo(body);
        }
        assertThat(live.received()).hasSize(4)
                .allSatisfy(r -> assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("{\"attempt\":"));
    }
}
