package io.swarmshare.cli.agent;

/**
 * One download as the agent reports it. {@code state} is RUNNING, COMPLETED or FAILED; {@code rateBytesPerSec} and
 * {@code etaSeconds} may be null while unknown. {@code algorithm} is not in the contract: used when the agent sends it,
 * otherwise the digest's length tells.
 */
public record DownloadView(String id, String group, String file, String destination, String state,
                           int verifiedPieces, int pieceCount, long bytesDone, long size, Double rateBytesPerSec,
                           Long etaSeconds, String error, String expectedDigest, String actualDigest,
                           String algorithm) {

    public boolean running() {
        return "RUNNING".equalsIgnoreCase(state);
    }

    public boolean completed() {
        return "COMPLETED".equalsIgnoreCase(state);
    }

    /** 0..100; by bytes, or by pieces when the size is unknown. */
    public double percent() {
        if (size > 0) {
            return Math.min(100.0, 100.0 * bytesDone / size);
        }
        if (pieceCount > 0) {
            return Math.min(100.0, 100.0 * verifiedPieces / pieceCount);
        }
        return completed() ? 100.0 : 0.0;
    }

    /** "SHA-1" or "SHA-256": the agent's word if given, else from the hex digest's length. */
    public String algorithmName() {
        if (algorithm != null && !algorithm.isBlank()) {
            String a = algorithm.toUpperCase(java.util.Locale.ROOT).replace("-", "");
            return switch (a) {
                case "SHA1" -> "SHA-1";
                case "SHA256" -> "SHA-256";
                default -> algorithm;
            };
        }
        String digest = actualDigest != null ? actualDigest : expectedDigest;
        if (digest == null) {
            return "digest";
        }
        return switch (digest.length()) {
            case 40 -> "SHA-1";
            case 64 -> "SHA-256";
            default -> "digest";
        };
    }
}
