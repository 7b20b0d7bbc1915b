package io.swarmshare.tracker.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirEnvironmentPostProcessorTest {

    private final DataDirEnvironmentPostProcessor processor = new DataDirEnvironmentPostProcessor();

    @Test
    void relativeDataDirBecomesAbsoluteSoH2AcceptsIt() {
        MockEnvironment env = new MockEnvironment().withProperty("swarmshare.tracker.data-dir", "data/tracker");

        processor.postProcessEnvironment(env, null);

        assertThat(env.getProperty("swarmshare.tracker.data-dir"))
                .isEqualTo(Path.of("data/tracker").toAbsolutePath().normalize().toString());
    }

    @Test
    void absoluteDataDirIsLeftAlone() {
        MockEnvironment env = new MockEnvironment().withProperty("swarmshare.tracker.data-dir", "/srv/tracker");

        processor.postProcessEnvironment(env, null);

        assertThat(env.getPropertySources().contains("swarmshareTrackerDataDir")).isFalse();
    }
}
