package io.swarmshare.agent.transfer;

import com.sun.nio.file.ExtendedOpenOption;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code <name>.part} file: verified pieces written at their (long) offsets, never the whole file in memory.
 * <p>
 * Pieces are written with O_DIRECT when the file system takes it and the piece is aligned (buffer address, offset
 * and length on the block size: every piece but a short last one, received into {@link PieceBuffers}). Why: a
 * verified piece is already digested and needs no page cache, and on a VM whose free memory goes back to the host
 * (virtio-balloon free page reporting, as on the machines here) every new page-cache page costs a host fault; 1 GiB
 * written through the page cache measured 3-4 s and 5 s of system CPU, with O_DIRECT 0.8 s and 0.2 s. Pieces the
 * whole-file digest reads back (those that arrived too far ahead of it) are read the same way into an aligned
 * buffer: read through the page cache, each would take a fresh cached page, and a 1 GiB download can read back half
 * its file. Everything else (the short last piece, truncation) goes through an ordinary channel; Linux keeps the two
 * coherent (direct I/O writes back and drops the cached pages it covers).
 */
final class PartFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartFile.class);

    private final Path path;
    private final FileChannel channel;
    /** Null when direct I/O is off or the file system refuses O_DIRECT. */
    private final FileChannel direct;
    private final int alignment;
    private final LongAdder directBytes = new LongAdder();
    private final LongAdder directReadBytes = new LongAdder();

    PartFile(Path path, boolean directWrites) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel d = null;
        int align = 1;
        if (directWrites) {
            try {
                align = Math.toIntExact(Files.getFileStore(path).getBlockSize());
                if (PieceBuffers.ALIGNMENT % align == 0) { // else no piece buffer would ever be aligned for it
                    d = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
                } else {
                    log.info("{}: block size {} is beyond the piece buffers' alignment; writing through the page cache",
                            path, align);
                }
            } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
                log.info("{}: direct writes not available here ({}); writing through the page cache", path, e.toString());
            }
        }
        this.direct = d;
        this.alignment = align;
    }

    Path path() {
        return path;
    }

    /** True if pieces on the block size go past the page cache. */
    boolean writesDirect() {
        return direct != null;
    }

    void write(ByteBuf data, long offset) throws IOException {
        ByteBuffer nio = data.nioBuffer();
        FileChannel target = direct != null && aligned(data, offset) ? direct : channel;
        long pos = offset;
        while (nio.hasRemaining()) {
            pos += target.write(nio, pos);
        }
        if (target == direct) {
            directBytes.add(pos - offset);
        }
    }

    /** Bytes written past the page cache so far. */
    long directBytes() {
        return directBytes.sum();
    }

    /** Bytes read past the page cache so far. */
    long directReadBytes() {
        return directReadBytes.sum();
    }

    private boolean aligned(ByteBuf data, long offset) {
        return PieceBuffers.isAligned(data) && offset % alignment == 0 && data.readableBytes() % alignment == 0;
    }

    /** Fills {@code into} (cleared, limit = length) from {@code offset}. */
    void read(ByteBuffer into, long offset, int length) throws IOException {
        into.clear().limit(length);
        FileChannel source = direct != null && into.isDirect() && into.alignmentOffset(0, PieceBuffers.ALIGNMENT) == 0
                && offset % alignment == 0 && length % alignment == 0 ? direct : channel;
        while (into.hasRemaining()) {
            if (source.read(into, offset + into.position()) < 0) {
                throw new IOException(path + " is shorter than expected");
            }
        }
        if (source == direct) {
            directReadBytes.add(length);
        }
        into.flip();
    }

    void truncate(long size) throws IOException {
        if (channel.size() > size) {
            channel.truncate(size);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (direct != null) {
                direct.close();
            }
        } finally {
            channel.close();
        }
    }
}
