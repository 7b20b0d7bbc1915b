package io.swarmshare.tracker.web;

import io.swarmshare.common.api.SessionView;
import io.swarmshare.tracker.support.TrackerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Through the real Tomcat: what it rejects before Spring MVC sees a request is a problem detail too. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServletContainerErrorsTest extends TrackerTestBase {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String rawPath, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(java.time.Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void encodedSlashInAGroupNameReachesTheTrackerAndIsNotFound() throws Exception {
        SessionView s = newUser("alice");

        HttpResponse<String> r = get("/api/v1/groups/a%2Fb/files", s.token());

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json.readTree(r.body()).get("detail").asString()).isEqualTo("Group 'a/b' does not exist.");
    }

    @Test
    void requestTomcatRejectsIsAProblemNotAnHtmlPage() throws Exception {
        HttpResponse<String> r = get("/api/v1/groups/a%00b/files", null);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json.readTree(r.body()).get("type").asString()).isEqualTo("https://swarmshare.io/problems/bad-request");
        assertThat(r.body()).doesNotContain("<html", "Tomcat");
    }
}
