package io.swarmshare.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import io.swarmshare.gateway.routing.GatewayProperties;
import tools.jackson.databind.json.JsonMapper;

/** The Raft role the health checks read from a tracker's {@code GET /api/v1/cluster}. */
class TrackerRoleTest {

    final TrackerHealthChecker checker = new TrackerHealthChecker(new TrackerRegistry(List.of()),
            GatewayProperties.of(List.of(URI.create("http://127.0.0.1:9001"))), WebClient.builder(),
            JsonMapper.builder().build(), Clock.systemUTC());

    @Test
    void aTrackerReportsItsOwnRoleFromTheMemberList() {
        assertThat(checker.roleOf("""
                {"selfId":"t2","leaderId":"t1","members":[{"id":"t1","role":"LEADER"},{"id":"t2","role":"FOLLOWER"}]}
                """)).isEqualTo("FOLLOWER");
        assertThat(checker.roleOf("""
                {"selfId":"t1","leaderId":"t1","members":[{"id":"t1","role":"LEADER"}]}
                """)).isEqualTo("LEADER");
    }

    @Test
    void aTrackerThatKnowsNoLeaderIsMarkedSo() {
        // what a restarted tracker says until the leader reaches it (seen for 12 s in a CI run)
        assertThat(checker.roleOf("""
                {"selfId":"t2","leaderId":null,"members":[{"id":"t2","role":"CANDIDATE"},{"id":"t3","role":"UNKNOWN"}]}
                """)).isEqualTo(TrackerRegistry.NO_LEADER_ROLE);
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(checker.roleOf("{\"status\":\"UP\"}")).isEqualTo(TrackerRegistry.UNKNOWN_ROLE);
        assertThat(checker.roleOf("not json")).isEqualTo(TrackerRegistry.UNKNOWN_ROLE);
    }
}
