package io.swarmshare.agent.control;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.swarmshare.agent.PeerAgentApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole agent (Spring Boot, as java -jar runs it) against a WireMock tracker, driven through its control API. */
@Timeout(90)
class AgentControlIT {

    @TempDir
    Path tmp;

    private WireMockServer tracker;
    private ConfigurableApplicationContext agent;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Path dataDir;

    @BeforeEach
    void setUp() {
        tracker = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        tracker.start();
        tracker.stubFor(put(urlMatching("/api/v1/peers/.*")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"peerId\":\"x\",\"heartbeatSeconds\":5,\"expiresAt\":\"2099-01-01T00:00:00Z\"}")));
        tracker.stubFor(delete(urlMatching("/api/v1/peers/.*")).willReturn(aResponse().withStatus(204)));
        tracker.stubFor(put(urlMatching("/api/v1/groups/.*/files/.*/peers/.*")).willReturn(aResponse().withStatus(204)));
        tracker.stubFor(delete(urlMatching("/api/v1/groups/.*/files/.*/peers/.*")).willReturn(aResponse().withStatus(204)));
        tracker.stubFor(post("/api/v1/groups/g1/files").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"file\":{\"id\":11,\"group\":\"g1\",\"name\":\"hello.txt\",\"size\":5,\"pieceSize\":524288,"
                        + "\"pieceCount\":1,\"algorithm\":\"SHA-1\",\"fileDigest\":\"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\","
                        + "\"seedersOnline\":1,\"sharedBy\":[\"bob\"],\"sharedAt\":\"2026-01-01T00:00:00Z\"},\"joinedExisting\":false}")));
        tracker.stubFor(get(urlPathEqualTo("/api/v1/groups/g1/files/nope.txt/download-plan")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://swarmshare.io/problems/no-such-file\",\"status\":404,\"detail\":\"group g1 has no file nope.txt\"}")));
        dataDir = tmp.resolve("agent");
        startAgent();
    }

    private void startAgent() {
        agent = SpringApplication.run(PeerAgentApplication.class,
                "--swarmshare.agent.data-dir=" + dataDir,
                "--swarmshare.agent.gateways=http://127.0.0.1:" + tracker.port(),
                "--swarmshare.agent.heartbeat-interval=200ms",
                "--spring.main.keep-alive=false");
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        tracker.stop();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean withSecret) throws Exception {
        int port = Integer.parseInt(Files.readString(dataDir.resolve("control.port")).trim());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withSecret) {
            b.header("X-Swarmshare-Control", Files.readString(dataDir.resolve("control.token")).trim());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body, true);
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void rejectsCallsWithoutTheSecretAndKeepsTheTokenOwnerOnly() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/status", null, false);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("\"detail\"");
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("control.token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void statusShowsNoUserAndNoHeartbeatBeforeLogin() throws Exception {
        HttpResponse<String> r = call("GET", "/v1/status", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"user\":null").contains("\"online\":false").contains("\"listenHost\":\"127.0.0.1\"");
        Thread.sleep(500);
        tracker.verify(0, putRequestedFor(urlMatching("/api/v1/peers/.*")));
        assertThat(call("POST", "/v1/shares", "{\"path\":\"/etc/hostname\",\"group\":\"g1\"}").body())
                .contains("not logged in: run login first");
    }

    @Test
    void loginHeartbeatsUploadListStopAndRestartAsTheSameUser() throws Exception {
        assertThat(call("PUT", "/v1/session", "{\"token\":\"tok\",\"username\":\"bob\"}").statusCode()).isEqualTo(204);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("session.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        awaitTrue("a heartbeat", () -> !tracker.findAll(putRequestedFor(urlMatching("/api/v1/peers/.*"))).isEmpty());
        awaitTrue("online", () -> {
            try {
                return call("GET", "/v1/status", null).body().contains("\"online\":true");
            } catch (Exception e) {
                return false;
            }
        });

        Path file = Files.writeString(tmp.resolve("hello.txt"), "hello");
        HttpResponse<String> up = call("POST", "/v1/shares", "{\"path\":\"" + file + "\",\"group\":\"g1\"}");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(up.body()).contains("\"name\":\"hello.txt\"").contains("\"pieces\":1").contains("\"joinedExisting\":false")
                .contains("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
        tracker.verify(postRequestedFor(urlEqualTo("/api/v1/groups/g1/files"))
                .withRequestBody(matchingJsonPath("$.manifest.fileDigest", com.github.tomakehurst.wiremock.client.WireMock.equalTo("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")))
                .withRequestBody(matchingJsonPath("$.peerId")));

        HttpResponse<String> again = call("POST", "/v1/shares", "{\"path\":\"" + file + "\",\"group\":\"g1\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already shares hello.txt");

        assertThat(call("GET", "/v1/shares", null).body()).contains("\"name\":\"hello.txt\"").contains("\"complete\":true");

        // restart: same user, share still served and announced again
        agent.close();
        tracker.resetRequests();
        startAgent();
        assertThat(call("GET", "/v1/status", null).body()).contains("\"user\":\"bob\"");
        assertThat(call("GET", "/v1/shares", null).body()).contains("hello.txt");
        awaitTrue("re-announce after restart", () -> !tracker.findAll(putRequestedFor(urlMatching("/api/v1/groups/g1/files/hello.txt/peers/.*"))
                .withRequestBody(equalToJson("{\"complete\":true}"))).isEmpty());

        assertThat(call("DELETE", "/v1/shares/g1/hello.txt", null).statusCode()).isEqualTo(204);
        tracker.verify(deleteRequestedFor(urlMatching("/api/v1/groups/g1/files/hello.txt/peers/.*")));
        assertThat(call("GET", "/v1/shares", null).body()).isEqualTo("[]");
        assertThat(call("DELETE", "/v1/shares/g1/hello.txt", null).statusCode()).isEqualTo(404);

        assertThat(call("DELETE", "/v1/session", null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/v1/status", null).body()).contains("\"user\":null");
        assertThat(Files.exists(dataDir.resolve("session.json"))).isFalse();
    }

    @Test
    void badRequestsGetProblemDetailsWithOneSentence() throws Exception {
        call("PUT", "/v1/session", "{\"token\":\"tok\",\"username\":\"bob\"}");
        HttpResponse<String> missing = call("POST", "/v1/downloads", "{\"group\":\"g1\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("missing field 'file'");

        HttpResponse<String> hostile = call("POST", "/v1/downloads",
                "{\"group\":\"g1\",\"file\":\"../../etc/passwd\",\"destination\":\"" + tmp + "\"}");
        assertThat(hostile.statusCode()).isEqualTo(400);
        assertThat(hostile.body()).contains("path separator");

        HttpResponse<String> unknown = call("POST", "/v1/downloads",
                "{\"group\":\"g1\",\"file\":\"nope.txt\",\"destination\":\"" + tmp.resolve("dl") + "\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"detail\":\"group g1 has no file nope.txt\"");

        HttpResponse<String> unreadable = call("POST", "/v1/shares", "{\"path\":\"" + tmp.resolve("absent.bin") + "\",\"group\":\"g1\"}");
        assertThat(unreadable.statusCode()).isEqualTo(400);
        assertThat(unreadable.body()).contains("no such file");

        HttpResponse<String> badJson = call("POST", "/v1/shares", "{not json");
        assertThat(badJson.statusCode()).isEqualTo(400);

        assertThat(call("GET", "/v1/downloads/zzz", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v1/nothing", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/v1/downloads", null).body()).isEqualTo("[]");
    }
}
