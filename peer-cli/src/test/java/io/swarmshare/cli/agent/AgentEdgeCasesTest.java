package io.swarmshare.cli.agent;

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
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** How the CLI behaves when the local agent's control API answers badly, slowly or is not running. */
class AgentEdgeCasesTest {

    static WireMockServer agent;

    @TempDir
    Path tmp;
    Fixtures fx;

    @BeforeAll
    static void start() {
        agent = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        agent.start();
    }

    @AfterAll
    static void stop() {
        agent.stop();
    }

    @BeforeEach
    void reset() {
        agent.resetAll();
        fx = new Fixtures(tmp).loggedInAs("alice").agentOn(agent.port());
        agent.stubFor(get("/v1/status").willReturn(aResponse().withStatus(200).withBody(
                "{\"peerId\":\"p1\",\"user\":\"alice\",\"listenHost\":\"127.0.0.1\",\"listenPort\":7000,"
                        + "\"gateways\":[\"http://127.0.0.1:8080\"],\"online\":true}")));
    }

    private CliRun.Result cli(String... command) {
        return CliRun.run(fx.args(List.of("http://127.0.0.1:" + Fixtures.closedPort()), command));
    }

    @Test
    void everyCallCarriesTheControlSecret() {
        agent.stubFor(delete("/v1/shares/g1/a.txt").willReturn(aResponse().withStatus(204)));

        CliRun.Result result = cli("stop_share", "g1", "a.txt");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("stopped sharing a.txt in g1" + System.lineSeparator());
        agent.verify(deleteRequestedFor(urlEqualTo("/v1/shares/g1/a.txt"))
                .withHeader(AgentClient.CONTROL_HEADER, equalTo(Fixtures.CONTROL_SECRET)));
    }

