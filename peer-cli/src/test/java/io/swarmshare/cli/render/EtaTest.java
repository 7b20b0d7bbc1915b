package io.swarmshare.cli.render;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EtaTest {

    @ParameterizedTest(name = "{0} s -> {1}")
    @CsvSource({
            "0, 0:00",
            "7, 0:07",
            "62, 1:02",
            "3599, 59:59",
            "3600, 1:00:00",
            "3723, 1:02:03",
            "359999, 99:59:59",
            "360000, >99h",
            "-1, --:--"})
    void etaIsMinutesSecondsThenHours(long seconds, String expected) {
        assertThat(Eta.format(seconds)).isEqualTo(expected);
    }

    @Test
    void unknownEtaIsDashes() {
        assertThat(Eta.format(null)).isEqualTo("--:--");
    }
}
