package io.swarmshare.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** No static trackers: a tracker registers with the cluster secret (REGISTER), is used, and deregisters (REMOVE). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackerRegistrationTest {

    static final String SECRET = "correct horse battery staple";
    static final FakeTracker t1 = FakeTracker.start("t1");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("swarmshare.gateway.trackers", () -> "");
        registry.add("swarmshare.gateway.secret", () -> SECRET);
    }

    @AfterAll
    static void stopTracker() {
        t1.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http = TestHttp.client();

    HttpResponse<String> send(String method, String path, String secret, String body) throws Exception {
        HttpRequest.Builder request = TestHttp.request(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (secret != null) {
            request.header("X-Swarmshare-Cluster-Secret", secret);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    @Test
    void aRegisteredTrackerGetsRequestsUntilItDeregisters() throws Exception {
        String registration = "{\"id\":\"t1\",\"url\":\"" + t1.baseUri() + "\"}";

        assertThat(send("GET", "/api/v1/groups", null, null).statusCode()).isEqualTo(503);
        assertThat(send("POST", "/gateway/trackers", null, registration).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = send("POST", "/gateway/trackers", "guess", registration);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("X-Swarmshare-Cluster-Secret").doesNotContain(SECRET);

        assertThat(send("POST", "/gateway/trackers", SECRET, registration).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/gateway/trackers", SECRET, registration).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/groups", null, null).statusCode()).isEqualTo(200);
        assertThat(t1.received()).extracting(FakeTracker.Received::pathAndQuery).contains("/api/v1/groups");
        assertThat(send("GET", "/gateway/trackers", null, null).body()).contains("\"id\":\"t1\"", "REGISTERED");

        assertThat(send("DELETE", "/gateway/trackers/t1", "guess", null).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/gateway/trackers/t1", SECRET, null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/gateway/trackers/t1", SECRET, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/groups", null, null).statusCode()).isEqualTo(503);
    }

    @Test
    void rejectsARegistrationWithAPathOrABadId() throws Exception {
        assertThat(send("POST", "/gateway/trackers", SECRET, "{\"id\":\"t9\",\"url\":\"http://127.0.0.1:1/api\"}")
                .statusCode()).isEqualTo(400);
        assertThat(send("POST", "/gateway/trackers", SECRET, "{\"id\":\"a b\",\"url\":\"http://127.0.0.1:1\"}")
                .statusCode()).isEqualTo(400);
    }
}
