package io.swarmshare.cli.render;

import java.util.Locale;

/** Byte counts for humans, in binary units: 0 B, 1023 B, 1.0 KiB, 12.3 MiB. */
public final class Sizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
    }

    public static String human(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        if (value >= 1023.95 && unit < UNITS.length - 1) { // would print as 1024.0
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /** A transfer rate, e.g. "2.1 MiB/s"; "-" when unknown. */
    public static String rate(Double bytesPerSecond) {
        if (bytesPerSecond == null || bytesPerSecond.isNaN() || bytesPerSecond < 0) {
            return "-";
        }
        return human(Math.round(bytesPerSecond)) + "/s";
    }
}
