package io.swarmshare.tracker.peer;

import io.swarmshare.common.api.FileView;
import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.PeerLease;
import io.swarmshare.common.api.SessionView;
import io.swarmshare.tracker.support.TrackerTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class PeerAnnouncementTest extends TrackerTestBase {

    @Test
    void announceGrantsALeaseAndSaysHowOftenToHeartbeat() throws Exception {
        SessionView alice = newUser("alice");
        String peer = unique("peer-");

        PeerLease lease = read(call(put("/api/v1/peers/" + peer), alice.token(), Map.of("host", "10.1.2.3", "port", 6881))
                .andExpect(status().isOk()).andReturn(), PeerLease.class);

        assertThat(lease.peerId()).isEqualTo(peer);
        assertThat(lease.heartbeatSeconds()).isEqualTo(5);
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(15)));
    }

    @Test
    void firstAnnounceBindsPeerToUser() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        String peer = newPeer(alice);

        call(put("/api/v1/peers/" + peer), bob.token(), Map.of("host", "h", "port", 1))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://swarmshare.io/problems/peer-not-yours"));
        call(delete("/api/v1/peers/" + peer), bob.token(), null).andExpect(status().isForbidden());
        call(put("/api/v1/peers/" + peer), alice.token(), Map.of("host", "h", "port", 2)).andExpect(status().isOk());
    }

    @Test
    void departingPeerIsOfflineAtOnceAndBackWithItsNextHeartbeat() throws Exception {
        SessionView alice = newUser("alice");
        GroupView group = newGroup(alice, "team");
        String peer = newPeer(alice);
        register(alice, group.name(), peer, manifest("a.txt", "data")).andExpect(status().isCreated());

        call(delete("/api/v1/peers/" + peer), alice.token(), null).andExpect(status().isNoContent());
        assertThat(seedersOnline(alice, group)).isZero();

        announce(alice, peer, 7000);
        assertThat(seedersOnline(alice, group)).isEqualTo(1);
    }

    @Test
    void afterLogoutAnotherUserMayUseTheSameAgent() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        String peer = newPeer(alice);

        logout(alice).andExpect(status().isNoContent());

        call(put("/api/v1/peers/" + peer), bob.token(), Map.of("host", "h", "port", 1)).andExpect(status().isOk());
    }

    @Test
    void announceWithoutHostUsesTheCallersAddress() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");
        join(group, alice, bob);
        String peer = unique("peer-");
        call(put("/api/v1/peers/" + peer), alice.token(), Map.of("port", 6881)).andExpect(status().isOk());
        register(alice, group.name(), peer, manifest("a.txt", "data")).andExpect(status().isCreated());

        plan(bob, group.name(), "a.txt", newPeer(bob))
                .andExpect(jsonPath("$.peers[0].host").value("127.0.0.1"))
                .andExpect(jsonPath("$.peers[0].port").value(6881));
    }

    private int seedersOnline(SessionView who, GroupView group) throws Exception {
        return read(call(get("/api/v1/groups/" + group.name() + "/files"), who.token(), null).andReturn(), FileView[].class)[0]
                .seedersOnline();
    }
}
