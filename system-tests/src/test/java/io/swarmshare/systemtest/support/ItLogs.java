package io.swarmshare.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code system-tests/target/it-logs/<test>/}: where each test's process logs and CLI transcripts go. */
public final class ItLogs {

    private ItLogs() {
    }

    public static Path dirFor(String testName) {
        String configured = System.getProperty("swarmshare.it-logs");
        Path base = configured != null ? Path.of(configured) : Path.of("target", "it-logs");
        Path dir = base.resolve(testName.replaceAll("[^A-Za-z0-9._-]", "_")).toAbsolutePath().normalize();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create log directory " + dir, e);
        }
    }
}
