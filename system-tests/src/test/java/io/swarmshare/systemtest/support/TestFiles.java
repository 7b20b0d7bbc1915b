package io.swarmshare.systemtest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Big test files made fast (every piece different), and their digests. */
public final class TestFiles {

    /** A file made by {@link #random}: where it is, how big, and its SHA-1 (lower-case hex). */
    public record RandomFile(Path path, long size, String sha1) {
    }

    private static final int CHUNK = 1 << 20;

    private TestFiles() {
    }

    /**
     * Writes {@code size} pseudo-random bytes (reproducible from {@code seed}) to {@code file}, creating parent
     * directories, and returns its SHA-1 computed while writing. 64 MiB takes well under a second.
     */
    public static RandomFile random(Path file, long size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest sha1 = digest("SHA-1");
        byte[] chunk = new byte[CHUNK];
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                long left = size;
                while (left > 0) {
                    int n = (int) Math.min(CHUNK, left);
                    for (int i = 0; i < n; i += 8) {
                        long bits = random.nextLong();
                        for (int b = 0; b < 8 && i + b < n; b++) {
                            chunk[i + b] = (byte) (bits >>> (8 * b));
                        }
                    }
                    out.write(chunk, 0, n);
                    sha1.update(chunk, 0, n);
                    left -= n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new RandomFile(file, size, HexFormat.of().formatHex(sha1.digest()));
    }

    /** Same as {@link #random(Path, long, long)} with a seed taken from the file name. */
    public static RandomFile random(Path file, long size) {
        return random(file, size, file.getFileName().toString().hashCode());
    }

    /** SHA-1 of a file, lower-case hex (what {@code sha1sum} prints). */
    public static String sha1(Path file) {
        return digestHex(file, "SHA-1");
    }

    /** Digest of a file with any JDK algorithm name ("SHA-1", "SHA-256"), lower-case hex. */
    public static String digestHex(Path file, String algorithm) {
        MessageDigest md = digest(algorithm);
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(algorithm, e);
        }
    }
}
