package io.swarmshare.cli.tracker;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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
 * Issue 4 from the CLI's side: a frozen or dying gateway is left for the next one, for reads and for writes (which
 * carry an idempotency key the trackers honour, so a repeat is answered, not applied twice); every gateway down is one line; and since each command asks the gateways afresh, work resumes
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
    void aWriteWhoseAnswerWasLostIsRepeatedOnTheNextGatewayWithTheSameIdempotencyKey() {
        first.stubFor(post("/api/v1/groups").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        second.stubFor(post("/api/v1/groups").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"films\",\"owner\":\"alice\",\"members\":1,\"myRole\":\"OWNER\"}")));

        CliRun.Result result = cli("create_group", "films");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<LoggedRequest> sent = new java.util.ArrayList<>(first.findAll(postRequestedFor(urlEqualTo("/api/v1/groups"))));
        sent.addAll(second.findAll(postRequestedFor(urlEqualTo("/api/v1/groups"))));
        assertThat(sent).hasSize(2);
        String key = sent.get(0).getHeader("Idempotency-Key");
        assertThat(key).isNotBlank();
        assertThat(sent.get(1).getHeader("Idempotency-Key")).isEqualTo(key);
    }

    @Test
    void everyWriteGetsItsOwnKeyAndReadsNone() {
        second.stubFor(post("/api/v1/groups").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"films\",\"owner\":\"alice\",\"members\":1,\"myRole\":\"OWNER\"}")));
        second.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(200).withBody("[]")));
        first.stop();

        assertThat(cli("create_group", "films").exitCode()).isZero();
        assertThat(cli("create_group", "films").exitCode()).isZero();
        assertThat(cli("list_my_groups").exitCode()).isZero();

        List<LoggedRequest> writes = second.findAll(postRequestedFor(urlEqualTo("/api/v1/groups")));
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).getHeader("Idempotency-Key")).isNotEqualTo(writes.get(1).getHeader("Idempotency-Key"));
        assertThat(second.findAll(getRequestedFor(urlEqualTo("/api/v1/groups/mine"))).getFirst()
                .containsHeader("Idempotency-Key")).isFalse();
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

    @Test
    void whenNoGatewayHasATrackerTheyAreAskedOnceMoreAfterAPause() {
        // A leader election: both gateways answer 503 for a moment, then the new leader is known.
        for (WireMockServer gateway : List.of(first, second)) {
            gateway.stubFor(get("/api/v1/groups/mine").inScenario("election").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(503)).willSetStateTo("elected"));
            gateway.stubFor(get("/api/v1/groups/mine").inScenario("election").whenScenarioStateIs("elected")
                    .willReturn(aResponse().withStatus(200).withBody("[]")));
        }

        CliRun.Result result = cli("list_my_groups");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        first.verify(2, getRequestedFor(urlEqualTo("/api/v1/groups/mine")));
        second.verify(1, getRequestedFor(urlEqualTo("/api/v1/groups/mine")));
    }

    @Test
    void gatewaysThatStayWithoutATrackerAreOneLineAfterTheSecondRound() {
        first.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(503)));
        second.stubFor(get("/api/v1/groups/mine").willReturn(aResponse().withStatus(502)));

        CliRun.Result result = cli("list_my_groups");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.errorLine()).startsWith("error: no gateway reachable (").contains("HTTP 503", "HTTP 502");
        first.verify(2, getRequestedFor(urlEqualTo("/api/v1/groups/mine")));
        second.verify(2, getRequestedFor(urlEqualTo("/api/v1/groups/mine")));
    }

    @Test
    void aDeadGatewayAndOneWithoutATrackerGetASecondRoundToo() {
        // What GatewayFailoverIT does: one gateway SIGKILLed, the other answering 503 while a new leader is elected.
        first.stop();
        second.stubFor(get("/api/v1/groups/mine").inScenario("election").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("elected"));
        second.stubFor(get("/api/v1/groups/mine").inScenario("election").whenScenarioStateIs("elected")
                .willReturn(aResponse().withStatus(200).withBody("[]")));

        assertThat(cli("list_my_groups").exitCode()).isZero();
        second.verify(2, getRequestedFor(urlEqualTo("/api/v1/groups/mine")));
    }

}
