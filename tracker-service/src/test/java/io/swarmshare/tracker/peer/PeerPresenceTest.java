package io.swarmshare.tracker.peer;

import io.swarmshare.tracker.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PeerPresenceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final PeerPresence presence = new PeerPresence(clock, Duration.ofSeconds(15));

    @Test
    void peerIsOnlineUntilItsLeaseRunsOut() {
        PeerPresence.Presence p = presence.heartbeat("p1", "alice", "10.0.0.1", 7000);

        assertThat(p.expiresAt()).isEqualTo(clock.instant().plusSeconds(15));
        clock.advance(Duration.ofMillis(14_999));
        assertThat(presence.online("p1")).hasValueSatisfying(o -> {
            assertThat(o.host()).isEqualTo("10.0.0.1");
            assertThat(o.port()).isEqualTo(7000);
        });
        clock.advance(Duration.ofMillis(1));
        assertThat(presence.isOnline("p1")).isFalse();
    }

    @Test
    void heartbeatRenewsTheLeaseAndUpdatesTheAddress() {
        presence.heartbeat("p1", "alice", "10.0.0.1", 7000);
        clock.advance(Duration.ofSeconds(10));
        presence.heartbeat("p1", "alice", "10.0.0.2", 7001);
        clock.advance(Duration.ofSeconds(10));

        assertThat(presence.online("p1")).hasValueSatisfying(o -> assertThat(o.host()).isEqualTo("10.0.0.2"));
    }

    @Test
    void removingUserTakesAllHerPeersOffline() {
        presence.heartbeat("p1", "alice", "h", 1);
        presence.heartbeat("p2", "alice", "h", 2);
        presence.heartbeat("p3", "bob", "h", 3);

        presence.removeAllOf("alice");
        presence.removeAll(List.of("p9"));

        assertThat(presence.isOnline("p1")).isFalse();
        assertThat(presence.isOnline("p2")).isFalse();
        assertThat(presence.isOnline("p3")).isTrue();
    }

    @Test
    void expiredPeersArePurgedByLaterHeartbeats() {
        presence.heartbeat("p1", "alice", "h", 1);
        presence.heartbeat("p2", "bob", "h", 2);
        clock.advance(Duration.ofSeconds(16));

        presence.heartbeat("p3", "carol", "h", 3);

        assertThat(presence.size()).isEqualTo(1);
    }
}
