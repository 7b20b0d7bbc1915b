package io.swarmshare.tracker.web;

import io.swarmshare.common.api.SessionView;
import io.swarmshare.tracker.support.TrackerTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ErrorResponsesTest extends TrackerTestBase {

    private static final String TYPE = "https://swarmshare.io/problems/";

    @Test
    void malformedJsonIsABadRequestProblem() throws Exception {
        call(post("/api/v1/users"), null, "{\"username\": \"x\",")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TYPE + "malformed-json"))
                .andExpect(jsonPath("$.title").value("Malformed JSON"))
                .andExpect(jsonPath("$.detail").value("The request body is not valid JSON for this call."))
                .andExpect(content().string(not(containsString("Exception"))));
    }

    @Test
    void wrongJsonTypeNamesTheField() throws Exception {
        SessionView s = newUser("alice");
        call(put("/api/v1/peers/" + unique("p")), s.token(), "{\"host\": \"h\", \"port\": \"seven\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPE + "malformed-json"))
                .andExpect(jsonPath("$.detail").value("The request body is not valid JSON for this call at 'port'."));
    }

    @Test
    void missingBodyIsABadRequestProblem() throws Exception {
        mvc.perform(post("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(TYPE + "missing-body"));
    }

    @Test
    void unknownPathIsANotFoundProblem() throws Exception {
        SessionView s = newUser("alice");
        call(get("/api/v1/nothing/here"), s.token(), null)
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TYPE + "not-found"))
                .andExpect(jsonPath("$.detail").value("There is no endpoint GET /api/v1/nothing/here."));
        mvc.perform(get("/no-such-page"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value(TYPE + "not-found"));
    }

    @Test
    void wrongMethodIsAMethodNotAllowedProblem() throws Exception {
        SessionView s = newUser("alice");
        call(patch("/api/v1/groups"), s.token(), null)
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value(TYPE + "method-not-allowed"))
                .andExpect(jsonPath("$.detail").value("This endpoint does not accept PATCH; it accepts GET, POST."));
    }

    @Test
    void wrongContentTypeIsAnUnsupportedMediaTypeProblem() throws Exception {
        mvc.perform(post("/api/v1/users").contentType(MediaType.TEXT_PLAIN).content("alice"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value(TYPE + "unsupported-media-type"));
    }

    @Test
    void unexpectedFailureIsAGenericProblemWithoutInternals() throws Exception {
        mvc.perform(get("/test/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(TYPE + "internal-error"))
                .andExpect(jsonPath("$.detail").value("The tracker failed unexpectedly; the error was logged, try again later."))
                .andExpect(content().string(not(containsString(io.swarmshare.tracker.support.FailingController.SECRET))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }

    @Test
    void badPeerAnnouncementsAreRejected() throws Exception {
        SessionView s = newUser("alice");
        call(put("/api/v1/peers/" + unique("p")), s.token(), "{\"host\": \"h\", \"port\": 70000}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The port must be between 1 and 65535, was 70000."));
        call(put("/api/v1/peers/" + unique("p")), s.token(), "{\"host\": \"bad host\", \"port\": 7000}")
                .andExpect(status().isBadRequest());
        call(put("/api/v1/peers/..bad"), s.token(), "{\"host\": \"h\", \"port\": 7000}")
                .andExpect(status().isBadRequest());
    }
}
