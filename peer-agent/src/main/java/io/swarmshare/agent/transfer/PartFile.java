package io.swarmshare.agent.transfer;

import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The {@code <name>.part} file: verified pieces written at their (long) offsets, never the whole file in memory. */
final class PartFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;

    PartFile(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    Path path() {
        return path;
    }

    void write(ByteBuf data, long offset) throws IOException {
        ByteBuffer nio = data.nioBuffer();
        long pos = offset;
        while (nio.hasRemaining()) {
            pos += channel.write(nio, pos);
        }
    }

    /** Fills {@code into} (cleared, limit = length) from {@code offset}. */
    void read(ByteBuffer into, long offset, int length) throws IOException {
        into.clear().limit(length);
        while (into.hasRemaining()) {
            if (channel.read(into, offset + into.position()) < 0) {
                throw new IOException(path + " is shorter than expected");
            }
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
        channel.close();
    }
}
