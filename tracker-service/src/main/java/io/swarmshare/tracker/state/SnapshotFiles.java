package io.swarmshare.tracker.state;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A snapshot of the tracker's H2 database: {@code SCRIPT TO} (gzip) into {@code snapshot.<term>_<index>} and a
 * SHA-256 of that file in {@code snapshot.<term>_<index>.sha256}. Loading checks the checksum first and refuses
 * a file that does not match; only then is the database replaced ({@code DROP ALL OBJECTS} + {@code RUNSCRIPT}).
 */
public final class SnapshotFiles {

    public static final String CHECKSUM_SUFFIX = ".sha256";
    private static final String TEMPORARY_SUFFIX = ".tmp";

    private SnapshotFiles() {
    }

    public static Path checksumFile(Path snapshot) {
        return snapshot.resolveSibling(snapshot.getFileName() + CHECKSUM_SUFFIX);
    }

    /**
     * Writes the database as {@code connection}'s transaction sees it to a temporary file beside {@code target} and
     * answers its SHA-256; {@link #publish} moves it into place. In a serializable transaction that has read before,
     * H2's {@code SCRIPT} copies the state of that first read, however many commits other connections make meanwhile.
     */
    static String writeUnpublished(Connection connection, Path target) throws IOException {
        Path tmp = temporary(target);
        Files.deleteIfExists(tmp);
        try (Statement s = connection.createStatement()) {
            s.execute("SCRIPT TO '" + sqlString(tmp) + "' COMPRESSION GZIP");
        } catch (SQLException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("could not write snapshot " + target + ": " + e.getMessage(), e);
        }
        return sha256(tmp);
    }

    /** Moves a snapshot written by {@link #writeUnpublished} into place, its checksum file first. */
    static void publish(Path target, String sha256) throws IOException {
        Files.writeString(checksumFile(target), sha256 + "  " + target.getFileName() + "\n", StandardCharsets.US_ASCII);
        Files.move(temporary(target), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void discardUnpublished(Path target) throws IOException {
        Files.deleteIfExists(temporary(target));
    }

    /** Whether {@code file} is a snapshot still being written (or left half-written by a crash). */
    static boolean isTemporary(Path file) {
        return file.getFileName().toString().endsWith(TEMPORARY_SUFFIX);
    }

    private static Path temporary(Path target) {
        return target.resolveSibling(target.getFileName() + TEMPORARY_SUFFIX);
    }

    /** Throws if the snapshot's checksum file is missing or does not match its content. */
    public static void verify(Path snapshot) throws IOException {
        Path sumFile = checksumFile(snapshot);
        if (!Files.isRegularFile(sumFile)) {
            throw new IOException("snapshot " + snapshot.getFileName() + " has no checksum file " + sumFile.getFileName());
        }
        String expected = Files.readString(sumFile, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
        String actual = sha256(snapshot);
        if (!expected.equalsIgnoreCase(actual)) {
            throw new IOException("snapshot " + snapshot.getFileName() + " is corrupt: SHA-256 " + actual
                    + " does not match " + expected);
        }
    }

    /** Verifies, then replaces the whole database with the snapshot's content. */
    public static void load(DataSource dataSource, Path snapshot) throws IOException {
        verify(snapshot);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
            s.execute("RUNSCRIPT FROM '" + sqlString(snapshot) + "' COMPRESSION GZIP");
        } catch (SQLException e) {
            throw new IOException("could not load snapshot " + snapshot + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }

    private static String sqlString(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
