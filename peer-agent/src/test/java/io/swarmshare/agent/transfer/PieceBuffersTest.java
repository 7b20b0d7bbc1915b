package io.swarmshare.agent.transfer;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PieceBuffersTest {

    @Test
    void aReleasedBufferIsReusedAndTheKeptBytesStayBounded() {
        PieceBuffers buffers = new PieceBuffers(2 * 8192);
        ByteBuf a = buffers.allocate(8000);
        ByteBuf b = buffers.allocate(8192);
        ByteBuf c = buffers.allocate(5000);
        assertThat(a.writableBytes()).isEqualTo(8000);
        assertThat(PieceBuffers.isAligned(a)).isTrue();

        a.writeBytes(new byte[8000]);
        a.release();
        b.release();
        c.release(); // over the bound of two: not kept
        assertThat(buffers.pooledBytes()).isEqualTo(2 * 8192);

        ByteBuf again = buffers.allocate(7000);
        assertThat(buffers.pooledBytes()).isEqualTo(8192);
        assertThat(again.readableBytes()).as("handed out empty").isZero();
        assertThat(again.maxCapacity()).isEqualTo(7000);
        again.release();
    }

    @Test
    void aSliceStartingOffTheBoundaryIsNotAligned() {
        ByteBuf whole = PieceBuffers.SHARED.allocate(8192).writeZero(8192);
        try {
            assertThat(PieceBuffers.isAligned(whole)).isTrue();
            whole.skipBytes(10);
            assertThat(PieceBuffers.isAligned(whole)).isFalse();
            ByteBuf slice = whole.retainedSlice();
            assertThat(PieceBuffers.isAligned(slice)).isFalse();
            slice.release();
        } finally {
            whole.release();
        }
    }
}