    @Test
    void agentProblemDetailIsOneLine() {
        agent.stubFor(delete("/v1/shares/g1/a.txt").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Not Found\",\"status\":404,\"detail\":\"You do not share a.txt in g1.\"}")));

        CliRun.Result result = cli("stop_share", "g1", "a.txt");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: You do not share a.txt in g1.");
    }

    @Test
    void agentServerErrorWithoutBodyIsOneLine() {
        agent.stubFor(get("/v1/downloads").willReturn(aResponse().withStatus(500)));

        CliRun.Result result = cli("show_downloads");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: agent failed: HTTP 500 Internal Server Error");
    }

    @Test
    void slowAgentIsUnreachableAfterTheRequestTimeout() {
        agent.stubFor(get("/v1/downloads").willReturn(aResponse().withStatus(200).withBody("[]").withFixedDelay(3000)));

        CliRun.Result result = CliRun.run(fx.args("700ms", List.of(), "show_downloads"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).isEqualTo("error: agent at 127.0.0.1:" + agent.port() + ": no answer within 700 ms");
    }

    @Test
    void agentOnAClosedPortIsNotRunningWithExit3() {
        int dead = Fixtures.closedPort();
        fx.agentOn(dead);

        CliRun.Result result = cli("show_downloads");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).startsWith("error: the agent is not running (nothing listens on 127.0.0.1:" + dead);
    }

    @Test
    void agentDirWithoutControlPortIsNotRunningWithExit3() throws Exception {
        Files.delete(fx.agentDir().resolve("control.port"));

        CliRun.Result result = cli("show_downloads");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.errorLine()).startsWith("error: the agent is not running (no "
                + fx.agentDir().toAbsolutePath().resolve("control.port") + ")");
    }

    @Test
    void garbageInControlPortIsOneLine() throws Exception {
        Files.writeString(fx.agentDir().resolve("control.port"), "eighty");

        CliRun.Result result = cli("show_downloads");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).startsWith("error: bad agent control port 'eighty'");
    }

    @Test
    void malformedAgentJsonIsOneLine() {
        agent.stubFor(get("/v1/downloads").willReturn(aResponse().withStatus(200).withBody("{\"id\": ]")));

        CliRun.Result result = cli("show_downloads");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).startsWith("error: malformed answer from the agent: ");
    }

    @Test
    void truncatedAgentJsonIsOneLine() {
        agent.stubFor(get("/v1/downloads").willReturn(aResponse().withStatus(200).withBody("[{\"id\":\"d1\",\"gro")));

        CliRun.Result result = cli("show_downloads");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: truncated answer from the agent (JSON ends early)");
    }

    @Test
    void showDownloadsWithAnIdPrintsThatDownloadsAssignmentReport() {
        agent.stubFor(get("/v1/downloads/d2").willReturn(aResponse().withStatus(200).withBody("""
                {"id":"d2","group":"g1","file":"b.bin","destination":"/tmp/b.bin","state":"COMPLETED","verifiedPieces":4,
                 "pieceCount":4,"bytesDone":10,"size":10,"rateBytesPerSec":0,"etaSeconds":0}""")));
        agent.stubFor(get("/v1/downloads/d2/report").willReturn(aResponse().withStatus(200).withBody("""
                {"id":"d2","state":"COMPLETED","pieceCount":4,"piecesFetched":4,"elapsedMillis":1500,"steadyRateBytesPerSec":2097152,"stolen":1,
                 "duplicates":5,"blockerCopies":3,"requeued":0,"wastedBytes":0,"digestReadBackBytes":0,
                 "piecesPerBand":{"high":3,"mid":0,"low":1},
                 "peers":[{"peerId":"fast-peer-1234","pieces":3,"bytes":3,"rateBytesPerSec":1048576,"score":1.0,
                           "band":"high","stolenFrom":0,"stolenTo":1,"duplicates":0,"requeued":0,"left":null},
                          {"peerId":"slow","pieces":1,"bytes":1,"rateBytesPerSec":1024,"score":0.0,"band":"low",
                           "stolenFrom":1,"stolenTo":0,"duplicates":0,"requeued":0,"left":"timed out"}]}""")));

        CliRun.Result result = cli("show_downloads", "d2");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).contains(
                "d2  g1/b.bin  completed  100.0%  -     verified",
                "pieces per score band: high 3 mid 0 low 1");
        assertThat(result.outLines()).anyMatch(l -> l.startsWith("assignment: 4/4 pieces fetched in 1.50 s")
                && l.contains("stolen 1, endgame duplicates 5 (window blockers 3),"));
        assertThat(result.outLines()).anyMatch(l -> l.startsWith("fast-pee  3") && l.contains("75.0%") && l.contains("high"));
        assertThat(result.outLines()).anyMatch(l -> l.startsWith("slow") && l.contains("timed out"));
    }

    @Test
    void showDownloadsTabulatesRunningCompletedAndFailed() {
        agent.stubFor(get("/v1/downloads").willReturn(aResponse().withStatus(200).withBody("""
                [{"id":"d1","group":"g1","file":"a.bin","destination":"/tmp/a.bin","state":"RUNNING","verifiedPieces":1,
                  "pieceCount":4,"bytesDone":1048576,"size":4194304,"rateBytesPerSec":524288,"etaSeconds":6},
                 {"id":"d2","group":"g1","file":"b.bin","destination":"/tmp/b.bin","state":"COMPLETED","verifiedPieces":2,
                  "pieceCount":2,"bytesDone":10,"size":10,"rateBytesPerSec":0,"etaSeconds":0},
                 {"id":"d3","group":"g2","file":"c.bin","destination":"/tmp/c.bin","state":"FAILED","verifiedPieces":0,
                  "pieceCount":2,"bytesDone":0,"size":10,"rateBytesPerSec":0,"error":"no seeder online"}]""")));

        CliRun.Result result = cli("show_downloads");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).containsExactly(
                "ID  FILE      STATE      DONE    RATE         ETA / ERROR",
                "d1  g1/a.bin  running    25.0%   512.0 KiB/s  0:06",
                "d2  g1/b.bin  completed  100.0%  -            verified",
                "d3  g2/c.bin  failed     0.0%    -            no seeder online");
    }

    @Test
    void noDownloadsIsAShortLine() {
        agent.stubFor(get("/v1/downloads").willReturn(aResponse().withStatus(200).withBody("[]")));

        CliRun.Result result = cli("show_downloads");

        assertThat(result.out()).isEqualTo("no downloads" + System.lineSeparator());
    }

    @Test
    void uploadSendsTheAbsolutePathAndReportsTheShare() throws Exception {
        Path file = Files.writeString(tmp.resolve("report.txt"), "hello");
        agent.stubFor(post("/v1/shares").willReturn(aResponse().withStatus(201).withBody(
                "{\"group\":\"g1\",\"name\":\"report.txt\",\"size\":1536,\"pieces\":1,\"fileDigest\":\"" + "ab".repeat(32)
                        + "\",\"joinedExisting\":true}")));

        CliRun.Result result = cli("upload_file", file.toString(), "g1", "--sha256");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).containsExactly(
                "shared report.txt in g1: 1.5 KiB (1536 bytes), 1 piece, SHA-256 " + "ab".repeat(32),
                "joined an existing share of the same content as another seeder");
        agent.verify(postRequestedFor(urlEqualTo("/v1/shares")).withRequestBody(equalToJson(
                "{\"path\":\"" + file.toAbsolutePath() + "\",\"group\":\"g1\",\"algorithm\":\"SHA256\"}")));
    }

    @Test
    void uploadOfAMissingFileFailsBeforeAskingTheAgent() {
        CliRun.Result result = cli("upload_file", tmp.resolve("nope.txt").toString(), "g1");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: no such file: " + tmp.resolve("nope.txt").toAbsolutePath());
        agent.verify(0, postRequestedFor(urlEqualTo("/v1/shares")));
    }

    @Test
    void uploadHandsTheSessionToAnAgentThatActsForNobody() throws Exception {
        Path file = Files.writeString(tmp.resolve("a.txt"), "x");
        agent.stubFor(get("/v1/status").willReturn(aResponse().withStatus(200).withBody(
                "{\"peerId\":\"p1\",\"user\":null,\"listenHost\":\"127.0.0.1\",\"listenPort\":7000,\"gateways\":[],\"online\":false}")));
        agent.stubFor(put("/v1/session").willReturn(aResponse().withStatus(204)));
        agent.stubFor(post("/v1/shares").willReturn(aResponse().withStatus(201).withBody(
                "{\"group\":\"g1\",\"name\":\"a.txt\",\"size\":1,\"pieces\":1,\"fileDigest\":\"aa\",\"joinedExisting\":false}")));

        CliRun.Result result = cli("upload_file", file.toString(), "g1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).last().isEqualTo("new share: you are its first seeder");
        agent.verify(putRequestedFor(urlEqualTo("/v1/session")).withRequestBody(
                equalToJson("{\"token\":\"" + Fixtures.TOKEN + "\",\"username\":\"alice\"}")));
    }
}
