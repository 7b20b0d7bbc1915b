package io.swarmshare.agent.seeding;

import java.util.BitSet;

/** A thread-safe set of piece indexes: the pieces an agent holds of one file. */
public final class PieceSet {

    private final int pieceCount;
    private final BitSet bits;

    public PieceSet(int pieceCount, BitSet initial) {
        this.pieceCount = pieceCount;
        this.bits = (BitSet) initial.clone();
        if (bits.length() > pieceCount) {
            throw new IllegalArgumentException("piece " + (bits.length() - 1) + " beyond " + pieceCount);
        }
    }

    public static PieceSet full(int pieceCount) {
        BitSet b = new BitSet(pieceCount);
        b.set(0, pieceCount);
        return new PieceSet(pieceCount, b);
    }

    public int pieceCount() {
        return pieceCount;
    }

    public synchronized boolean has(int piece) {
        return piece >= 0 && piece < pieceCount && bits.get(piece);
    }

    /** Returns true if the piece was not held before. */
    public synchronized boolean add(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException(piece);
        }
        boolean fresh = !bits.get(piece);
        bits.set(piece);
        return fresh;
    }

    public synchronized int cardinality() {
        return bits.cardinality();
    }

    public synchronized boolean isComplete() {
        return bits.cardinality() == pieceCount;
    }

    public synchronized BitSet snapshot() {
        return (BitSet) bits.clone();
    }
}
