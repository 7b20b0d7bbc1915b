package io.swarmshare.agent.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitParameterTest {

    @Test
    void noQueryOrNoWaitMeansAnswerAtOnce() {
        assertThat(ControlServer.waitParameter(null)).isZero();
        assertThat(ControlServer.waitParameter("")).isZero();
        assertThat(ControlServer.waitParameter("other=1")).isZero();
    }

    @Test
    void aWaitInMillisecondsUpToTheBound() {
        assertThat(ControlServer.waitParameter("wait=250")).isEqualTo(Duration.ofMillis(250));
        assertThat(ControlServer.waitParameter("x=1&wait=5000")).isEqualTo(ControlServer.MAX_WAIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wait=-1", "wait=abc", "wait=", "wait=5001", "wait=99999999999999999999"})
    void anythingElseIsABadRequestThatSaysWhatIsAllowed(String query) {
        assertThatThrownBy(() -> ControlServer.waitParameter(query))
                .isInstanceOfSatisfying(ControlException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("wait must be 0 to 5000 milliseconds");
                });
    }
}
