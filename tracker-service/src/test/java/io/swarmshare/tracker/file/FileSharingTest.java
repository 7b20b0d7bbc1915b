package io.swarmshare.tracker.file;

import io.swarmshare.common.api.DownloadPlan;
import io.swarmshare.common.api.FileView;
import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.PublicKeyView;
import io.swarmshare.common.api.RegisterFileResponse;
import io.swarmshare.common.api.SessionView;
import io.swarmshare.common.manifest.FileManifest;
import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;
import io.swarmshare.tracker.support.TrackerTestBase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class FileSharingTest extends TrackerTestBase {

    private static final String TYPE = "https://swarmshare.io/problems/";

    /** alice owns a group with member bob; each runs one announced agent. */
    private record Swarm(GroupView group, SessionView alice, String alicePeer, SessionView bob, String bobPeer) {
    }

    private Swarm swarm() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");
        join(group, alice, bob);
        return new Swarm(group, alice, newPeer(alice), bob, newPeer(bob));
    }

    private RegisterFileResponse registered(SessionView who, String group, String peer, FileManifest m) throws Exception {
        return read(register(who, group, peer, m).andExpect(status().isCreated()).andReturn(), RegisterFileResponse.class);
    }

    private List<FileView> files(SessionView who, String group) throws Exception {
        return List.of(read(call(get("/api/v1/groups/" + group + "/files"), who.token(), null)
                .andExpect(status().isOk()).andReturn(), FileView[].class));
    }

    @Test
    void registeredFileIsListedWithItsSeeder() throws Exception {
        Swarm s = swarm();
        FileManifest m = manifest("report.pdf", "hello, swarm");

        RegisterFileResponse r = registered(s.alice(), s.group().name(), s.alicePeer(), m);

        assertThat(r.joinedExisting()).isFalse();
        assertThat(r.file().name()).isEqualTo("report.pdf");
        assertThat(r.file().pieceCount()).isEqualTo(3);
        assertThat(r.file().fileDigest()).isEqualTo(m.fileDigest());
        assertThat(r.file().seedersOnline()).isEqualTo(1);
        assertThat(r.file().sharedBy()).containsExactly(s.alice().username());
        assertThat(files(s.bob(), s.group().name())).containsExactly(r.file());
    }

    @Test
    void sameContentFromAnotherMemberJoinsAsSeederUnderFirstName() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("first.txt", "same bytes"));

        RegisterFileResponse r = registered(s.bob(), s.group().name(), s.bobPeer(), manifest("second.txt", "same bytes"));

        assertThat(r.joinedExisting()).isTrue();
        assertThat(r.file().name()).isEqualTo("first.txt");
        assertThat(r.file().seedersOnline()).isEqualTo(2);
        assertThat(r.file().sharedBy()).containsExactlyInAnyOrder(s.alice().username(), s.bob().username());
        assertThat(files(s.alice(), s.group().name())).hasSize(1);
    }

    @Test
    void sameUserSharingSameContentAgainIsAConflict() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "mine"));
        String secondPeer = newPeer(s.alice());

        register(s.alice(), s.group().name(), secondPeer, manifest("b.txt", "mine"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(TYPE + "already-shared"))
                .andExpect(jsonPath("$.detail").value("You already share this content in group '" + s.group().name() + "' as 'a.txt'."));
    }

    @Test
    void sameNameWithDifferentContentIsAConflict() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "version one"));

        register(s.bob(), s.group().name(), s.bobPeer(), manifest("a.txt", "version two"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(TYPE + "file-name-taken"));
    }

    @Test
    void sameContentInAnotherGroupIsAnotherFile() throws Exception {
        Swarm s = swarm();
        GroupView other = newGroup(s.alice(), "other");
        RegisterFileResponse first = registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "content"));

        RegisterFileResponse second = registered(s.alice(), other.name(), s.alicePeer(), manifest("a.txt", "content"));

        assertThat(second.joinedExisting()).isFalse();
        assertThat(second.file().id()).isNotEqualTo(first.file().id());
    }

    @Test
    void hostileFileNamesAreRejectedWithTheReason() throws Exception {
        Swarm s = swarm();
        FileManifest good = manifest("ok.txt", "data");
        Map<String, String> hostile = Map.of(
                "..", "not allowed",
                "../../etc/passwd", "path separator",
                "a\\b", "path separator",
                "bell\u0007", "control characters",
                "", "empty",
                "x".repeat(256), "longer than 255 bytes");
        for (var e : hostile.entrySet()) {
            Map<String, Object> manifest = new java.util.LinkedHashMap<>(json.convertValue(good, Map.class));
            manifest.put("name", e.getKey());
            String detail = call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                    "/api/v1/groups/" + s.group().name() + "/files"), s.alice().token(),
                    Map.of("peerId", s.alicePeer(), "manifest", manifest))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value(TYPE + "invalid-request"))
                    .andReturn().getResponse().getContentAsString();
            assertThat(json.readTree(detail).get("detail").asString()).as(e.getKey()).contains(e.getValue());
        }
        assertThat(files(s.alice(), s.group().name())).isEmpty();
    }

    @Test
    void inconsistentManifestIsRejected() throws Exception {
        Swarm s = swarm();
        Map<String, Object> manifest = new java.util.LinkedHashMap<>(json.convertValue(manifest("a.txt", "12345678"), Map.class));
        manifest.put("pieceDigests", List.of(manifest("x", "1234").fileDigest()));

        call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/groups/" + s.group().name() + "/files"),
                s.alice().token(), Map.of("peerId", s.alicePeer()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The body must carry the file's manifest."));
        call(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/groups/" + s.group().name() + "/files"),
                s.alice().token(), Map.of("peerId", s.alicePeer(), "manifest", manifest))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Invalid 'manifest': expected 2 piece digests, got 1."));
    }

    @Test
    void nonMembersCannotListRegisterOrPlan() throws Exception {
        Swarm s = swarm();
        SessionView mallory = newUser("mallory");
        String malloryPeer = newPeer(mallory);
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "secret"));

        call(get("/api/v1/groups/" + s.group().name() + "/files"), mallory.token(), null)
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.type").value(TYPE + "members-only"));
        plan(mallory, s.group().name(), "a.txt", malloryPeer).andExpect(status().isForbidden());
        register(mallory, s.group().name(), malloryPeer, manifest("b.txt", "spam")).andExpect(status().isForbidden());
        call(put("/api/v1/groups/" + s.group().name() + "/files/a.txt/peers/" + malloryPeer), mallory.token(),
                Map.of("complete", false)).andExpect(status().isForbidden());
    }

    @Test
    void unknownGroupOrFileIsNotFound() throws Exception {
        Swarm s = swarm();

        call(get("/api/v1/groups/" + unique("nogroup") + "/files"), s.alice().token(), null)
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type").value(TYPE + "group-not-found"));
        plan(s.alice(), s.group().name(), "missing.txt", s.alicePeer())
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type").value(TYPE + "file-not-found"));
        call(put("/api/v1/groups/" + s.group().name() + "/files/missing.txt/peers/" + s.alicePeer()), s.alice().token(),
                Map.of("complete", true)).andExpect(status().isNotFound());
    }

    @Test
    void anotherUsersPeerCannotBeUsed() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "data"));

        register(s.bob(), s.group().name(), s.alicePeer(), manifest("b.txt", "other"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.type").value(TYPE + "peer-not-yours"));
        plan(s.bob(), s.group().name(), "a.txt", s.alicePeer()).andExpect(status().isForbidden());
        plan(s.bob(), s.group().name(), "a.txt", unique("never-announced"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.type").value(TYPE + "peer-not-announced"));
        call(delete("/api/v1/groups/" + s.group().name() + "/files/a.txt/peers/" + s.alicePeer()), s.bob().token(), null)
                .andExpect(status().isForbidden());
    }

    @Test
    void downloadPlanListsOnlineOtherPeersWithASignedTicket() throws Exception {
        Swarm s = swarm();
        FileManifest m = manifest("movie.mkv", "a long movie, cut into pieces");
        registered(s.alice(), s.group().name(), s.alicePeer(), m);
        call(put("/api/v1/groups/" + s.group().name() + "/files/movie.mkv/peers/" + s.bobPeer()), s.bob().token(),
                Map.of("complete", false)).andExpect(status().isNoContent());

        DownloadPlan plan = read(plan(s.bob(), s.group().name(), "movie.mkv", s.bobPeer())
                .andExpect(status().isOk()).andReturn(), DownloadPlan.class);

        assertThat(plan.manifest()).isEqualTo(m);
        assertThat(plan.peers()).singleElement().satisfies(p -> {
            assertThat(p.peerId()).isEqualTo(s.alicePeer());
            assertThat(p.user()).isEqualTo(s.alice().username());
            assertThat(p.host()).isEqualTo("127.0.0.1");
            assertThat(p.complete()).isTrue();
        });
        assertThat(plan.ticketExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        PublicKeyView key = read(call(get("/api/v1/tickets/public-key"), null, null).andReturn(), PublicKeyView.class);
        Ticket ticket = TicketCodec.verify(plan.ticket(), TicketCodec.decodePublicKey(key.key()), clock);
        assertThat(ticket).isEqualTo(new Ticket(plan.file().id(), s.bob().username(), s.bobPeer(), plan.ticketExpiresAt()));

        DownloadPlan alicesPlan = read(plan(s.alice(), s.group().name(), "movie.mkv", s.alicePeer())
                .andExpect(status().isOk()).andReturn(), DownloadPlan.class);
        assertThat(alicesPlan.peers()).singleElement().satisfies(p -> {
            assertThat(p.peerId()).isEqualTo(s.bobPeer());
            assertThat(p.complete()).isFalse();
        });
    }

    @Test
    void peersDropOutOfPlanWhenTheirLeaseRunsOut() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "data"));

        clock.advance(Duration.ofSeconds(14));
        assertThat(files(s.bob(), s.group().name()).getFirst().seedersOnline()).isEqualTo(1);
        announce(s.bob(), s.bobPeer(), 7001);
        clock.advance(Duration.ofSeconds(1));

        assertThat(files(s.bob(), s.group().name()).getFirst().seedersOnline()).isZero();
        plan(s.bob(), s.group().name(), "a.txt", s.bobPeer()).andExpect(jsonPath("$.peers", hasSize(0)));

        announce(s.alice(), s.alicePeer(), 7000);
        plan(s.bob(), s.group().name(), "a.txt", s.bobPeer()).andExpect(jsonPath("$.peers", hasSize(1)));
    }

    @Test
    void partialSeederCountsOnlyOnceComplete() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "data"));
        String path = "/api/v1/groups/" + s.group().name() + "/files/a.txt/peers/" + s.bobPeer();

        call(put(path), s.bob().token(), Map.of("complete", false)).andExpect(status().isNoContent());
        assertThat(files(s.bob(), s.group().name()).getFirst().seedersOnline()).isEqualTo(1);
        assertThat(files(s.bob(), s.group().name()).getFirst().sharedBy()).containsExactly(s.alice().username());

        call(put(path), s.bob().token(), Map.of("complete", true)).andExpect(status().isNoContent());
        FileView file = files(s.bob(), s.group().name()).getFirst();
        assertThat(file.seedersOnline()).isEqualTo(2);
        assertThat(file.sharedBy()).containsExactlyInAnyOrder(s.alice().username(), s.bob().username());
    }

    @Test
    void stopShareRemovesPeerAtOnce() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "data"));

        call(delete("/api/v1/groups/" + s.group().name() + "/files/a.txt/peers/" + s.alicePeer()), s.alice().token(), null)
                .andExpect(status().isNoContent());

        assertThat(files(s.bob(), s.group().name()).getFirst().seedersOnline()).isZero();
        plan(s.bob(), s.group().name(), "a.txt", s.bobPeer()).andExpect(jsonPath("$.peers", hasSize(0)));
        // stopped sharing, so sharing again is allowed and joins the existing file
        assertThat(registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "data")).joinedExisting()).isTrue();
    }

    @Test
    void logoutTakesEveryPeerOfTheUserOutOfEverySwarm() throws Exception {
        Swarm s = swarm();
        GroupView other = newGroup(s.alice(), "other");
        join(other, s.alice(), s.bob());
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "one"));
        registered(s.alice(), other.name(), s.alicePeer(), manifest("b.txt", "two"));

        logout(s.alice()).andExpect(status().isNoContent());

        assertThat(files(s.bob(), s.group().name()).getFirst().sharedBy()).isEmpty();
        assertThat(files(s.bob(), other.name()).getFirst().seedersOnline()).isZero();
        plan(s.bob(), other.name(), "b.txt", s.bobPeer()).andExpect(jsonPath("$.peers", hasSize(0)));
    }

    @Test
    void leavingGroupTakesLeaversPeersOutOfItsSwarms() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "one"));
        registered(s.bob(), s.group().name(), s.bobPeer(), manifest("a.txt", "one"));

        call(delete("/api/v1/groups/" + s.group().name() + "/members/me"), s.bob().token(), null).andExpect(status().isOk());

        FileView file = files(s.alice(), s.group().name()).getFirst();
        assertThat(file.sharedBy()).containsExactly(s.alice().username());
        assertThat(file.seedersOnline()).isEqualTo(1);
    }

    @Test
    void oddButSafeNamesAreReachableWhenPercentEncoded() throws Exception {
        Swarm s = swarm();
        String name = "résumé #1; final?.txt";
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest(name, "odd"));
        String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");

        call(get(java.net.URI.create("/api/v1/groups/" + s.group().name() + "/files/" + encoded + "/download-plan?peerId="
                + s.bobPeer())), s.bob().token(), null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.file.name").value(name));
    }

    @Test
    void downloadPlanNeedsPeerIdParameter() throws Exception {
        Swarm s = swarm();
        registered(s.alice(), s.group().name(), s.alicePeer(), manifest("a.txt", "one"));

        call(get("/api/v1/groups/" + s.group().name() + "/files/a.txt/download-plan"), s.bob().token(), null)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPE + "missing-parameter"))
                .andExpect(jsonPath("$.detail").value("The query parameter 'peerId' is required."));
    }
}
