package io.swarmshare.agent.transfer;

import io.netty.buffer.ByteBuf;
import io.swarmshare.common.manifest.PieceLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files over 4 GiB must work: offsets past 2^31 and 2^32 are written and read back where they belong (sparse file),
 * through the page cache and past it.
 */
class PartFileBeyondFourGibTest {

    @TempDir
    Path dir;

    /** Direct: aligned pieces with O_DIRECT, the short last piece through the page cache; and page cache only. */
    @ParameterizedTest(name = "direct writes {0}")
    @ValueSource(booleans = {true, false})
    void piecesPastFourGibLandAtTheirOwnOffsets(boolean directWrites) throws Exception {
        long size = 5L * 1024 * 1024 * 1024 + 1234;
        PieceLayout layout = new PieceLayout(size, PieceLayout.DEFAULT_PIECE_SIZE);
        int last = layout.pieceCount() - 1;
        int pastTwoGib = (int) ((2L << 30) / layout.pieceSize()) + 1;
        int pastFourGib = (int) ((4L << 30) / layout.pieceSize()) + 3;
        Random random = new Random(42);

        try (PartFile part = new PartFile(dir.resolve("huge.bin.part"), directWrites)) {
            String fs = Files.getFileStore(dir).type();
            boolean direct = directWrites && Set.of("ext4", "xfs", "btrfs").contains(fs);
            for (int piece : new int[] {pastTwoGib, pastFourGib, last}) {
                byte[] data = new byte[layout.length(piece)];
                random.nextBytes(data);
                ByteBuf received = PieceBuffers.SHARED.allocate(data.length).writeBytes(data);
                try {
                    part.write(received, layout.offset(piece));
                } finally {
                    received.release();
                }
                ByteBuffer back = ByteBuffer.allocate(data.length);
                part.read(back, layout.offset(piece), data.length);
                assertThat(back.array()).as("piece " + piece).isEqualTo(data);
                // as the whole-file digest reads a piece back: into an aligned buffer, past the page cache if it can
                ByteBuffer aligned = PieceBuffers.newAligned(layout.pieceSize());
                part.read(aligned, layout.offset(piece), data.length);
                byte[] alignedBack = new byte[aligned.remaining()];
                aligned.get(alignedBack);
                assertThat(alignedBack).as("piece " + piece + " read back aligned").isEqualTo(data);
            }
            if (direct) {
                assertThat(part.writesDirect()).as("O_DIRECT on " + fs).isTrue();
                assertThat(part.directBytes()).as("the two whole pieces went direct, the short last one did not")
                        .isEqualTo(2L * layout.pieceSize());
                assertThat(part.directReadBytes()).as("and were read back direct into the aligned buffer")
                        .isEqualTo(2L * layout.pieceSize());
            } else if (!directWrites) {
                assertThat(part.directBytes()).isZero();
                assertThat(part.directReadBytes()).isZero();
            }
        }
        assertThat(Files.size(dir.resolve("huge.bin.part"))).isEqualTo(size);
        assertThat(layout.offset(last)).isGreaterThan(4L << 30);
    }
}
