package io.swarmshare.agent.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentPropertiesTest {

    private static AgentProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("swarmshare.agent", AgentProperties.class);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        AgentProperties p = bind(Map.of());
        assertThat(p.dataDir().toAbsolutePath().normalize()).isEqualTo(Path.of("data/agent").toAbsolutePath());
        assertThat(p.gateways()).containsExactly(URI.create("http://127.0.0.1:8080"));
        assertThat(p.listenHost()).isEqualTo("127.0.0.1");
        assertThat(p.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(p.listenPort()).isZero();
        assertThat(p.controlPort()).isZero();
        assertThat(p.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.pieceTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.maxPieceAttempts()).isEqualTo(3);
        assertThat(p.pipelineDepth()).isEqualTo(16);
        assertThat(p.uploadSlots()).isEqualTo(8);
        assertThat(p.uploadRateLimit().toBytes()).isZero();
        assertThat(p.planRefresh()).isEqualTo(Duration.ofSeconds(3));
        assertThat(p.directWrites()).isTrue();
    }

    @Test
    void bindsACommaListOfGatewaysAndKebabCaseKeys() {
        AgentProperties p = bind(Map.of("swarmshare.agent.gateways", "http://a:1,http://b:2",
                "swarmshare.agent.advertised-host", "10.0.0.5", "swarmshare.agent.pipeline-depth", "16",
                "swarmshare.agent.direct-writes", "false"));
        assertThat(p.gateways()).containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
        assertThat(p.advertisedHost()).isEqualTo("10.0.0.5");
        assertThat(p.pipelineDepth()).isEqualTo(16);
        assertThat(p.directWrites()).isFalse();
    }

    @Test
    void rejectsNonsenseAtStartUp() {
        assertThatThrownBy(() -> bind(Map.of("swarmshare.agent.listen-port", "70000"))).hasRootCauseMessage("swarmshare.agent.listen-port must be 0..65535");
        assertThatThrownBy(() -> bind(Map.of("swarmshare.agent.pipeline-depth", "0"))).hasRootCauseMessage("swarmshare.agent.pipeline-depth must be 1..256");
        assertThatThrownBy(() -> bind(Map.of("swarmshare.agent.gateways", "ftp://x"))).hasRootCauseMessage("swarmshare.agent.gateways: 'ftp://x' is not an http(s) URL");
        assertThatThrownBy(() -> bind(Map.of("swarmshare.agent.piece-timeout", "0s"))).hasRootCauseMessage("swarmshare.agent.piece-timeout must be a positive duration");
    }
}
