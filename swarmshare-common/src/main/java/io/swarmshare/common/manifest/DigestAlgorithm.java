package io.swarmshare.common.manifest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The digests a manifest may use. SHA-1 is the default, as in the classic systems; SHA-256 is selectable per upload. */
public enum DigestAlgorithm {
    SHA1("SHA-1", 20),
    SHA256("SHA-256", 32);

    private final String jcaName;
    private final int length;

    DigestAlgorithm(String jcaName, int length) {
        this.jcaName = jcaName;
        this.length = length;
    }

    public String jcaName() {
        return jcaName;
    }

    /** Digest length in bytes. */
    public int length() {
        return length;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    /** Accepts "SHA-1", "sha1", "SHA1", "SHA-256", "sha256" (case-insensitive). */
    public static DigestAlgorithm parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("digest algorithm is missing");
        }
        return switch (text.trim().toUpperCase(Locale.ROOT).replace("-", "")) {
            case "SHA1" -> SHA1;
            case "SHA256" -> SHA256;
            default -> throw new IllegalArgumentException("unknown digest algorithm '" + text + "' (use SHA-1 or SHA-256)");
        };
    }
}
