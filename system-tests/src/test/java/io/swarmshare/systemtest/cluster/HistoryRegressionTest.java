package io.swarmshare.systemtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.core.type.TypeReference;

/**
 * Replays every history kept under {@code src/test/resources/histories/} through the checker. Each case is a JSON
 * object: {@code prefix}, {@code expectValid}, {@code expectViolations} (substrings), {@code finalStates}
 * (tracker → facts) and {@code ops} (as {@link History.Op}). A failing history found by a cluster test is kept here
 * so the checker keeps finding what broke.
 */
class HistoryRegressionTest {

    record Case(String prefix, String description, boolean expectValid, List<String> expectViolations,
                Map<String, List<String>> finalStates, List<History.Op> ops) {
    }

    static Stream<Path> histories() throws IOException, URISyntaxException {
        Path dir = Path.of(HistoryRegressionTest.class.getResource("/histories").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("histories")
    void replays(Path file) throws IOException {
        Case c = History.fromJson(Files.readString(file), new TypeReference<Case>() { });
        HistoryChecker.Result result = new HistoryChecker(c.prefix()).check(History.of(c.ops()), c.finalStates());
        assertThat(result.valid()).as(file.getFileName() + ": " + result).isEqualTo(c.expectValid());
        for (String expected : c.expectViolations()) {
            assertThat(result.violations()).as(file.getFileName().toString()).anyMatch(v -> v.contains(expected));
        }
    }
}
