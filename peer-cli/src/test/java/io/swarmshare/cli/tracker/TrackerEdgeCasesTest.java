package io.swarmshare.cli.tracker;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.swarmshare.cli.CliRun;
import io.swarmshare.cli.ExitCodes;
import io.swarmshare.cli.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** How the CLI behaves when the tracker (through a gateway) answers badly, slowly or not at all. */
class TrackerEdgeCasesTest {

    static WireMockServer gateway;

    @TempDir
    Path tmp;
    Fixtures fx;

    @BeforeAll
    static void start() {
        gateway = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        gateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.stop();
    }

    @BeforeEach
    void reset() {
        gateway.resetAll();
        fx = new Fixtures(tmp).loggedInAs("alice");
    }

    private CliRun.Result cli(String... command) {
        return CliRun.run(fx.args(List.of(gateway.baseUrl()), command));
    }

    private static String problem(int status, String title, String detail) {
        return "{\"type\":\"https://swarmshare.io/problems/x\",\"title\":\"" + title + "\",\"status\":" + status
                + (detail == null ? "" : ",\"detail\":\"" + detail + "\"") + "}";
    }

    @Test
    void problemDetailIsPrintedAsItsDetailOnOneLine() {
        gateway.stubFor(post("/api/v1/groups").willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(problem(409, "Conflict", "A group named g1 already exists."))));

        CliRun.Result result = cli("create_group", "g1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: A group named g1 already exists.");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void problemWithoutDetailFallsBackToItsTitle() {
        gateway.stubFor(get("/api/v1/groups/g1/join-requests").willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/problem+json").withBody(problem(403, "Forbidden", null))));

        CliRun.Result result = cli("list_requests", "g1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: Forbidden");
    }

    @Test
    void multiLineDetailIsFlattenedToOneLine() {
        gateway.stubFor(post("/api/v1/users").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json")
                .withBody(problem(400, "Bad Request", "Password too short.\\nUse at least 8 characters."))));

        CliRun.Result result = cli("create_user", "bob", "short");

        assertThat(result.errorLine()).isEqualTo("error: Password too short. Use at least 8 characters.");
    }

    @Test
    void serverErrorWithoutBodyIsOneLineWithTheStatus() {
        gateway.stubFor(get("/api/v1/groups").willReturn(aResponse().withStatus(500)));

        CliRun.Result result = cli("list_groups");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: tracker failed: HTTP 500 Internal Server Error");
    }

    @Test
    void serviceUnavailableFromTheOnlyGatewayIsUnreachable() {
        gateway.stubFor(get("/api/v1/groups").willReturn(aResponse().withStatus(503)));

        CliRun.Result result = cli("list_groups");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).isEqualTo("error: tracker failed: HTTP 503 Service Unavailable");
        gateway.verify(2, getRequestedFor(urlEqualTo("/api/v1/groups"))); // asked again after a pause, once
    }

    @Test
    void answerSlowerThanTheRequestTimeoutIsUnreachableInOneLine() {
        gateway.stubFor(get("/api/v1/groups").willReturn(aResponse().withStatus(200).withBody("[]")
                .withFixedDelay(3000)));

        long start = System.nanoTime();
        CliRun.Result result = CliRun.run(fx.args("700ms", List.of(gateway.baseUrl()), "list_groups"));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).isEqualTo("error: gateway " + gateway.baseUrl() + ": no answer within 700 ms");
        assertThat(tookMs).isLessThan(2500);
    }

    @Test
    void closedPortIsUnreachableWithExit3AndOneLine() {
        String dead = "http://127.0.0.1:" + Fixtures.closedPort();

        CliRun.Result result = CliRun.run(fx.args(List.of(dead), "list_groups"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).isEqualTo("error: no gateway reachable (" + dead + ": connection refused)");
    }

    @Test
    void allGatewaysDownIsOneLineNamingEach() {
        String first = "http://127.0.0.1:" + Fixtures.closedPort();
        String second = "http://127.0.0.1:" + Fixtures.closedPort();

        CliRun.Result result = CliRun.run(fx.args(List.of(first, second), "list_my_groups"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).isEqualTo("error: no gateway reachable (" + first + ": connection refused; "
                + second + ": connection refused)");
    }

    @Test
    void refusedFirstGatewayFailsOverToTheSecond() {
        gateway.stubFor(get("/api/v1/groups").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"name\":\"g1\",\"owner\":\"alice\",\"members\":3,\"myRole\":\"OWNER\",\"createdAt\":\"2026-01-01T10:00:00Z\"}]")));
        String dead = "http://127.0.0.1:" + Fixtures.closedPort();

        CliRun.Result result = CliRun.run(fx.args(List.of(dead, gateway.baseUrl()), "list_groups"));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).containsExactly("GROUP  OWNER  MEMBERS  MY ROLE", "g1     alice  3        owner");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void gatewayAnswering503FailsOverToTheNext() throws Exception {
        WireMockServer broken = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        broken.start();
        try {
            broken.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(503)));
            gateway.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(200).withBody("[]")));

            CliRun.Result result = CliRun.run(fx.args(List.of(broken.baseUrl(), gateway.baseUrl()), "list_my_groups"));

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.out()).startsWith("you are in no group yet");
            gateway.verify(1, getRequestedFor(urlEqualTo("/api/v1/groups/mine")));
        } finally {
            broken.stop();
        }
    }

    @Test
    void malformedJsonIsOneClearLine() {
        gateway.stubFor(get("/api/v1/groups/g1/files").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("<html>oops</html>")));

        CliRun.Result result = cli("list_files", "g1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).startsWith("error: malformed answer from the tracker: ");
    }

    @Test
    void truncatedJsonIsOneClearLine() {
        gateway.stubFor(get("/api/v1/groups/g1/files").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[{\"id\":1,\"group\":\"g1\",\"name\":\"rep")));

        CliRun.Result result = cli("list_files", "g1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: truncated answer from the tracker (JSON ends early)");
    }

    @Test
    void connectionResetMidAnswerIsUnreachableInOneLine() {
        gateway.stubFor(get("/api/v1/groups").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        CliRun.Result result = cli("list_groups");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).startsWith("error: gateway " + gateway.baseUrl() + ": connection lost");
    }

    @Test
    void callsCarryTheStoredBearerToken() {
        gateway.stubFor(get("/api/v1/groups").willReturn(aResponse().withStatus(200).withBody("[]")));

        CliRun.Result result = cli("list_groups");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("no groups yet");
        gateway.verify(getRequestedFor(urlEqualTo("/api/v1/groups"))
                .withHeader("Authorization", equalTo("Bearer " + Fixtures.TOKEN)));
    }

    @Test
    void listFilesShowsHumanSizesSeedersAndSharers() {
        gateway.stubFor(get("/api/v1/groups/team%20a/files").willReturn(aResponse().withStatus(200).withBody("""
                [{"id":7,"group":"team a","name":"report.pdf","size":1258291,"pieceSize":262144,"pieceCount":5,
                  "algorithm":"SHA-1","fileDigest":"ab","seedersOnline":2,"sharedBy":["alice","bob"],
                  "sharedAt":"2026-01-01T10:00:00Z"}]""")));

        CliRun.Result result = cli("list_files", "team a");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).containsExactly(
                "NAME        SIZE     PIECES  SEEDERS  SHARED BY",
                "report.pdf  1.2 MiB  5       2        alice, bob");
    }
}
