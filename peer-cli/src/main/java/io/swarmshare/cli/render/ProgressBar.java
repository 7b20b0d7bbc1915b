package io.swarmshare.cli.render;

import io.swarmshare.cli.agent.DownloadView;

import java.time.Duration;
import java.util.Locale;

/**
 * One line of download progress: {@code [#####-----]  45.2%  12.3 MiB / 27.0 MiB  2.1 MiB/s  ETA 0:07}, and the last
 * line of a completed download: {@code [##########] 100.0%  27.0 MiB  in 3.2 s  8.4 MiB/s average}.
 */
public final class ProgressBar {

    private final int width;

    public ProgressBar(int width) {
        this.width = width;
    }

    public String line(DownloadView d) {
        double percent = d.percent();
        String total = d.size() > 0 ? Sizes.human(d.size()) : "?";
        return String.format(Locale.ROOT, "[%s] %5.1f%%  %s / %s  %s  ETA %s", bar(percent), percent,
                Sizes.human(d.bytesDone()), total, Sizes.rate(d.rateBytesPerSec()),
                Eta.format(d.completed() ? Long.valueOf(0) : d.etaSeconds()));
    }

    /**
     * The last line of a completed download: its size, how long it was watched and the average rate over that time
     * (the agent's own rate is of the last seconds, zero once it is done). {@code bytesWatched}: what arrived while
     * it was watched, so a resumed download is not credited with what it had before.
     */
    public String finished(DownloadView d, Duration watched, long bytesWatched) {
        String head = String.format(Locale.ROOT, "[%s] %5.1f%%  %s", bar(100.0), 100.0, Sizes.human(d.bytesDone()));
        double seconds = watched.toNanos() / 1e9;
        if (bytesWatched <= 0 || seconds < 0.001) {
            return head + "  done";
        }
        String took = seconds < 1 ? Math.round(seconds * 1000) + " ms"
                : seconds < 60 ? String.format(Locale.ROOT, "%.1f s", seconds) : Eta.format((long) seconds);
        return head + "  in " + took + "  " + Sizes.rate(bytesWatched / seconds) + " average";
    }

    private String bar(double percent) {
        int filled = (int) Math.floor(percent / 100.0 * width);
        filled = Math.max(0, Math.min(width, filled));
        return "#".repeat(filled) + "-".repeat(width - filled);
    }
}
