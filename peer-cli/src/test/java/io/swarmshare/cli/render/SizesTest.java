package io.swarmshare.cli.render;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SizesTest {

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
            "0, 0 B",
            "1, 1 B",
            "1023, 1023 B",
            "1024, 1.0 KiB",
            "1536, 1.5 KiB",
            "1048575, 1.0 MiB",
            "1048576, 1.0 MiB",
            "12897485, 12.3 MiB",
            "5368709120, 5.0 GiB",
            "-1, ?"})
    void humanSizesUseBinaryUnitsWithOneDecimal(long bytes, String expected) {
        assertThat(Sizes.human(bytes)).isEqualTo(expected);
    }

    @Test
    void largestLongStaysInExbibytes() {
        assertThat(Sizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void rateIsDashWhenUnknownOrNegative() {
        assertThat(Sizes.rate(null)).isEqualTo("-");
        assertThat(Sizes.rate(-5.0)).isEqualTo("-");
        assertThat(Sizes.rate(Double.NaN)).isEqualTo("-");
        assertThat(Sizes.rate(2_202_009.6)).isEqualTo("2.1 MiB/s");
    }
}
