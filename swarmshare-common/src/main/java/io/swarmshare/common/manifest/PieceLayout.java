package io.swarmshare.common.manifest;

/**
 * How a file of {@code size} bytes is cut into pieces of {@code pieceSize} bytes (the last one may be shorter).
 * Offsets are longs: files over 4 GiB must work.
 */
public record PieceLayout(long size, int pieceSize) {

    /** 512 KiB, the piece size of the design. */
    public static final int DEFAULT_PIECE_SIZE = 512 * 1024;

    public PieceLayout {
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (pieceSize <= 0) {
            throw new IllegalArgumentException("pieceSize must be > 0, was " + pieceSize);
        }
        if ((size + pieceSize - 1) / pieceSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("file too large for piece size " + pieceSize);
        }
    }

    public int pieceCount() {
        return (int) ((size + pieceSize - 1) / pieceSize);
    }

    public long offset(int piece) {
        check(piece);
        return (long) piece * pieceSize;
    }

    public int length(int piece) {
        check(piece);
        return (int) Math.min(pieceSize, size - offset(piece));
    }

    private void check(int piece) {
        if (piece < 0 || piece >= pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + piece + " outside 0.." + (pieceCount() - 1));
        }
    }
}
