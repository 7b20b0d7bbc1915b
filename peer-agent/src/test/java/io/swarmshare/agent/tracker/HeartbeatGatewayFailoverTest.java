package io.swarmshare.agent.tracker;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.swarmshare.agent.config.Json;
import io.swarmshare.agent.seeding.Share;
import io.swarmshare.agent.seeding.ShareRegistry;
import io.swarmshare.agent.storage.Session;
import io.swarmshare.common.api.AnnouncePeerRequest;
import io.swarmshare.common.manifest.FileManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's side of issue 4: when its gateway dies the heartbeat moves to the next one by itself and announces
 * every share again there; when every gateway is down it goes offline, and comes back by itself (shares announced
 * again) as soon as one returns. No restart, no user action.
 */
@Timeout(60)
class HeartbeatGatewayFailoverTest {

    private static final String SWARM = "/api/v1/groups/g/files/a.bin/peers/p1";
    private static final String LEASE = "/api/v1/peers/p1";
    private WireMockServer gw1;
    private WireMockServer gw2;
    private int gw1Port;
    private final AgentSession session = new AgentSession(null);
    private Heartbeat heartbeat;

    @BeforeEach
    void setUp() throws Exception {
        gw1 = gateway(0);
        gw1Port = gw1.port();
        gw2 = gateway(0);
        ShareRegistry shares = new ShareRegistry(null);
        FileManifest m = new FileManifest("a.bin", 1, 1024, "SHA-1", "0".repeat(40), List.of("1".repeat(40)));
        shares.add(Share.complete("g", "a.bin", 9, m, Path.of("/nonexistent/a.bin")));
        TrackerClient client = new TrackerClient(List.of(URI.create("http://127.0.0.1:" + gw1Port),
                URI.create("http://127.0.0.1:" + gw2.port())), session, Json.mapper(), Duration.ofSeconds(2));
        heartbeat = new Heartbeat(client, session, shares, "p1", new AnnouncePeerRequest("127.0.0.1", 7000),
                Duration.ofHours(1), Clock.systemUTC());
        session.login(new Session("t", "bob"));
    }

    private static WireMockServer gateway(int port) {
        WireMockServer server = new WireMockServer(options().port(port).bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(put(SWARM).willReturn(aResponse().withStatus(204)));
        server.stubFor(put(LEASE).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"peerId\":\"p1\",\"heartbeatSeconds\":5,\"expiresAt\":\"2099-01-01T00:00:00Z\"}")));
        return server;
    }

    @AfterEach
    void tearDown() {
        heartbeat.close();
        gw1.stop();
        gw2.stop();
    }

    @Test
    void whenItsGatewayDiesTheAgentMovesOnAndAnnouncesItsSharesThere() {
        heartbeat.beat();
        gw1.verify(1, putRequestedFor(urlEqualTo(SWARM)));

        gw1.stop(); // SIGKILL-like: connection refused from now on
        heartbeat.beat();

        assertThat(heartbeat.online()).isTrue();
        // The lease may have been renewed twice there (login also triggers a beat); the shares once, on arrival.
        gw2.verify(moreThanOrExactly(1), putRequestedFor(urlEqualTo(LEASE)));
        gw2.verify(1, putRequestedFor(urlEqualTo(SWARM)));
    }

    @Test
    void whenEveryGatewayIsDownItGoesOfflineAndResumesByItselfWhenOneReturns() {
        heartbeat.beat();
        gw1.stop();
        gw2.stop();

        heartbeat.beat();
        assertThat(heartbeat.online()).isFalse();

        gw1 = gateway(gw1Port); // the first gateway comes back on its old address
        heartbeat.beat();

        assertThat(heartbeat.online()).isTrue();
        gw1.verify(1, putRequestedFor(urlEqualTo(SWARM))); // shares announced again, nobody asked
    }
}
