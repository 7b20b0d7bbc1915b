package io.swarmshare.cli.render;

import io.swarmshare.cli.agent.DownloadView;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    static DownloadView running(long done, long size, Double rate, Long eta) {
        return new DownloadView("d1", "g", "f.bin", "/tmp/f.bin", "RUNNING", 3, 10, done, size, rate, eta, null, null,
                null, null);
    }

    @Test
    void lineShowsBarPercentBytesRateAndEta() {
        String line = new ProgressBar(10).line(running(5_242_880, 10_485_760, 1_048_576.0, 5L));

        assertThat(line).isEqualTo("[#####-----]  50.0%  5.0 MiB / 10.0 MiB  1.0 MiB/s  ETA 0:05");
    }

    @Test
    void unknownRateAndEtaShowPlaceholders() {
        String line = new ProgressBar(4).line(running(0, 1000, null, null));

        assertThat(line).isEqualTo("[----]   0.0%  0 B / 1000 B  -  ETA --:--");
    }

    @Test
    void completedDownloadIsFullWithZeroEta() {
        DownloadView done = new DownloadView("d1", "g", "f", "/f", "COMPLETED", 10, 10, 2048, 2048, 0.0, null, null,
                "ab", "ab", null);

        assertThat(new ProgressBar(4).line(done)).isEqualTo("[####] 100.0%  2.0 KiB / 2.0 KiB  0 B/s  ETA 0:00");
    }

    @Test
    void finishedLineGivesTheTimeWatchedAndTheAverageRateOverIt() {
        DownloadView done = new DownloadView("d1", "g", "f", "/f", "COMPLETED", 10, 10, 268_435_456, 268_435_456, 0.0,
                0L, null, "ab", "ab", null);

        // 192 MiB arrived while watched (the rest was there before a resume), in 2.4 s: 80 MiB/s
        assertThat(new ProgressBar(4).finished(done, Duration.ofMillis(2400), 201_326_592))
                .isEqualTo("[####] 100.0%  256.0 MiB  in 2.4 s  80.0 MiB/s average");
        assertThat(new ProgressBar(4).finished(done, Duration.ofSeconds(95), 268_435_456))
                .isEqualTo("[####] 100.0%  256.0 MiB  in 1:35  2.7 MiB/s average");
        assertThat(new ProgressBar(4).finished(done, Duration.ofMillis(250), 268_435_456))
                .isEqualTo("[####] 100.0%  256.0 MiB  in 250 ms  1.0 GiB/s average");
    }

    @Test
    void finishedLineWithoutAnythingWatchedArrivingSaysDone() {
        DownloadView done = new DownloadView("d1", "g", "f", "/f", "COMPLETED", 10, 10, 2048, 2048, 0.0, 0L, null,
                "ab", "ab", null);

        assertThat(new ProgressBar(4).finished(done, Duration.ofMillis(5), 0)).isEqualTo("[####] 100.0%  2.0 KiB  done");
        assertThat(new ProgressBar(4).finished(done, Duration.ZERO, 2048)).isEqualTo("[####] 100.0%  2.0 KiB  done");
    }

    @Test
    void percentFallsBackToPiecesWhenSizeIsUnknown() {
        DownloadView view = new DownloadView("d1", "g", "f", "/f", "RUNNING", 1, 4, 0, 0, null, null, null, null, null,
                null);

        assertThat(view.percent()).isEqualTo(25.0);
        assertThat(new ProgressBar(4).line(view)).startsWith("[#---]  25.0%  0 B / ?");
    }

    @Test
    void bytesBeyondTheSizeNeverOverflowTheBar() {
        String line = new ProgressBar(4).line(running(5000, 1000, null, null));

        assertThat(line).startsWith("[####] 100.0%");
    }
}
