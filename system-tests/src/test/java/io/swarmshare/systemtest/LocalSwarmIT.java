package io.swarmshare.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.swarmshare.systemtest.support.LocalSwarm;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LocalSwarmIT {

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void trackerAndGatewayStartAndAnswerHealth(TestInfo test) throws Exception {
        try (LocalSwarm swarm = LocalSwarm.builder(test).agents(0).start()) {
            HttpResponse<String> gatewayHealth = get(swarm.gatewayUri().resolve("/actuator/health"));
            assertThat(gatewayHealth.statusCode()).isEqualTo(200);
            assertThat(json.readTree(gatewayHealth.body()).get("status").asString()).isEqualTo("UP");

            // An anonymous tracker call through the gateway proves the route to the tracker works.
            HttpResponse<String> key = get(swarm.gatewayUri().resolve("/api/v1/tickets/public-key"));
            assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
            JsonNode body = json.readTree(key.body());
            assertThat(body.isObject()).isTrue();
            assertThat(body.size()).isPositive();

            swarm.tracker().kill();
            HttpResponse<String> down = get(swarm.gatewayUri().resolve("/api/v1/tickets/public-key"));
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(down.body()).get("detail").asString())
                    .isEqualTo("No tracker is reachable through this gateway.");
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
