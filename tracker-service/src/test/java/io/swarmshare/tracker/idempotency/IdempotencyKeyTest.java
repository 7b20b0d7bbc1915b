package io.swarmshare.tracker.idempotency;

import io.swarmshare.common.api.SessionView;
import io.swarmshare.tracker.group.GroupRepository;
import io.swarmshare.tracker.support.TrackerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A write sent again with the same {@code Idempotency-Key} (a client or gateway retry after a lost answer) gets the
 * first answer and changes nothing a second time; keys cannot be replayed by another session or on another endpoint.
 */
class IdempotencyKeyTest extends TrackerTestBase {

    private static final String TYPE = "https://swarmshare.io/problems/";

    @Autowired
    GroupRepository groups;

    @Test
    void aRetriedWriteGetsTheFirstAnswerInsteadOfAConflict() throws Exception {
        SessionView alice = newUser("alice");
        String name = unique("films");
        String key = UUID.randomUUID().toString();

        String first = call(post("/api/v1/groups").header("Idempotency-Key", key), alice.token(), Map.of("name", name))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        String again = call(post("/api/v1/groups").header("Idempotency-Key", key), alice.token(), Map.of("name", name))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();

        assertThat(again).isEqualTo(first);
        assertThat(groups.findAll().stream().filter(g -> g.name().equals(name)).count()).isEqualTo(1);
        // Without a key the same request is a new write, refused as such.
        call(post("/api/v1/groups"), alice.token(), Map.of("name", name))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.type").value(TYPE + "group-exists"));
    }

    @Test
    void aRetriedUserCreationIsNotTakenForSomeoneElsesName() throws Exception {
        String user = unique("carol");
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("username", user, "password", "correct horse");
        call(post("/api/v1/users").header("Idempotency-Key", key), null, body).andExpect(status().isCreated());
        call(post("/api/v1/users").header("Idempotency-Key", key), null, body)
                .andExpect(status().isCreated()).andExpect(jsonPath("$.username").value(user));
        login(user, "correct horse");
    }

    @Test
    void aKeyReusedByAnotherSessionOrOnAnotherEndpointIsRefused() throws Exception {
        SessionView alice = newUser("alice");
        SessionView bob = newUser("bob");
        String key = UUID.randomUUID().toString();
        call(post("/api/v1/groups").header("Idempotency-Key", key), alice.token(), Map.of("name", unique("a")))
                .andExpect(status().isCreated());

        call(post("/api/v1/groups").header("Idempotency-Key", key), bob.token(), Map.of("name", unique("b")))
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.type").value(TYPE + "idempotency-key-reused"));
        call(post("/api/v1/groups/nope/join-requests").header("Idempotency-Key", key), alice.token(), null)
                .andExpect(status().is(422));
    }

    @Test
    void aRefusedWriteIsEvaluatedAgainOnRetry() throws Exception {
        SessionView alice = newUser("alice");
        String key = UUID.randomUUID().toString();
        String name = unique("g");
        call(post("/api/v1/groups/" + name + "/join-requests").header("Idempotency-Key", key), alice.token(), null)
                .andExpect(status().isNotFound());
        SessionView bob = newUser("bob");
        call(post("/api/v1/groups"), bob.token(), Map.of("name", name)).andExpect(status().isCreated());
        call(post("/api/v1/groups/" + name + "/join-requests").header("Idempotency-Key", key), alice.token(), null)
                .andExpect(status().isAccepted());
    }

    @Test
    void malformedKeysAreRefusedWithOneSentence() throws Exception {
        SessionView alice = newUser("alice");
        for (String bad : new String[]{"", "has space", "x".repeat(256), "tab\there"}) {
            call(post("/api/v1/groups").header("Idempotency-Key", bad), alice.token(), Map.of("name", unique("m")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value(TYPE + "invalid-request"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Idempotency-Key")));
        }
    }
}
