package io.swarmshare.agent.wire;

import java.io.File;

/**
 * Outbound only: a {@link PeerMessage.Piece} whose data is sent zero-copy straight from {@code file}
 * ({@code length} bytes at {@code offset}) instead of from a buffer.
 */
public record FilePieceSend(int piece, File file, long offset, int length) {
    public FilePieceSend {
        if (piece < 0 || offset < 0 || length < 0 || length > PeerMessage.MAX_PIECE_DATA) {
            throw new IllegalArgumentException("bad piece send " + piece + "@" + offset + "+" + length);
        }
    }
}
