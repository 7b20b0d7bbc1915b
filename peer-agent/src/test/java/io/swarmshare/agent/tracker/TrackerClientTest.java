package io.swarmshare.agent.tracker;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.swarmshare.agent.config.Json;
import io.swarmshare.agent.storage.Session;
import io.swarmshare.common.api.AnnouncePeerRequest;
import io.swarmshare.common.api.PeerLease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class TrackerClientTest {

    private static final String LEASE = "{\"peerId\":\"p1\",\"heartbeatSeconds\":5,\"expiresAt\":\"2030-01-01T00:00:00Z\"}";

    private WireMockServer first;
    private WireMockServer second;
    private final AgentSession session = new AgentSession(null);

    @BeforeEach
    void start() throws Exception {
        first = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        second = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        first.start();
        second.start();
        session.login(new Session("tok", "bob"));
        second.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(LEASE)));
    }

    @AfterEach
    void stop() {
        first.stop();
        second.stop();
    }

    private TrackerClient client(URI... gateways) {
        return new TrackerClient(List.of(gateways), session, Json.mapper(), Duration.ofMillis(1500)); // wide enough for a loaded machine
    }

    private static URI uri(WireMockServer s) {
        return URI.create("http://127.0.0.1:" + s.port());
    }

    private PeerLease announce(TrackerClient c) {
        return c.announcePeer("p1", new AnnouncePeerRequest("127.0.0.1", 4000));
    }

    @Test
    void serverErrorMovesToTheNextGatewayAndStaysThere() {
        first.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withStatus(503)));
        TrackerClient c = client(uri(first), uri(second));
        assertThat(announce(c).heartbeatSeconds()).isEqualTo(5);
        assertThat(c.currentGateway()).isEqualTo(uri(second));
        announce(c);
        first.verify(1, putRequestedFor(urlEqualTo("/api/v1/peers/p1")));
        second.verify(2, putRequestedFor(urlEqualTo("/api/v1/peers/p1"))
                .withHeader("Authorization", equalTo("Bearer tok"))
                .withRequestBody(equalToJson("{\"host\":\"127.0.0.1\",\"port\":4000}")));
    }

    @Test
    void aWriteRepeatedOnTheNextGatewayCarriesTheSameIdempotencyKeyAndTheNextWriteANewOne() {
        first.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        TrackerClient c = client(uri(first), uri(second));
        announce(c);
        announce(c);

        String key = first.findAll(putRequestedFor(urlEqualTo("/api/v1/peers/p1"))).getFirst().getHeader("Idempotency-Key");
        List<String> secondKeys = second.findAll(putRequestedFor(urlEqualTo("/api/v1/peers/p1"))).stream()
                .map(r -> r.getHeader("Idempotency-Key")).toList();
        assertThat(key).isNotBlank();
        assertThat(secondKeys).hasSize(2);
        assertThat(secondKeys.getFirst()).isEqualTo(key);
        assertThat(secondKeys.get(1)).isNotEqualTo(key);
    }

    @Test
    void timeoutMovesToTheNextGateway() {
        first.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withStatus(200).withFixedDelay(6000).withBody(LEASE)));
        TrackerClient c = client(uri(first), uri(second));
        assertThat(announce(c).peerId()).isEqualTo("p1");
        assertThat(c.currentGateway()).isEqualTo(uri(second));
    }

    @Test
    void connectionRefusedMovesToTheNextGateway() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TrackerClient c = client(URI.create("http://127.0.0.1:" + closedPort), uri(second));
        assertThat(announce(c).peerId()).isEqualTo("p1");
    }

    @Test
    void connectionResetMovesToTheNextGateway() {
        first.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThat(announce(client(uri(first), uri(second))).peerId()).isEqualTo("p1");
    }

    @Test
    void allGatewaysDownIsOneClearError() {
        first.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withStatus(502)));
        second.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> announce(client(uri(first), uri(second))))
                .isInstanceOf(TrackerException.class)
                .hasMessageContaining("no tracker gateway answered")
                .satisfies(e -> assertThat(((TrackerException) e).status()).isEqualTo(503));
    }

    @Test
    void malformedJsonIsAClearErrorNotACrash() {
        first.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"peerId\": \"p1\", ")));
        assertThatThrownBy(() -> announce(client(uri(first), uri(second))))
                .isInstanceOf(TrackerException.class)
                .hasMessageContaining("malformed JSON")
                .satisfies(e -> assertThat(((TrackerException) e).status()).isEqualTo(502));
    }

    @Test
    void problemDetailOfA4xxIsPassedThroughWithoutFailover() {
        first.stubFor(get(urlPathEqualTo("/api/v1/groups/g/files/a%20b.txt/download-plan")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://swarmshare.io/problems/no-such-file\",\"status\":404,\"detail\":\"no file a b.txt in group g\"}")));
        TrackerClient c = client(uri(first), uri(second));
        assertThatThrownBy(() -> c.downloadPlan("g", "a b.txt", "p1"))
                .isInstanceOf(TrackerException.class)
                .hasMessage("no file a b.txt in group g")
                .satisfies(e -> {
                    assertThat(((TrackerException) e).status()).isEqualTo(404);
                    assertThat(((TrackerException) e).type()).endsWith("no-such-file");
                });
        assertThat(c.currentGateway()).isEqualTo(uri(first));
    }

    @Test
    void withoutASessionNothingIsSent() throws Exception {
        session.logout();
        assertThatThrownBy(() -> announce(client(uri(second)))).isInstanceOf(NotLoggedInException.class)
                .hasMessage("not logged in: run login first");
        second.verify(0, putRequestedFor(urlEqualTo("/api/v1/peers/p1")));
    }

    @Test
    void publicKeyNeedsNoSession() throws Exception {
        session.logout();
        first.stubFor(get("/api/v1/tickets/public-key").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"algorithm\":\"Ed25519\",\"key\":\"abc\"}")));
        assertThat(client(uri(first)).publicKey().key()).isEqualTo("abc");
    }
}
