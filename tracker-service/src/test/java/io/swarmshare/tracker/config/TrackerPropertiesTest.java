package io.swarmshare.tracker.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TrackerPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TrackerProperties.class)
    static class Props {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Props.class);

    @Test
    void defaultsMatchTheDesign() {
        runner.run(ctx -> {
            TrackerProperties p = ctx.getBean(TrackerProperties.class);
            assertThat(p.dataDir().normalize()).isEqualTo(Path.of("data/tracker"));
            assertThat(p.sessionTtl()).isEqualTo(Duration.ofHours(12));
            assertThat(p.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.peerLease()).isEqualTo(Duration.ofSeconds(15));
            assertThat(p.ticketTtl()).isEqualTo(Duration.ofMinutes(10));
            assertThat(p.minPasswordLength()).isEqualTo(8);
        });
    }

    @Test
    void leaseShorterThanHeartbeatFailsStartUp() {
        runner.withPropertyValues("swarmshare.tracker.peer-lease=2s", "swarmshare.tracker.heartbeat-interval=5s")
                .run(ctx -> assertThat(ctx).hasFailed());
    }

    @Test
    void nonPositiveDurationsAndPasswordLengthsFailStartUp() {
        runner.withPropertyValues("swarmshare.tracker.session-ttl=0s").run(ctx -> assertThat(ctx).hasFailed());
        runner.withPropertyValues("swarmshare.tracker.min-password-length=0").run(ctx -> assertThat(ctx).hasFailed());
    }
}
