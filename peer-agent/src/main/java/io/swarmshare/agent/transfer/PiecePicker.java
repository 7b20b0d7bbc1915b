package io.swarmshare.agent.transfer;

import java.util.BitSet;
import java.util.function.IntPredicate;

/**
 * Decides which piece to ask a peer for next (see NOTES.md): among the pieces the peer has, not held, not in flight
 * and allowed, preferably within a window from the lowest missing piece, the one the fewest peers have; ties go to the
 * lowest index. Not thread-safe: the session guards it.
 */
public final class PiecePicker {

    private final int pieceCount;
    private final int[] availability;
    private final BitSet have;
    private final BitSet inFlight = new BitSet();
    /** Cache of {@link #lowestMissing()}: pieces are never un-held, so it only moves up. */
    private int lowest;

    public PiecePicker(int pieceCount, BitSet have) {
        this.pieceCount = pieceCount;
        this.availability = new int[pieceCount];
        this.have = (BitSet) have.clone();
    }

    public void peerHas(BitSet pieces) {
        for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
            availability[i]++;
        }
    }

    public void peerHas(int piece) {
        if (piece >= 0 && piece < pieceCount) {
            availability[piece]++;
        }
    }

    public void peerGone(BitSet pieces) {
        for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
            availability[i] = Math.max(0, availability[i] - 1);
        }
    }

    public void peerLost(int piece) {
        if (piece >= 0 && piece < pieceCount) {
            availability[piece] = Math.max(0, availability[piece] - 1);
        }
    }

    /** The next piece to request from a peer holding {@code peerPieces}, or -1; marks it in flight. */
    public int pick(BitSet peerPieces, IntPredicate allowed) {
        return pick(peerPieces, allowed, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #pick(BitSet, IntPredicate)}, but only among the {@code window} pieces from the lowest one not held
     * (rarest first there, then lowest index), so pieces land close to index order and the whole-file digest streams.
     * -1 if the peer has nothing allowed in the window; {@link #pickBeyondWindow} then looks further.
     */
    public int pick(BitSet peerPieces, IntPredicate allowed, int window) {
        int from = lowestMissing();
        long end = Math.min((long) pieceCount, (long) from + window);
        return pickIn(peerPieces, allowed, from, (int) end);
    }

    /** Rarest first, then lowest index, among the pieces past the window (see {@link #pick(BitSet, IntPredicate, int)}). */
    public int pickBeyondWindow(BitSet peerPieces, IntPredicate allowed, int window) {
        long from = (long) lowestMissing() + window;
        return from >= pieceCount ? -1 : pickIn(peerPieces, allowed, (int) from, pieceCount);
    }

    private int pickIn(BitSet peerPieces, IntPredicate allowed, int from, int end) {
        int best = -1;
        int bestAvailability = Integer.MAX_VALUE;
        for (int i = peerPieces.nextSetBit(from); i >= 0 && i < end; i = peerPieces.nextSetBit(i + 1)) {
            if (have.get(i) || inFlight.get(i) || !allowed.test(i)) {
                continue;
            }
            if (availability[i] < bestAvailability) {
                best = i;
                bestAvailability = availability[i];
                if (bestAvailability <= 1) {
                    break; // nothing is rarer than one holder; lowest index among those
                }
            }
        }
        if (best >= 0) {
            inFlight.set(best);
        }
        return best;
    }

    /** The lowest piece not held yet (pieceCount when all are). */
    public int lowestMissing() {
        lowest = have.nextClearBit(lowest);
        return Math.min(lowest, pieceCount);
    }

    /** The piece is no longer in flight (failed, timed out, rejected): it can be picked again. */
    public void requeue(int piece) {
        inFlight.clear(piece);
    }

    public void verified(int piece) {
        inFlight.clear(piece);
        have.set(piece);
    }

    public boolean isInFlight(int piece) {
        return inFlight.get(piece);
    }

    public boolean has(int piece) {
        return have.get(piece);
    }

    public int availability(int piece) {
        return availability[piece];
    }
}
