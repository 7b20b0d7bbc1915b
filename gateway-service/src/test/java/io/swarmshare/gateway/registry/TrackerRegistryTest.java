package io.swarmshare.gateway.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TrackerRegistryTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final String A = "http://127.0.0.1:9001";
    static final String B = "http://127.0.0.1:9002";

    final TrackerRegistry registry = new TrackerRegistry(List.of(URI.create(A)));

    /** The trackers of the best rank: where new requests go while none of them fails. */
    List<String> routable() {
        List<TrackerRegistry.Tracker> all = registry.routable();
        int best = all.stream().mapToInt(TrackerRegistry::rank).min().orElse(Integer.MAX_VALUE);
        return all.stream().filter(t -> TrackerRegistry.rank(t) == best).map(TrackerRegistry.Tracker::key).toList();
    }

    @Test
    void aRegisteredTrackerIsRoutableAtOnceAndForgottenWhenItDeregisters() {
        registry.register("t2", URI.create(B + "/"));
        assertThat(routable()).containsExactlyInAnyOrder(A, B);

        assertThat(registry.deregister("t2")).isTrue();
        assertThat(routable()).containsExactly(A);
        assertThat(registry.deregister("t2")).isFalse();
    }

    @Test
    void registeringTwiceIsIdempotentAndKeepsHealth() {
        registry.register("t2", URI.create(B));
        registry.recordCheck(B, true, null, "LEADER", NOW, 2);
        registry.register("t2", URI.create(B));

        assertThat(registry.all()).hasSize(2);
        assertThat(registry.byKey(B)).get().extracting(TrackerRegistry.Tracker::health, TrackerRegistry.Tracker::raftRole)
                .containsExactly(TrackerHealth.UP, "LEADER");
    }

    @Test
    void anIdThatMovesToAnotherUrlDropsItsOldEntry() {
        registry.register("t2", URI.create(B));
        registry.register("t2", URI.create("http://127.0.0.1:9003"));

        assertThat(registry.all()).extracting(TrackerRegistry.Tracker::key)
                .containsExactlyInAnyOrder(A, "http://127.0.0.1:9003");
    }

    @Test
    void downAfterConsecutiveFailuresAndBackAfterOneSuccess() {
        registry.register("t2", URI.create(B));
        registry.recordCheck(B, false, "refused", null, NOW, 2);
        assertThat(registry.byKey(B).orElseThrow().health()).isEqualTo(TrackerHealth.UNKNOWN);
        assertThat(routable()).containsExactly(A); // one failed check already demotes it

        registry.recordCheck(B, false, "refused", null, NOW, 2);
        assertThat(registry.byKey(B).orElseThrow().health()).isEqualTo(TrackerHealth.DOWN);
        assertThat(routable()).containsExactly(A);
        assertThat(registry.routable()).extracting(TrackerRegistry.Tracker::key).containsExactly(A, B);
        assertThat(registry.byKey(B).orElseThrow().lastError()).isEqualTo("refused");

        registry.recordCheck(B, true, null, null, NOW, 2);
        assertThat(routable()).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void whenEveryTrackerIsDownAllAreOfferedRatherThanNone() {
        registry.recordCheck(A, false, "timeout", null, NOW, 1);

        assertThat(routable()).containsExactly(A);
    }

    @Test
    void aDeregisteredStaticTrackerDrainsUntilSeenDownThenUp() {
        registry.register("t2", URI.create(B));
        assertThat(registry.deregister(A)).isTrue();
        assertThat(routable()).containsExactly(B);

        registry.recordCheck(A, true, null, null, NOW, 2); // still draining its last requests
        assertThat(routable()).containsExactly(B);
        registry.recordCheck(A, false, "refused", null, NOW, 2); // stopped
        registry.recordCheck(A, true, null, null, NOW, 2); // restarted

        assertThat(routable()).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void aTrackerThatKnowsNoLeaderGetsRequestsOnlyWhileNoTrackerDoes() {
        registry.register("t2", URI.create(B));
        registry.recordCheck(A, true, null, "LEADER", NOW, 2);
        registry.recordCheck(B, true, null, TrackerRegistry.NO_LEADER_ROLE, NOW, 2);
        assertThat(routable()).containsExactly(A);

        registry.recordCheck(A, true, null, TrackerRegistry.NO_LEADER_ROLE, NOW, 2); // an election: nobody knows
        assertThat(routable()).containsExactlyInAnyOrder(A, B);

        registry.recordCheck(B, true, null, "FOLLOWER", NOW, 2);
        assertThat(routable()).containsExactly(B);
    }

    @Test
    void whenTheLeaderDiesItsFollowersComeBeforeItThoughTheyKnowNoLeader() {
        // What CI hit: the followers' reads stopped being confirmed (NO_LEADER) while the dead leader was still UP.
        String c = "http://127.0.0.1:9003";
        registry.register("t2", URI.create(B));
        registry.register("t3", URI.create(c));
        registry.recordCheck(A, true, null, "LEADER", NOW, 2);
        registry.recordCheck(B, true, null, TrackerRegistry.NO_LEADER_ROLE, NOW, 2);
        registry.recordCheck(c, true, null, TrackerRegistry.NO_LEADER_ROLE, NOW, 2);
        assertThat(routable()).containsExactly(A);

        registry.recordCheck(A, false, "refused", null, NOW, 2);

        assertThat(registry.byKey(A).orElseThrow().health()).isEqualTo(TrackerHealth.UP);
        assertThat(routable()).containsExactlyInAnyOrder(B, c);
        assertThat(registry.routable()).extracting(TrackerRegistry.Tracker::key).last().isEqualTo(A);
    }
}
