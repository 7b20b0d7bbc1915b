package io.swarmshare.tracker.session;

import io.swarmshare.common.api.SessionView;
import io.swarmshare.tracker.support.TrackerTestBase;
import io.swarmshare.tracker.user.UserRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class SessionAuthenticationTest extends TrackerTestBase {

    @Autowired
    SessionRepository sessions;

    @Autowired
    UserRepository users;

    @Test
    void createdUserCanLogInWithA32ByteToken() throws Exception {
        String name = unique("alice");
        call(post("/api/v1/users"), null, Map.of("username", name, "password", "correct horse"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.username").value(name))
                .andExpect(jsonPath("$.createdAt").value(clock.instant().toString()));

        SessionView session = login(name, "correct horse");

        assertThat(session.username()).isEqualTo(name);
        assertThat(Base64.getUrlDecoder().decode(session.token())).hasSize(32);
        assertThat(session.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
    }

    @Test
    void passwordIsStoredAsArgon2idAndTokenOnlyAsItsHash() throws Exception {
        SessionView session = newUser("carol");

        assertThat(users.findByUsername(session.username()).orElseThrow().passwordHash()).startsWith("$argon2id$");
        assertThat(sessions.findById(session.token())).isEmpty();
        assertThat(sessions.findById(SessionService.hash(session.token()))).isPresent();
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameSentence() throws Exception {
        SessionView session = newUser("dave");

        String wrongPassword = call(post("/api/v1/sessions"), null, Map.of("username", session.username(), "password", "wrong password"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://swarmshare.io/problems/bad-credentials"))
                .andReturn().getResponse().getContentAsString();
        String unknownUser = call(post("/api/v1/sessions"), null, Map.of("username", unique("nobody"), "password", "wrong password"))
                .andExpect(status().isUnauthorized())
                .andReturn().getResponse().getContentAsString();

        assertThat(json.readTree(wrongPassword).get("detail")).isEqualTo(json.readTree(unknownUser).get("detail"));
    }

    @Test
    void takenUsernameIsAConflict() throws Exception {
        SessionView session = newUser("erin");

        call(post("/api/v1/users"), null, Map.of("username", session.username(), "password", "another password"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://swarmshare.io/problems/username-taken"))
                .andExpect(jsonPath("$.detail").value("The username '" + session.username() + "' is already taken."));
    }

    @Test
    void badUsernamesAndShortPasswordsAreRejected() throws Exception {
        for (String bad : new String[]{"", "../etc", "a/b", "-dash", "x".repeat(65), "tab\there"}) {
            call(post("/api/v1/users"), null, Map.of("username", bad, "password", "long enough"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://swarmshare.io/problems/invalid-request"))
                    .andExpect(jsonPath("$.detail", startsWith("User name")));
        }
        call(post("/api/v1/users"), null, Map.of("username", unique("frank"), "password", "1234567"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The password must be at least 8 characters long."));
    }

    @Test
    void callsWithoutTokenAreUnauthorized() throws Exception {
        call(get("/api/v1/groups"), null, null)
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://swarmshare.io/problems/unauthenticated"));
        mvc.perform(get("/api/v1/groups").header("Authorization", "Basic dXNlcjpwYXNz"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void unknownTokenIsUnauthorized() throws Exception {
        call(get("/api/v1/groups"), "not-a-real-token", null)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value("Your session has expired or was ended; log in again."));
    }

    @Test
    void expiredTokenIsUnauthorized() throws Exception {
        SessionView session = newUser("gina");
        call(get("/api/v1/groups"), session.token(), null).andExpect(status().isOk());

        clock.advance(Duration.ofHours(12));

        call(get("/api/v1/groups"), session.token(), null)
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("https://swarmshare.io/problems/unauthenticated"));
    }

    @Test
    void loggedOutTokenIsUnauthorized() throws Exception {
        SessionView session = newUser("hank");
        SessionView other = login(session.username(), "correct horse");

        logout(session).andExpect(status().isNoContent());

        call(get("/api/v1/groups"), session.token(), null).andExpect(status().isUnauthorized());
        logout(session).andExpect(status().isUnauthorized());
        call(get("/api/v1/groups"), other.token(), null).andExpect(status().isOk());
    }

    @Test
    void publicEndpointsNeedNoToken() throws Exception {
        call(get("/api/v1/tickets/public-key"), null, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.algorithm").value("Ed25519"));
        mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/groups']").exists())
                .andExpect(jsonPath("$.components.securitySchemes.bearer.scheme").value("bearer"))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("tokenHash"))));
    }
}
