package io.swarmshare.cli.command;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.swarmshare.cli.CliRun;
import io.swarmshare.cli.ExitCodes;
import io.swarmshare.cli.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** login and logout across the tracker, the agent and the session file. */
class SessionCommandsTest {

    static WireMockServer gateway;
    static WireMockServer agent;

    @TempDir
    Path tmp;
    Fixtures fx;

    @BeforeAll
    static void start() {
        gateway = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        agent = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        gateway.start();
        agent.start();
    }

    @AfterAll
    static void stop() {
        gateway.stop();
        agent.stop();
    }

    @BeforeEach
    void reset() {
        gateway.resetAll();
        agent.resetAll();
        fx = new Fixtures(tmp);
        gateway.stubFor(post("/api/v1/sessions").willReturn(aResponse().withStatus(201).withBody(
                "{\"token\":\"T0K\",\"username\":\"alice\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}")));
        agent.stubFor(put("/v1/session").willReturn(aResponse().withStatus(204)));
    }

    private CliRun.Result cli(String... command) {
        return CliRun.run(fx.args(List.of(gateway.baseUrl()), command));
    }

    @Test
    void loginStoresTheSession0600AndHandsItToTheAgent() throws Exception {
        fx.agentOn(agent.port());

        CliRun.Result result = cli("login", "alice", "password1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("logged in as alice" + System.lineSeparator());
        assertThat(result.err()).isEmpty();
        Path session = fx.home().resolve("session");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(session))).isEqualTo("rw-------");
        assertThat(Files.readString(session)).contains("\"T0K\"").contains("\"alice\"");
        gateway.verify(postRequestedFor(urlEqualTo("/api/v1/sessions"))
                .withRequestBody(equalToJson("{\"username\":\"alice\",\"password\":\"password1\"}")));
        agent.verify(putRequestedFor(urlEqualTo("/v1/session"))
                .withHeader("X-Swarmshare-Control", equalTo(Fixtures.CONTROL_SECRET))
                .withRequestBody(equalToJson("{\"token\":\"T0K\",\"username\":\"alice\"}")));
    }

    @Test
    void loginWithoutARunningAgentSucceedsWithOneWarningLine() {
        CliRun.Result result = cli("login", "alice", "password1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("logged in as alice" + System.lineSeparator());
        assertThat(result.errorLine()).startsWith("warning: the agent is not running (")
                .endsWith("start peer-agent to share or download");
        assertThat(fx.home().resolve("session")).exists();
    }

    @Test
    void wrongPasswordStoresNothing() {
        gateway.stubFor(post("/api/v1/sessions").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"Wrong user name or password.\"}")));

        CliRun.Result result = cli("login", "alice", "nope-nope");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: Wrong user name or password.");
        assertThat(fx.home().resolve("session")).doesNotExist();
    }

    @Test
    void logoutEndsTheTrackerSessionTellsTheAgentAndDeletesTheFile() {
        fx.agentOn(agent.port()).loggedInAs("alice");
        gateway.stubFor(delete("/api/v1/sessions/current").willReturn(aResponse().withStatus(204)));
        agent.stubFor(delete("/v1/session").willReturn(aResponse().withStatus(204)));

        CliRun.Result result = cli("logout");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("logged out alice" + System.lineSeparator());
        assertThat(fx.home().resolve("session")).doesNotExist();
        gateway.verify(deleteRequestedFor(urlEqualTo("/api/v1/sessions/current"))
                .withHeader("Authorization", equalTo("Bearer " + Fixtures.TOKEN)));
        agent.verify(deleteRequestedFor(urlEqualTo("/v1/session")));
    }

    @Test
    void logoutWithUnreachableTrackerStillForgetsTheLocalSessionButSaysSo() {
        fx.loggedInAs("alice");

        CliRun.Result result = CliRun.run(fx.args(List.of("http://127.0.0.1:" + Fixtures.closedPort()), "logout"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).startsWith("error: no gateway reachable").endsWith("(logged out here; the tracker session ends when it expires)");
        assertThat(fx.home().resolve("session")).doesNotExist();
    }

    @Test
    void logoutWithoutSessionSaysNotLoggedIn() {
        CliRun.Result result = cli("logout");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: not logged in: run login <user> <password> first");
    }
}
