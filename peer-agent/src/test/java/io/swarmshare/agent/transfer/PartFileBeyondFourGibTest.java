package io.swarmshare.agent.transfer;

import io.netty.buffer.Unpooled;
import io.swarmshare.common.manifest.PieceLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Files over 4 GiB must work: offsets past 2^31 and 2^32 are written and read back where they belong (sparse file). */
class PartFileBeyondFourGibTest {

    @TempDir
    Path dir;

    @Test
    void piecesPastFourGibLandAtTheirOwnOffsets() throws Exception {
        long size = 5L * 1024 * 1024 * 1024 + 1234;
        PieceLayout layout = new PieceLayout(size, PieceLayout.DEFAULT_PIECE_SIZE);
        int last = layout.pieceCount() - 1;
        int pastTwoGib = (int) ((2L << 30) / layout.pieceSize()) + 1;
        int pastFourGib = (int) ((4L << 30) / layout.pieceSize()) + 3;
        Random random = new Random(42);

        try (PartFile part = new PartFile(dir.resolve("huge.bin.part"))) {
            for (int piece : new int[] {pastTwoGib, pastFourGib, last}) {
                byte[] data = new byte[layout.length(piece)];
                random.nextBytes(data);
                part.write(Unpooled.wrappedBuffer(data), layout.offset(piece));
                ByteBuffer back = ByteBuffer.allocate(data.length);
                part.read(back, layout.offset(piece), data.length);
                assertThat(back.array()).as("piece " + piece).isEqualTo(data);
            }
        }
        assertThat(Files.size(dir.resolve("huge.bin.part"))).isEqualTo(size);
        assertThat(layout.offset(last)).isGreaterThan(4L << 30);
    }
}
