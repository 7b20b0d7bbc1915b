package io.swarmshare.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    private static final Settings.Overrides NONE = new Settings.Overrides(null, null, null, null, null, null);

    @Test
    void defaultsApplyWithoutOptionsOrEnvironment() {
        Settings s = Settings.resolve(NONE, Map.of());

        assertThat(s.gateways()).containsExactly(URI.create("http://127.0.0.1:8080"));
        assertThat(s.agentDir()).isEqualTo(Path.of("data/agent").toAbsolutePath());
        assertThat(s.home()).isEqualTo(Path.of(System.getProperty("user.home"), ".swarmshare"));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.pollInterval()).as("not given: the watcher picks by its output").isNull();
    }

    @Test
    void environmentGivesCommaSeparatedGatewaysAndDirectories() {
        Settings s = Settings.resolve(NONE, Map.of(
                "SWARMSHARE_GATEWAYS", "http://a:8080, http://b:8080,",
                "SWARMSHARE_AGENT_DIR", "/srv/agent",
                "SWARMSHARE_HOME", "/home/x/.ss",
                "SWARMSHARE_REQUEST_TIMEOUT", "2.5s"));

        assertThat(s.gateways()).containsExactly(URI.create("http://a:8080"), URI.create("http://b:8080"));
        assertThat(s.agentDir()).isEqualTo(Path.of("/srv/agent"));
        assertThat(s.home()).isEqualTo(Path.of("/home/x/.ss"));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void optionsBeatTheEnvironment() {
        Settings s = Settings.resolve(new Settings.Overrides(List.of("http://opt:1"), Path.of("/opt/agent"), null,
                "500ms", null, null), Map.of("SWARMSHARE_GATEWAYS", "http://env:1", "SWARMSHARE_CONNECT_TIMEOUT", "9s"));

        assertThat(s.gateways()).containsExactly(URI.create("http://opt:1"));
        assertThat(s.agentDir()).isEqualTo(Path.of("/opt/agent"));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void durationsAcceptMillisSecondsMinutesAndIso() {
        assertThat(Settings.duration("t", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Settings.duration("t", "3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Settings.duration("t", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Settings.duration("t", "PT4S")).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void zeroOrNegativeDurationIsAUsageError() {
        assertThatThrownBy(() -> Settings.duration("--request-timeout", "0s"))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
        assertThatThrownBy(() -> Settings.duration("--request-timeout", "-1"))
                .isInstanceOf(CliException.class);
    }

    @Test
    void emptyGatewayListIsAUsageError() {
        assertThatThrownBy(() -> Settings.resolve(NONE, Map.of("SWARMSHARE_GATEWAYS", " , ")))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
