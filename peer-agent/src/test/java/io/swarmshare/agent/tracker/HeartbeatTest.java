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
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class HeartbeatTest {

    private static final String SWARM = "/api/v1/groups/g/files/a.bin/peers/p1";
    private WireMockServer tracker;
    private final AgentSession session = new AgentSession(null);
    private Heartbeat heartbeat;

    @BeforeEach
    void setUp() {
        tracker = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        tracker.start();
        tracker.stubFor(put(SWARM).willReturn(aResponse().withStatus(204)));
        leaseOk();
        ShareRegistry shares = new ShareRegistry(null);
        FileManifest m = new FileManifest("a.bin", 1, 1024, "SHA-1", "0".repeat(40), List.of("1".repeat(40)));
        shares.add(Share.complete("g", "a.bin", 9, m, Path.of("/nonexistent/a.bin")));
        TrackerClient client = new TrackerClient(List.of(URI.create("http://127.0.0.1:" + tracker.port())), session,
                Json.mapper(), Duration.ofSeconds(2));
        heartbeat = new Heartbeat(client, session, shares, "p1", new AnnouncePeerRequest("127.0.0.1", 7000),
                Duration.ofHours(1), Clock.systemUTC());
    }

    private void leaseOk() {
        tracker.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"peerId\":\"p1\",\"heartbeatSeconds\":5,\"expiresAt\":\"2099-01-01T00:00:00Z\"}")));
    }

    @AfterEach
    void tearDown() {
        heartbeat.close();
        tracker.stop();
    }

    @Test
    void noSessionNoHeartbeat() {
        heartbeat.beat();
        assertThat(heartbeat.online()).isFalse();
        tracker.verify(0, putRequestedFor(urlEqualTo("/api/v1/peers/p1")));
    }

    @Test
    void firstBeatAnnouncesSharesLaterBeatsOnlyRenewTheLease() throws Exception {
        session.login(new Session("t", "bob"));
        heartbeat.beat();
        heartbeat.beat();
        heartbeat.beat();
        assertThat(heartbeat.online()).isTrue();
        tracker.verify(putRequestedFor(urlEqualTo("/api/v1/peers/p1")).withRequestBody(equalToJson("{\"host\":\"127.0.0.1\",\"port\":7000}")));
        tracker.verify(1, putRequestedFor(urlEqualTo(SWARM)).withRequestBody(equalToJson("{\"complete\":true}")));
    }

    @Test
    void afterALostLeaseEveryShareIsAnnouncedAgain() throws Exception {
        session.login(new Session("t", "bob"));
        heartbeat.beat();
        tracker.stubFor(put("/api/v1/peers/p1").willReturn(aResponse().withStatus(503)));
        heartbeat.beat();
        assertThat(heartbeat.online()).isFalse();
        leaseOk();
        heartbeat.beat();
        assertThat(heartbeat.online()).isTrue();
        tracker.verify(2, putRequestedFor(urlEqualTo(SWARM)));
    }
}
