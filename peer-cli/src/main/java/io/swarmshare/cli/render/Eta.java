package io.swarmshare.cli.render;

/** Remaining time as m:ss or h:mm:ss; "--:--" when unknown. */
public final class Eta {

    public static final String UNKNOWN = "--:--";

    private Eta() {
    }

    public static String format(Long seconds) {
        if (seconds == null || seconds < 0) {
            return UNKNOWN;
        }
        long s = seconds;
        if (s >= 100L * 3600) {
            return ">99h";
        }
        long hours = s / 3600;
        long minutes = (s % 3600) / 60;
        long rest = s % 60;
        return hours > 0 ? String.format("%d:%02d:%02d", hours, minutes, rest) : String.format("%d:%02d", minutes, rest);
    }
}
