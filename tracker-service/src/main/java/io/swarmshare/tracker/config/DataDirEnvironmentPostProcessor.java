package io.swarmshare.tracker.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * Makes {@code swarmshare.tracker.data-dir} absolute before the datasource URL is built from it: H2 refuses
 * a path like {@code data/tracker} that is "implicitly relative", and scripts pass such paths.
 */
class DataDirEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String KEY = "swarmshare.tracker.data-dir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String value = environment.getProperty(KEY);
        if (value == null || value.isBlank()) {
            return;
        }
        Path path = Path.of(value.trim());
        if (!path.isAbsolute()) {
            environment.getPropertySources().addFirst(new MapPropertySource("swarmshareTrackerDataDir",
                    Map.of(KEY, path.toAbsolutePath().normalize().toString())));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
