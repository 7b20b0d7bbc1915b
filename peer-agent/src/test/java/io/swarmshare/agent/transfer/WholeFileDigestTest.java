package io.swarmshare.agent.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.swarmshare.common.manifest.PieceLayout;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WholeFileDigestTest {

    private static final int PIECE = 4096;

    @Test
    void piecesOfferedOutOfOrderGiveTheDigestOfTheWholeFile() throws Exception {
        byte[] file = new byte[5 * PIECE + 100];
        new Random(1).nextBytes(file);
        PieceLayout layout = new PieceLayout(file.length, PIECE);
        List<String> done = new ArrayList<>();
        WholeFileDigest digest = new WholeFileDigest(MessageDigest.getInstance("SHA-1"), layout, layout.pieceCount(),
                new BitSet(), 1 << 20, Runnable::run, (into, offset, length) -> {
                    throw new IOException("nothing should be read back");
                }, done::add, e -> done.add("error " + e), () -> { });
        digest.start();
        for (int piece : new int[] {3, 1, 0, 5, 2, 4}) {
            ByteBuf data = Unpooled.wrappedBuffer(file, (int) layout.offset(piece), layout.length(piece));
            digest.offer(piece, data);
            data.release();
        }

        assertThat(done).containsExactly(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(file)));
    }

    @Test
    void aFailureOtherThanIoEndsTheDigestWithAnErrorInsteadOfHangingIt() throws Exception {
        PieceLayout layout = new PieceLayout(3L * PIECE, PIECE);
        BitSet onDisk = new BitSet();
        onDisk.set(0); // verified before a restart: read back from the part file
        List<String> outcome = new ArrayList<>();
        WholeFileDigest digest = new WholeFileDigest(MessageDigest.getInstance("SHA-1"), layout, layout.pieceCount(),
                onDisk, 1 << 20, Runnable::run, (into, offset, length) -> {
                    throw new IllegalStateException("out of buffers");
                }, outcome::add, e -> outcome.add("error " + e.getMessage()), () -> { });

        digest.start();

        assertThat(outcome).singleElement().asString().startsWith("error ").contains("out of buffers");
    }
}
