package io.swarmshare.tracker.file;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PieceDigestsTest {

    @Test
    void packsA4GiBFileInto160KiBAndBack() {
        Random random = new Random(42);
        List<String> digests = IntStream.range(0, 8192).mapToObj(i -> {
            byte[] d = new byte[20];
            random.nextBytes(d);
            return HexFormat.of().formatHex(d);
        }).toList();

        byte[] packed = PieceDigests.pack(digests, 20);

        assertThat(packed).hasSize(8192 * 20);
        assertThat(PieceDigests.unpack(packed, 20)).isEqualTo(digests);
    }

    @Test
    void rejectsDigestOfWrongLength() {
        assertThatThrownBy(() -> PieceDigests.pack(List.of("00".repeat(32)), 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PieceDigests.unpack(new byte[21], 20)).isInstanceOf(IllegalStateException.class);
    }
}
