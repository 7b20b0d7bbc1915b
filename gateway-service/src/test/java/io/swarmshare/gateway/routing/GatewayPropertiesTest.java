package io.swarmshare.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class GatewayPropertiesTest {

    static final Duration S = Duration.ofSeconds(1);

    @Test
    void acceptsBaseUrisWithAndWithoutTrailingSlash() {
        var p = GatewayProperties.of(List.of(URI.create("http://127.0.0.1:8081"), URI.create("https://t2/")));
        assertThat(p.trackers()).hasSize(2);
    }

    @Test
    void rejectsATrackerUriWithAPath() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GatewayProperties.of(List.of(URI.create("http://127.0.0.1:8081/api"))))
                .withMessageContaining("http://127.0.0.1:8081/api");
    }

    @Test
    void rejectsAnEmptyTrackerListWhenTrackersCannotRegister() {
        assertThatIllegalArgumentException().isThrownBy(() -> GatewayProperties.of(List.of()))
                .withMessageContaining("swarmshare.gateway.secret");
    }

    @Test
    void acceptsAnEmptyTrackerListWhenTrackersRegister() {
        var p = new GatewayProperties(List.of(), "s3cret", S, S, S, S, S, S, 2, "latency", false);
        assertThat(p.registrationEnabled()).isTrue();
        assertThat(p.toString()).doesNotContain("s3cret");
    }

    @Test
    void rejectsAnUnknownLoadMeasure() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GatewayProperties(List.of(), "s", S, S, S, S, S, S, 2, "random", false))
                .withMessageContaining("in-flight or latency");
    }

    @Test
    void rejectsANonHttpScheme() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GatewayProperties.of(List.of(URI.create("ftp://127.0.0.1:21"))));
    }
}
