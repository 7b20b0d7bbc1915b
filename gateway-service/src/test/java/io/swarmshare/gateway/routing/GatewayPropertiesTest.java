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
        var p = new GatewayProperties(List.of(URI.create("http://127.0.0.1:8081"), URI.create("https://t2/")), S, S, S);
        assertThat(p.trackers()).hasSize(2);
    }

    @Test
    void rejectsATrackerUriWithAPath() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GatewayProperties(List.of(URI.create("http://127.0.0.1:8081/api")), S, S, S))
                .withMessageContaining("http://127.0.0.1:8081/api");
    }

    @Test
    void rejectsAnEmptyTrackerList() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GatewayProperties(List.of(), S, S, S));
    }

    @Test
    void rejectsANonHttpScheme() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GatewayProperties(List.of(URI.create("ftp://127.0.0.1:21")), S, S, S));
    }
}
