package io.swarmshare.cli.tracker;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.swarmshare.cli.CliRun;
import io.swarmshare.cli.ExitCodes;
import io.swarmshare.cli.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4 from the CLI's side: a frozen or dying gateway is left for the next one on reads, never on writes that
 * may have arrived; every gateway down is one line; and since each command asks the gateways afresh, work resumes
 * by itself as soon as one is back (no restart, no setting to change).
 */
class GatewayFailoverTest {

    @TempDir
    Path tmp;
    Fixtures fx;
    WireMockServer first;
    WireMockServer second;
    List<String> gateways;

    @BeforeEach
    void start() {
        first = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        second = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        first.start();
        second.start();
        gateways = List.of(first.baseUrl(), second.baseUrl());
        fx = new Fixtures(tmp).loggedInAs("alice");
    }

    @AfterEach
    void stop() {
        first.stop();
        second.stop();
    }

    private CliRun.Result cli(String... command) {
        return CliRun.run(fx.args("2s", gateways, command));
    }

    @Test
    void aReadThatGetsNoAnswerFromAFrozenGatewayIsAskedOfTheNext() {
        first.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(200).withBody("[]").withFixedDelay(10_000)));
        second.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(200).withBody("[]")));

        CliRun.Result result = cli("list_my_groups");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        second.verify(1, getRequestedFor(urlEqualTo("/api/v1/groups/mine")));
    }

    @Test
    void aReadCutOffMidAnswerIsAskedOfTheNext() {
        first.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        second.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(200).withBody("[]")));

        assertThat(cli("list_my_groups").exitCode()).isZero();
    }

    @Test
    void aWriteThatMayHaveArrivedIsNotRepeatedOnAnotherGateway() {
        first.stubFor(post("/api/v1/groups").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        second.stubFor(post("/api/v1/groups").willReturn(aResponse().withStatus(201)));

        CliRun.Result result = cli("create_group", "films");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.err().lines()).hasSize(1);
        second.verify(0, postRequestedFor(urlEqualTo("/api/v1/groups")));
    }

    @Test
    void everyGatewayDownIsOneLineAndTheNextCommandWorksWhenOneIsBack() {
        int firstPort = first.port();
        first.stop();
        second.stop();

        CliRun.Result down = cli("list_my_groups");
        assertThat(down.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(down.err().lines()).hasSize(1);
        assertThat(down.errorLine()).startsWith("error: no gateway reachable (");

        first = new WireMockServer(options().port(firstPort).bindAddress("127.0.0.1"));
        first.start();
        first.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(200).withBody("[]")));

        assertThat(cli("list_my_groups").exitCode()).isZero();
    }
}
