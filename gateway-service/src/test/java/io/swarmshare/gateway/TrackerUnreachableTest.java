package io.swarmshare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackerUnreachableTest {

    static final URI closed = FakeTracker.closedPort();

    @DynamicPropertySource
    static void trackers(DynamicPropertyRegistry registry) {
        registry.add("swarmshare.gateway.trackers", closed::toString);
    }

    @LocalServerPort
    int port;

    final HttpClient http = TestHttp.client();
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void answersProblem503WhenNoTrackerIsReachable() throws Exception {
        HttpResponse<String> response = http.send(TestHttp.request(
                URI.create("http://127.0.0.1:" + port + "/api/v1/groups")).GET().build(), BodyHandlers.ofString());

        assertNoTrackerProblem(response, "/api/v1/groups");
    }

    @Test
    void answersProblem503ForWritesWithABodyWhenNoTrackerIsReachable() throws Exception {
        HttpResponse<String> response = http.send(TestHttp.request(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/sessions"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"username\":\"ann\",\"password\":\"secret-123\"}")).build(),
                BodyHandlers.ofString());

        assertNoTrackerProblem(response, "/api/v1/sessions");
    }

    private void assertNoTrackerProblem(HttpResponse<String> response, String path) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("type").asString()).isEqualTo("https://swarmshare.io/problems/tracker-unavailable");
        assertThat(problem.get("detail").asString()).isEqualTo("No tracker is reachable through this gateway.");
        assertThat(problem.get("instance").asString()).isEqualTo(path);
    }
}
