package io.swarmshare.tracker.group;

import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.SessionView;
import io.swarmshare.tracker.support.TrackerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class GroupMembershipTest extends TrackerTestBase {

    @Autowired
    GroupRepository groups;

    @Autowired
    JoinRequestRepository requests;

    private static final String TYPE = "https://swarmshare.io/problems/";

    @Test
    void creatorOwnsNewGroup() throws Exception {
        SessionView alice = newUser("alice");
        GroupView group = newGroup(alice, "team");

        assertThat(group.owner()).isEqualTo(alice.username());
        assertThat(group.myRole()).isEqualTo("OWNER");
        assertThat(group.members()).isEqualTo(1);
        call(get("/api/v1/groups/mine"), alice.token(), null)
                .andExpect(jsonPath("$[*].name", hasItem(group.name())));
    }

    @Test
    void existingGroupNameIsAConflictAndBadNamesAreRejected() throws Exception {
        SessionView alice = newUser("alice");
        GroupView group = newGroup(alice, "team");

        call(post("/api/v1/groups"), alice.token(), Map.of("name", group.name()))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.type").value(TYPE + "group-exists"));
        for (String bad : new String[]{"..", "a/b", "a\\b", "", " x"}) {
            call(post("/api/v1/groups"), alice.token(), Map.of("name", bad))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.type").value(TYPE + "invalid-request"));
        }
    }

    @Test
    void joinRequestWaitsForOwnerAndAcceptMakesMember() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");
        String g = "/api/v1/groups/" + group.name();

        call(post(g + "/join-requests"), bob.token(), null)
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.role").value("PENDING"));
        call(get("/api/v1/groups"), bob.token(), null)
                .andExpect(jsonPath("$[?(@.name == '" + group.name() + "')].myRole").value("PENDING"));
        call(get(g + "/join-requests"), alice.token(), null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].username").value(bob.username()));

        call(post(g + "/join-requests/" + bob.username() + "/accept"), alice.token(), null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.role").value("MEMBER"))
                .andExpect(jsonPath("$.owner").value(alice.username()));

        call(get("/api/v1/groups/mine"), bob.token(), null)
                .andExpect(jsonPath("$[?(@.name == '" + group.name() + "')].myRole").value("MEMBER"))
                .andExpect(jsonPath("$[?(@.name == '" + group.name() + "')].members").value(2));
        call(get(g + "/join-requests"), alice.token(), null).andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void rejectedRequesterStaysOutsideAndMayAskAgain() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");
        String g = "/api/v1/groups/" + group.name();
        call(post(g + "/join-requests"), bob.token(), null).andExpect(status().isAccepted());

        call(post(g + "/join-requests/" + bob.username() + "/reject"), alice.token(), null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.role").value("NONE"));

        call(get(g + "/files"), bob.token(), null).andExpect(status().isForbidden());
        call(post(g + "/join-requests"), bob.token(), null).andExpect(status().isAccepted());
    }

    @Test
    void repeatedRequestsAndMembersRequestingAreConflicts() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");
        String g = "/api/v1/groups/" + group.name();
        call(post(g + "/join-requests"), bob.token(), null).andExpect(status().isAccepted());

        call(post(g + "/join-requests"), bob.token(), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.type").value(TYPE + "request-pending"));
        call(post(g + "/join-requests"), alice.token(), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.type").value(TYPE + "already-member"));
    }

    @Test
    void onlyOwnerManagesRequests() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        SessionView carol = newUser("carol");
        GroupView group = newGroup(alice, "team");
        join(group, alice, bob);
        String g = "/api/v1/groups/" + group.name();
        call(post(g + "/join-requests"), carol.token(), null).andExpect(status().isAccepted());

        call(get(g + "/join-requests"), bob.token(), null)
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.type").value(TYPE + "owner-only"));
        call(post(g + "/join-requests/" + carol.username() + "/accept"), bob.token(), null)
                .andExpect(status().isForbidden());
        call(post(g + "/join-requests/" + carol.username() + "/reject"), carol.token(), null)
                .andExpect(status().isForbidden());
        assertThat(requests.findByGroupIdOrderByRequestedAtAscIdAsc(groups.findByName(group.name()).orElseThrow().id()))
                .hasSize(1);
    }

    @Test
    void unknownGroupOrRequestIsNotFound() throws Exception {
        SessionView alice = newUser("alice");
        GroupView group = newGroup(alice, "team");

        call(post("/api/v1/groups/" + unique("nogroup") + "/join-requests"), alice.token(), null)
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type").value(TYPE + "group-not-found"));
        call(get("/api/v1/groups/" + unique("nogroup") + "/join-requests"), alice.token(), null)
                .andExpect(status().isNotFound());
        call(post("/api/v1/groups/" + group.name() + "/join-requests/" + unique("nobody") + "/accept"), alice.token(), null)
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.type").value(TYPE + "join-request-not-found"));
        call(post("/api/v1/groups/" + group.name() + "/join-requests/" + unique("nobody") + "/reject"), alice.token(), null)
                .andExpect(status().isNotFound());
        call(delete("/api/v1/groups/" + unique("nogroup") + "/members/me"), alice.token(), null)
                .andExpect(status().isNotFound());
    }

    @Test
    void leavingWithoutMembershipIsAConflict() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");

        call(delete("/api/v1/groups/" + group.name() + "/members/me"), bob.token(), null)
                .andExpect(status().isConflict()).andExpect(jsonPath("$.type").value(TYPE + "not-a-member"));
    }

    @Test
    void ownerLeavingHandsGroupToLongestStandingMember() throws Exception {
        SessionView alice = newUser("alice");
        SessionView zoe = newUser("zoe");
        SessionView adam = newUser("adam");
        GroupView group = newGroup(alice, "team");
        // adam asks first and sorts first, but zoe is accepted first: acceptance time decides
        call(post("/api/v1/groups/" + group.name() + "/join-requests"), adam.token(), null).andExpect(status().isAccepted());
        clock.advance(Duration.ofMinutes(1));
        join(group, alice, zoe);
        clock.advance(Duration.ofMinutes(1));
        call(post("/api/v1/groups/" + group.name() + "/join-requests/" + adam.username() + "/accept"), alice.token(), null)
                .andExpect(status().isOk());

        call(delete("/api/v1/groups/" + group.name() + "/members/me"), alice.token(), null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.role").value("NONE"))
                .andExpect(jsonPath("$.owner").value(zoe.username()));

        assertThat(groups.findByName(group.name()).orElseThrow().owner()).isEqualTo(zoe.username());
        call(get("/api/v1/groups/mine"), zoe.token(), null)
                .andExpect(jsonPath("$[?(@.name == '" + group.name() + "')].myRole").value("OWNER"))
                .andExpect(jsonPath("$[?(@.name == '" + group.name() + "')].members").value(2));
        call(get("/api/v1/groups/mine"), alice.token(), null)
                .andExpect(jsonPath("$[*].name", not(hasItem(group.name()))));
    }

    @Test
    void memberLeavingKeepsOwner() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");
        join(group, alice, bob);

        call(delete("/api/v1/groups/" + group.name() + "/members/me"), bob.token(), null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.owner").value(alice.username()));

        call(get("/api/v1/groups/" + group.name() + "/files"), bob.token(), null).andExpect(status().isForbidden());
    }

    @Test
    void lastMemberLeavingDeletesGroupWithFilesAndRequests() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");
        String peer = newPeer(alice);
        register(alice, group.name(), peer, manifest("notes.txt", "some notes")).andExpect(status().isCreated());
        call(post("/api/v1/groups/" + group.name() + "/join-requests"), bob.token(), null).andExpect(status().isAccepted());

        call(delete("/api/v1/groups/" + group.name() + "/members/me"), alice.token(), null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.owner").doesNotExist());

        assertThat(groups.findByName(group.name())).isEmpty();
        call(get("/api/v1/groups"), bob.token(), null).andExpect(jsonPath("$[*].name", not(hasItem(group.name()))));
        // the name is free again, and the new group starts empty
        GroupView again = read(call(post("/api/v1/groups"), bob.token(), Map.of("name", group.name()))
                .andExpect(status().isCreated()).andReturn(), GroupView.class);
        assertThat(again.owner()).isEqualTo(bob.username());
        call(get("/api/v1/groups/" + group.name() + "/files"), bob.token(), null).andExpect(jsonPath("$", hasSize(0)));
        call(get("/api/v1/groups/" + group.name() + "/join-requests"), bob.token(), null).andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void pendingRequesterLeavingWithdrawsRequest() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        GroupView group = newGroup(alice, "team");
        call(post("/api/v1/groups/" + group.name() + "/join-requests"), bob.token(), null).andExpect(status().isAccepted());

        call(delete("/api/v1/groups/" + group.name() + "/members/me"), bob.token(), null)
                .andExpect(status().isOk()).andExpect(jsonPath("$.role").value("NONE"));

        call(get("/api/v1/groups/" + group.name() + "/join-requests"), alice.token(), null).andExpect(jsonPath("$", hasSize(0)));
    }
}
