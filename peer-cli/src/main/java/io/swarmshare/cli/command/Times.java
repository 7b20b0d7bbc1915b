package io.swarmshare.cli.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Instants in tables: local time to the minute. */
final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Times() {
    }

    static String format(Instant instant) {
        return instant == null ? "-" : FORMAT.format(instant.atZone(ZoneId.systemDefault()));
    }
}
