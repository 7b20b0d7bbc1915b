package io.swarmshare.cli.command;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.swarmshare.cli.CliRun;
import io.swarmshare.cli.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The group commands call the contract's paths and say what happened in one short line or a table. */
class GroupCommandsTest {

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

    private static String membership(String group, String user, String role, String owner) {
        return "{\"group\":\"" + group + "\",\"username\":\"" + user + "\",\"role\":\"" + role + "\",\"owner\":"
                + (owner == null ? "null" : "\"" + owner + "\"") + "}";
    }

    @Test
    void createGroupPostsTheName() {
        gateway.stubFor(post("/api/v1/groups").willReturn(aResponse().withStatus(201).withBody(
                "{\"name\":\"g1\",\"owner\":\"alice\",\"members\":1,\"myRole\":\"OWNER\",\"createdAt\":\"2026-01-01T00:00:00Z\"}")));

        CliRun.Result result = cli("create_group", "g1");

        assertThat(result.out()).isEqualTo("created group g1 (you own it)" + System.lineSeparator());
        gateway.verify(postRequestedFor(urlEqualTo("/api/v1/groups")).withRequestBody(equalToJson("{\"name\":\"g1\"}")));
    }

    @Test
    void joinGroupSaysTheRequestWaitsForTheOwner() {
        gateway.stubFor(post("/api/v1/groups/g1/join-requests").willReturn(aResponse().withStatus(202)
                .withBody(membership("g1", "alice", "PENDING", "bob"))));

        CliRun.Result result = cli("join_group", "g1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("asked to join g1: waiting for its owner bob to accept" + System.lineSeparator());
    }

    @Test
    void acceptAndRejectUseTheUsersRequestPath() {
        gateway.stubFor(post("/api/v1/groups/g1/join-requests/bob/accept").willReturn(aResponse().withStatus(200)
                .withBody(membership("g1", "bob", "MEMBER", "alice"))));
        gateway.stubFor(post("/api/v1/groups/g1/join-requests/carol/reject").willReturn(aResponse().withStatus(200)
                .withBody(membership("g1", "carol", "NONE", "alice"))));

        assertThat(cli("accept_request", "g1", "bob").out()).isEqualTo("accepted bob into g1" + System.lineSeparator());
        assertThat(cli("reject_request", "g1", "carol").out())
                .isEqualTo("rejected carol's request to join g1" + System.lineSeparator());
    }

    @Test
    void leavingAsLastMemberSaysTheGroupIsGone() {
        gateway.stubFor(delete("/api/v1/groups/g1/members/me").willReturn(aResponse().withStatus(200)
                .withBody(membership("g1", "alice", "NONE", null))));

        CliRun.Result result = cli("leave_group", "g1");

        assertThat(result.out()).isEqualTo("left g1: you were its last member, the group is gone" + System.lineSeparator());
    }

    @Test
    void leavingAsOwnerNamesTheNewOwner() {
        gateway.stubFor(delete("/api/v1/groups/g1/members/me").willReturn(aResponse().withStatus(200)
                .withBody(membership("g1", "alice", "NONE", "bob"))));

        CliRun.Result result = cli("leave_group", "g1");

        assertThat(result.out()).isEqualTo("left g1 (owner: bob)" + System.lineSeparator());
    }

    @Test
    void pendingRequestsAreATableOrAShortLineWhenNone() {
        gateway.stubFor(get("/api/v1/groups/g1/join-requests").willReturn(aResponse().withStatus(200).withBody(
                "[{\"group\":\"g1\",\"username\":\"bob\",\"requestedAt\":null}]")));
        gateway.stubFor(get("/api/v1/groups/g2/join-requests").willReturn(aResponse().withStatus(200).withBody("[]")));

        assertThat(cli("list_requests", "g1").outLines()).containsExactly("USER  REQUESTED AT", "bob   -");
        assertThat(cli("list_requests", "g2").out()).isEqualTo("no pending requests for g2" + System.lineSeparator());
    }

    @Test
    void groupNamesAreEscapedInPaths() {
        gateway.stubFor(post("/api/v1/groups/a%2Fb%20c/join-requests").willReturn(aResponse().withStatus(202)
                .withBody(membership("a/b c", "alice", "PENDING", "bob"))));

        CliRun.Result result = cli("join_group", "a/b c");

        assertThat(result.exitCode()).as(result.toString()).isZero();
    }
}
