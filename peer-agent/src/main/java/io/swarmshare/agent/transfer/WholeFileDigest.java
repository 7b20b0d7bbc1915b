package io.swarmshare.agent.transfer;

import io.netty.buffer.ByteBuf;
import io.swarmshare.common.manifest.PieceLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The whole-file digest, fed in index order on its own thread while pieces land in any order. A verified piece that
 * is not next is kept (its received buffer, retained) up to {@code maxHeldBytes}; only pieces beyond that bound, and
 * pieces verified before a restart, are read back from the part file. With lowest-index-first picking the held set
 * stays small, so a normal download never reads its data twice.
 */
final class WholeFileDigest {

    /** Reads {@code length} bytes at {@code offset} of the part file into {@code into} (flipped). */
    interface PartReader {
        void read(ByteBuffer into, long offset, int length) throws IOException;
    }

    private final MessageDigest digest;
    private final PieceLayout layout;
    private final int pieceCount;
    private final long maxHeldBytes;
    private final Executor executor;
    private final PartReader reader;
    private final Consumer<String> onDone;
    private final Consumer<IOException> onError;
    private final Runnable onAdvance;
    private final TreeMap<Integer, ByteBuf> held = new TreeMap<>();
    /** Verified and on disk but not held: read back when the cursor reaches them. */
    private final BitSet onDiskOnly;
    private long heldBytes;
    /** The next piece to digest; written under the lock, read without it by the download's scheduling. */
    private volatile int cursor;
    private boolean draining;
    private boolean closed;
    private long readBackBytes;
    private ByteBuffer readBuffer;

    WholeFileDigest(MessageDigest digest, PieceLayout layout, int pieceCount, BitSet alreadyVerified, long maxHeldBytes,
                    Executor executor, PartReader reader, Consumer<String> onDone, Consumer<IOException> onError,
                    Runnable onAdvance) {
        this.digest = digest;
        this.layout = layout;
        this.pieceCount = pieceCount;
        this.maxHeldBytes = maxHeldBytes;
        this.executor = executor;
        this.reader = reader;
        this.onDone = onDone;
        this.onError = onError;
        this.onAdvance = onAdvance;
        this.onDiskOnly = (BitSet) alreadyVerified.clone();
    }

    /** Starts digesting what is already on disk (resume); call once after construction. */
    void start() {
        schedule();
    }

    /** A verified piece, written at its offset; {@code data} stays owned by the caller (retained here if kept). */
    void offer(int piece, ByteBuf data) {
        synchronized (this) {
            if (closed || piece < cursor) {
                return;
            }
            int len = data.readableBytes();
            if (piece == cursor || heldBytes + len <= maxHeldBytes) {
                held.put(piece, data.retainedDuplicate());
                heldBytes += len;
            } else {
                onDiskOnly.set(piece);
            }
            if (piece != cursor) {
                return;
            }
        }
        schedule();
    }

    private void schedule() {
        synchronized (this) {
            if (draining || closed) {
                return;
            }
            draining = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            ByteBuf next;
            boolean fromDisk;
            int piece;
            synchronized (this) {
                piece = cursor;
                if (closed || piece >= pieceCount) {
                    draining = false;
                    break;
                }
                next = held.remove(piece);
                fromDisk = next == null && onDiskOnly.get(piece);
                if (next == null && !fromDisk) {
                    draining = false;
                    return;
                }
            }
            try {
                if (next != null) {
                    digest.update(next.nioBuffer());
                    synchronized (this) {
                        heldBytes -= next.readableBytes();
                    }
                } else {
                    if (readBuffer == null) {
                        readBuffer = PieceBuffers.newAligned(layout.pieceSize()); // lets PartFile read past the page cache
                    }
                    reader.read(readBuffer, layout.offset(piece), layout.length(piece));
                    digest.update(readBuffer);
                    readBackBytes += layout.length(piece);
                }
            } catch (IOException e) {
                close();
                onError.accept(e);
                return;
            } catch (RuntimeException | OutOfMemoryError e) {
                // anything else ends the download too: left as it was, draining stayed true and the download hung
                // in RUNNING with every piece verified (seen when direct memory ran out in a flash crowd)
                close();
                onError.accept(new IOException(e.toString(), e));
                return;
            } finally {
                if (next != null) {
                    next.release();
                }
            }
            synchronized (this) {
                cursor = piece + 1;
            }
            onAdvance.run();
        }
        boolean done;
        synchronized (this) {
            done = !closed && cursor >= pieceCount;
            readBuffer = null;
        }
        if (done) {
            onDone.accept(HexFormat.of().formatHex(digest.digest()));
        }
    }

    synchronized long readBackBytes() {
        return readBackBytes;
    }

    /** The next piece to digest: every piece below it has been. */
    int cursor() {
        return cursor;
    }

    /** Releases every held buffer; nothing more is digested. */
    void close() {
        synchronized (this) {
            closed = true;
            held.values().forEach(ByteBuf::release);
            held.clear();
            heldBytes = 0;
        }
    }
}
