package io.swarmshare.cli.render;

import io.swarmshare.cli.agent.DownloadView;

import java.util.Locale;

/** One line of download progress: {@code [#####-----]  45.2%  12.3 MiB / 27.0 MiB  2.1 MiB/s  ETA 0:07}. */
public final class ProgressBar {

    private final int width;

    public ProgressBar(int width) {
        this.width = width;
    }

    public String line(DownloadView d) {
        double percent = d.percent();
        int filled = (int) Math.floor(percent / 100.0 * width);
        filled = Math.max(0, Math.min(width, filled));
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String total = d.size() > 0 ? Sizes.human(d.size()) : "?";
        return String.format(Locale.ROOT, "[%s] %5.1f%%  %s / %s  %s  ETA %s", bar, percent, Sizes.human(d.bytesDone()),
                total, Sizes.rate(d.rateBytesPerSec()), Eta.format(d.completed() ? Long.valueOf(0) : d.etaSeconds()));
    }
}
