package io.swarmshare.common.manifest;

import io.swarmshare.common.names.FileNames;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/** Reads a file once, front to back, digesting every piece and the whole file in the same pass. */
public final class ManifestBuilder {

    private ManifestBuilder() {
    }

    public static FileManifest build(Path file, DigestAlgorithm algorithm, int pieceSize, LongConsumer bytesRead)
            throws IOException {
        String name = FileNames.requireSafe(String.valueOf(file.getFileName()));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            PieceLayout layout = new PieceLayout(size, pieceSize);
            MessageDigest whole = algorithm.newDigest();
            MessageDigest piece = algorithm.newDigest();
            HexFormat hex = HexFormat.of();
            List<String> digests = new ArrayList<>(layout.pieceCount());
            ByteBuffer buffer = ByteBuffer.allocateDirect(pieceSize);
            long done = 0;
            for (int i = 0; i < layout.pieceCount(); i++) {
                int length = layout.length(i);
                buffer.clear().limit(length);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, layout.offset(i) + buffer.position()) < 0) {
                        throw new IOException(file + " shrank while it was being read");
                    }
                }
                buffer.flip();
                whole.update(buffer.duplicate());
                piece.update(buffer);
                digests.add(hex.formatHex(piece.digest()));
                done += length;
                bytesRead.accept(done);
            }
            return new FileManifest(name, size, pieceSize, algorithm.jcaName(), hex.formatHex(whole.digest()), digests);
        }
    }

    public static FileManifest build(Path file, DigestAlgorithm algorithm) throws IOException {
        return build(file, algorithm, PieceLayout.DEFAULT_PIECE_SIZE, n -> { });
    }
}
