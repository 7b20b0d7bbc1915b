package io.swarmshare.cli.command;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** download_file: start, watch the progress, end on the verified digest or a one-line failure. */
class DownloadFileCommandTest {

    static final String SHA1 = "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed";

    static WireMockServer agent;

    @TempDir
    Path tmp;
    Fixtures fx;
    Path dest;

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
        dest = tmp.resolve("out.bin").toAbsolutePath();
        agent.stubFor(get("/v1/status").willReturn(aResponse().withStatus(200).withBody(
                "{\"peerId\":\"p1\",\"user\":\"alice\",\"listenHost\":\"h\",\"listenPort\":1,\"gateways\":[],\"online\":true}")));
        agent.stubFor(post("/v1/downloads").willReturn(aResponse().withStatus(202).withBody(view("RUNNING", 0, null, null))));
    }

    private String view(String state, long bytesDone, String error, String actual) {
        return "{\"id\":\"d7\",\"group\":\"g1\",\"file\":\"a.bin\",\"destination\":\"" + dest + "\",\"state\":\"" + state
                + "\",\"verifiedPieces\":0,\"pieceCount\":4,\"bytesDone\":" + bytesDone + ",\"size\":4096,"
                + "\"rateBytesPerSec\":2048,\"etaSeconds\":1,\"error\":" + (error == null ? "null" : "\"" + error + "\"")
                + ",\"expectedDigest\":\"" + SHA1 + "\",\"actualDigest\":" + (actual == null ? "null" : "\"" + actual + "\"") + "}";
    }

    /** The agent reports RUNNING twice, then {@code last}. */
    private void progressThen(String last) {
        agent.stubFor(get(urlPathEqualTo("/v1/downloads/d7")).inScenario("dl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(view("RUNNING", 1024, null, null))).willSetStateTo("half"));
        agent.stubFor(get(urlPathEqualTo("/v1/downloads/d7")).inScenario("dl").whenScenarioStateIs("half")
                .willReturn(aResponse().withStatus(200).withBody(view("RUNNING", 2048, null, null))).willSetStateTo("end"));
        agent.stubFor(get(urlPathEqualTo("/v1/downloads/d7")).inScenario("dl").whenScenarioStateIs("end")
                .willReturn(aResponse().withStatus(200).withBody(last)));
    }

    private CliRun.Result cli(boolean terminal, String... command) {
        return CliRun.run(terminal, fx.args(List.of("http://127.0.0.1:" + Fixtures.closedPort()), command));
    }

    @Test
    void completedDownloadEndsWithTheVerifiedDigestAndPath() {
        progressThen(view("COMPLETED", 4096, null, SHA1));

        CliRun.Result result = cli(false, "download_file", "g1", "a.bin", dest.toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.outLines()).last().isEqualTo("verified SHA-1 " + SHA1 + " → " + dest);
        assertThat(result.outLines()).last(org.assertj.core.api.InstanceOfAssertFactories.STRING).doesNotContain("\r");
        // the last progress line: the 3 KiB that arrived while watched, over the time watched
        assertThat(result.outLines().get(result.outLines().size() - 2))
                .startsWith("[########################] 100.0%  4.0 KiB  in ").endsWith("/s average");
        agent.verify(postRequestedFor(urlEqualTo("/v1/downloads")).withRequestBody(
                equalToJson("{\"group\":\"g1\",\"file\":\"a.bin\",\"destination\":\"" + dest + "\"}")));
        // after the first look, each status request asks the agent to answer at the end or after the poll interval
        agent.verify(2, getRequestedFor(urlPathEqualTo("/v1/downloads/d7")).withQueryParam("wait", equalTo("20")));
    }

    @Test
    void withoutATerminalProgressIsPlainLinesNotRedrawn() {
        progressThen(view("COMPLETED", 4096, null, SHA1));

        CliRun.Result result = cli(false, "download_file", "g1", "a.bin", dest.toString());

        assertThat(result.out()).doesNotContain("\r");
        assertThat(result.outLines()).first().asString().startsWith("[######------------------]  25.0%");
        assertThat(result.outLines()).anySatisfy(l -> assertThat(l).startsWith("[####").contains("100.0%"));
        // polled every 20 ms but printed at most about once a second, plus the last state
        assertThat(result.outLines().size()).isLessThanOrEqualTo(4);
    }

    @Test
    void onATerminalProgressIsRedrawnInPlace() {
        progressThen(view("COMPLETED", 4096, null, SHA1));

        CliRun.Result result = cli(true, "download_file", "g1", "a.bin", dest.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\r[######------------------]  25.0%  1.0 KiB / 4.0 KiB  2.0 KiB/s  ETA 0:01")
                .contains("\r[########################] 100.0%");
        assertThat(result.out().split("\n", -1)).as("bar line, verified line, trailing empty").hasSize(3);
    }

    @Test
    void failedDownloadIsOneLineWithExpectedAndActualDigest() {
        String bad = "0".repeat(40);
        progressThen(view("FAILED", 4096, "whole-file digest mismatch", bad));

        CliRun.Result result = cli(false, "download_file", "g1", "a.bin", dest.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: download of g1/a.bin failed: whole-file digest mismatch"
                + " (expected SHA-1 " + SHA1 + ", got " + bad + ")");
    }

    @Test
    void noWaitPrintsTheIdAndDoesNotPoll() {
        CliRun.Result result = cli(false, "download_file", "--no-wait", "g1", "a.bin", dest.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("download d7 started: g1/a.bin → " + dest + " (follow it with show_downloads)"
                + System.lineSeparator());
        agent.verify(0, getRequestedFor(urlPathEqualTo("/v1/downloads/d7")));
    }

    @Test
    void relativeDestinationIsSentAbsolute() {
        progressThen(view("COMPLETED", 4096, null, SHA1));

        cli(false, "download_file", "g1", "a.bin", "some/dir/../out.bin");

        String expected = Path.of("some/out.bin").toAbsolutePath().toString();
        agent.verify(postRequestedFor(urlEqualTo("/v1/downloads")).withRequestBody(
                equalToJson("{\"group\":\"g1\",\"file\":\"a.bin\",\"destination\":\"" + expected + "\"}")));
    }
}
