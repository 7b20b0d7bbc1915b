package io.swarmshare.common.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestBuilderTest {

    @TempDir
    Path dir;

    @Test
    void digestsEveryPieceAndTheWholeFileInOnePass() throws Exception {
        int pieceSize = 64 * 1024;
        byte[] data = new byte[3 * pieceSize + 777];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("data.bin"), data);

        FileManifest m = ManifestBuilder.build(file, DigestAlgorithm.SHA1, pieceSize, n -> { });

        assertThat(m.name()).isEqualTo("data.bin");
        assertThat(m.size()).isEqualTo(data.length);
        assertThat(m.pieceCount()).isEqualTo(4);
        assertThat(m.fileDigest()).isEqualTo(sha("SHA-1", data));
        assertThat(m.pieceDigests().get(3)).isEqualTo(sha("SHA-1", Arrays.copyOfRange(data, 3 * pieceSize, data.length)));
        assertThat(m.pieceDigest(0)).isEqualTo(HexFormat.of().parseHex(sha("SHA-1", Arrays.copyOf(data, pieceSize))));
    }

    @Test
    void sha256IsSelectable() throws Exception {
        byte[] data = "hello".getBytes();
        Path file = Files.write(dir.resolve("h.txt"), data);
        FileManifest m = ManifestBuilder.build(file, DigestAlgorithm.SHA256);
        assertThat(m.algorithm()).isEqualTo("SHA-256");
        assertThat(m.fileDigest()).isEqualTo(sha("SHA-256", data));
    }

    @Test
    void manifestRejectsWrongDigestCountsAndLengths() {
        String d = "a".repeat(40);
        assertThatThrownBy(() -> new FileManifest("f", 10, 4, "SHA-1", d, List.of(d)))
                .hasMessageContaining("expected 3 piece digests");
        assertThatThrownBy(() -> new FileManifest("f", 1, 4, "SHA-256", d, List.of(d)))
                .hasMessageContaining("64 hex characters");
        assertThatThrownBy(() -> new FileManifest("../f", 1, 4, "SHA-1", d, List.of(d)))
                .hasMessageContaining("separator");
        assertThatThrownBy(() -> new FileManifest("f", 1, 4, "MD5", d, List.of(d)))
                .hasMessageContaining("unknown digest algorithm");
    }

    @Test
    void digestAlgorithmAcceptsCommonSpellings() {
        assertThat(DigestAlgorithm.parse("sha1")).isEqualTo(DigestAlgorithm.SHA1);
        assertThat(DigestAlgorithm.parse("SHA-256")).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(DigestAlgorithm.parse("sha256")).isEqualTo(DigestAlgorithm.SHA256);
    }

    private static String sha(String alg, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(data));
    }
}
