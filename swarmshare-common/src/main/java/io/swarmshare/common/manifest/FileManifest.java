package io.swarmshare.common.manifest;

import io.swarmshare.common.names.FileNames;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What the tracker stores about a file: never its data. Digests are lowercase hex.
 *
 * @param name         the file's base name (validated by {@link FileNames})
 * @param size         bytes
 * @param pieceSize    bytes per piece (512 KiB by default)
 * @param algorithm    "SHA-1" or "SHA-256"
 * @param fileDigest   digest of the whole file
 * @param pieceDigests one digest per piece, in order
 */
public record FileManifest(String name, long size, int pieceSize, String algorithm, String fileDigest,
                           List<String> pieceDigests) {

    public FileManifest {
        FileNames.requireSafe(name);
        DigestAlgorithm alg = DigestAlgorithm.parse(algorithm);
        algorithm = alg.jcaName();
        PieceLayout layout = new PieceLayout(size, pieceSize);
        if (pieceDigests == null || pieceDigests.size() != layout.pieceCount()) {
            throw new IllegalArgumentException("expected " + layout.pieceCount() + " piece digests, got "
                    + (pieceDigests == null ? 0 : pieceDigests.size()));
        }
        fileDigest = requireHex(fileDigest, alg, "file digest");
        pieceDigests = pieceDigests.stream().map(d -> requireHex(d, alg, "piece digest")).toList();
    }

    public DigestAlgorithm digestAlgorithm() {
        return DigestAlgorithm.parse(algorithm);
    }

    public PieceLayout layout() {
        return new PieceLayout(size, pieceSize);
    }

    public int pieceCount() {
        return pieceDigests.size();
    }

    public byte[] pieceDigest(int piece) {
        return HexFormat.of().parseHex(pieceDigests.get(piece));
    }

    private static String requireHex(String hex, DigestAlgorithm alg, String what) {
        if (hex == null || hex.length() != alg.length() * 2 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(what + " must be " + alg.length() * 2 + " hex characters for " + alg.jcaName());
        }
        return hex.toLowerCase(Locale.ROOT);
    }
}
