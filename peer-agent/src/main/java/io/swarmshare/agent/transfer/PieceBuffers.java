package io.swarmshare.agent.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a received piece is copied out of the decoder's buffer: direct memory aligned on {@link #ALIGNMENT}, so that
 * {@link PartFile} can write it with O_DIRECT (which wants the buffer's address on the block size) without another
 * copy. Released buffers are kept for reuse, up to a bound above what a download can hold at once (32 pieces
 * outstanding + 16 MiB for the whole-file digest, about 33 MiB): a buffer dropped to the garbage collector goes back
 * to malloc, which keeps the freed memory and hands it out fragmented. With a 16 MiB bound the leecher's peak RSS was
 * 257-275 MiB, with 48 MiB 229-240 MiB (target 256). Plain JDK calls ({@code alignedSlice}), so it works whether or
 * not Netty may use {@code sun.misc.Unsafe}.
 */
final class PieceBuffers {

    static final int ALIGNMENT = 4096;
    static final PieceBuffers SHARED = new PieceBuffers(48L * 1024 * 1024);

    private final long maxPooledBytes;
    private final AtomicLong pooledBytes = new AtomicLong();
    private final Map<Integer, Queue<ByteBuffer>> free = new ConcurrentHashMap<>();

    PieceBuffers(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    /** An empty buffer for exactly {@code length} bytes; its memory starts on {@link #ALIGNMENT}. */
    ByteBuf allocate(int length) {
        int capacity = alignedCapacity(length);
        ByteBuffer slab = free.computeIfAbsent(capacity, c -> new ConcurrentLinkedQueue<>()).poll();
        if (slab != null) {
            pooledBytes.addAndGet(-capacity);
        } else {
            slab = newAligned(capacity);
        }
        return new Aligned(slab, length);
    }

    /**
     * New direct memory (not pooled) for at least {@code size} bytes, starting on {@link #ALIGNMENT}: what O_DIRECT
     * reads and writes need (the whole-file digest reads pieces back into one).
     */
    static ByteBuffer newAligned(int size) {
        int capacity = alignedCapacity(size);
        return ByteBuffer.allocateDirect(capacity + ALIGNMENT).alignedSlice(ALIGNMENT).limit(capacity).slice();
    }

    private static int alignedCapacity(int size) {
        return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** True if {@code data} came from here and its readable bytes start on {@link #ALIGNMENT}. */
    static boolean isAligned(ByteBuf data) {
        return data instanceof Aligned && data.readerIndex() % ALIGNMENT == 0;
    }

    /** Bytes kept for reuse right now. */
    long pooledBytes() {
        return pooledBytes.get();
    }

    private void recycle(ByteBuffer slab) {
        int capacity = slab.capacity();
        if (pooledBytes.addAndGet(capacity) <= maxPooledBytes) {
            free.get(capacity).offer(slab);
        } else {
            pooledBytes.addAndGet(-capacity); // over the bound: left to the garbage collector
        }
    }

    private final class Aligned extends UnpooledDirectByteBuf {

        /** The whole pooled buffer; Netty works on a window of it, {@code length} bytes long. */
        private final ByteBuffer slab;

        Aligned(ByteBuffer slab, int length) {
            super(UnpooledByteBufAllocator.DEFAULT, slab.duplicate().clear().limit(length), length);
            this.slab = slab;
            clear(); // the constructor marks the whole window written
        }

        @Override
        protected void deallocate() {
            super.deallocate(); // a wrapped buffer: Netty does not free it
            recycle(slab);
        }
    }
}
