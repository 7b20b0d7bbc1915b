package io.swarmshare.agent.transfer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Who is asked for which piece, and when a request is taken away again (transfer/NOTES.md has the rules). Pure
 * bookkeeping: no I/O, no threads, time passed in by the caller, so tests drive it with a simulated network. Not
 * thread-safe: the session guards it.
 */
public final class RequestScheduler {

    /** Tuning; {@link #defaults(int)} gives the values the agent runs with. */
    public record Tuning(int initialDepth, int minDepth, int maxDepth, long rttBudgetMs, double capK, double alpha,
                         double beta, long stallMinMs, double stallPieces, int maxCopies, int maxOutstanding,
                         long rateWindowMs) {
        public static Tuning defaults(int maxDepth) {
            return new Tuning(Math.min(4, maxDepth), 1, maxDepth, 100, 2.0, 1.0, 0.5, 400, 8.0, 2, 32, 100);
        }
    }

    /** A request to send ({@code cancel=false}) or to withdraw with a Cancel ({@code cancel=true}). */
    public record Action(String peerId, int piece, boolean cancel) {
    }

    /** One connected peer as the scheduler sees it. */
    public static final class Peer {
        final String id;
        BitSet has;
        /** piece → millis it was requested, oldest first. */
        final LinkedHashMap<Integer, Long> inFlight = new LinkedHashMap<>();
        /** Measured throughput (bytes/s, moving average over windows); 0 until measured. */
        double rate;
        long windowStart = -1;
        long windowBytes;
        long lastDataAt;
        boolean snubbed;
        // report
        long pieces;
        long bytes;
        long stolenFrom;
        long stolenTo;
        long duplicates;
        long requeued;
        double peakScore;

        Peer(String id, BitSet has, long now) {
            this.id = id;
            this.has = has;
            this.lastDataAt = now;
        }

        public String id() {
            return id;
        }

        public double rate() {
            return rate;
        }

        public int load() {
            return inFlight.size();
        }

        public long pieces() {
            return pieces;
        }

        public long bytes() {
            return bytes;
        }

        public long stolenFrom() {
            return stolenFrom;
        }

        public long stolenTo() {
            return stolenTo;
        }

        public long duplicates() {
            return duplicates;
        }

        public long requeued() {
            return requeued;
        }

        public boolean snubbed() {
            return snubbed;
        }
    }

    private final int pieceCount;
    private final int pieceSize;
    private final Tuning tuning;
    private final PiecePicker picker;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    /** piece → peers it is requested from (more than one only in endgame or after a steal). */
    private final Map<Integer, List<Peer>> copies = new HashMap<>();
    /** Received, waiting for its digest check (counted as outstanding, never re-requested meanwhile). */
    private final BitSet verifying = new BitSet();
    private int verifyingCount;
    private int remaining;
    private long stolenTotal;
    private long duplicatesTotal;
    private long requeuedTotal;
    private long wastedBytes;
    private final BitSet stolen = new BitSet();

    public RequestScheduler(int pieceCount, int pieceSize, BitSet have, Tuning tuning) {
        this.pieceCount = pieceCount;
        this.pieceSize = pieceSize;
        this.tuning = tuning;
        this.picker = new PiecePicker(pieceCount, have);
        this.remaining = pieceCount - have.cardinality();
    }

    public PiecePicker picker() {
        return picker;
    }

    public Collection<Peer> peers() {
        return peers.values();
    }

    public Peer peer(String id) {
        return peers.get(id);
    }

    public void addPeer(String id, BitSet has, long now) {
        peers.put(id, new Peer(id, has, now));
        picker.peerHas(has);
    }

    /** A peer announced one more piece. */
    public void peerHas(String id, int piece) {
        Peer p = peers.get(id);
        if (p != null && piece < pieceCount && !p.has.get(piece)) {
            p.has.set(piece);
            picker.peerHas(piece);
        }
    }

    /** The peer is gone: everything it was asked for goes back to the others. */
    public void removePeer(String id) {
        Peer p = peers.remove(id);
        if (p == null) {
            return;
        }
        for (int piece : List.copyOf(p.inFlight.keySet())) {
            withdraw(p, piece);
            p.requeued++;
            requeuedTotal++;
        }
        picker.peerGone(p.has);
    }

    /** The peer said it does not hold the piece (Reject): forget that it has it, ask elsewhere. */
    public void rejected(String id, int piece) {
        Peer p = peers.get(id);
        if (p == null) {
            return;
        }
        if (p.inFlight.containsKey(piece)) {
            withdraw(p, piece);
            p.requeued++;
            requeuedTotal++;
        }
        if (piece < pieceCount && p.has.get(piece)) {
            p.has.clear(piece);
            picker.peerLost(piece);
        }
    }

    /**
     * The piece's data arrived from the peer. Returns null if it was not (any more) asked of that peer (ignore the
     * data), else the Cancels for the other copies; the piece is then "verifying" until {@link #verified} or
     * {@link #corrupt}.
     */
    public List<Action> received(String id, int piece, int bytes, long now) {
        Peer p = peers.get(id);
        if (p == null || p.inFlight.remove(piece) == null) {
            wastedBytes += bytes;
            return null;
        }
        measure(p, bytes, now);
        p.pieces++;
        p.bytes += bytes;
        p.snubbed = false;
        List<Action> cancels = new ArrayList<>(0);
        List<Peer> holders = copies.remove(piece);
        if (holders != null) {
            for (Peer other : holders) {
                if (other != p && other.inFlight.remove(piece) != null) {
                    cancels.add(new Action(other.id, piece, true));
                }
            }
        }
        if (!verifying.get(piece)) {
            verifying.set(piece);
            verifyingCount++;
        }
        return cancels;
    }

    public void verified(int piece) {
        if (verifying.get(piece)) {
            verifying.clear(piece);
            verifyingCount--;
        }
        if (!picker.has(piece)) {
            remaining--;
        }
        picker.verified(piece);
    }

    /** The piece failed its digest check: back to the queue (the caller bans the sender). */
    public void corrupt(int piece) {
        if (verifying.get(piece)) {
            verifying.clear(piece);
            verifyingCount--;
        }
        if (!copies.containsKey(piece)) {
            picker.requeue(piece);
        }
        requeuedTotal++;
    }

    public int remaining() {
        return remaining;
    }

    /** Requests the peer should have outstanding: its measured rate × the RTT budget, in pieces, bounded. */
    public int target(Peer p) {
        if (p.snubbed) {
            return 1;
        }
        if (p.rate <= 0) {
            return tuning.initialDepth();
        }
        long want = (long) Math.ceil(p.rate * tuning.rttBudgetMs() / 1000.0 / pieceSize);
        return (int) Math.max(tuning.minDepth(), Math.min(tuning.maxDepth(), want));
    }

    /** 0..1: the peer's measured rate relative to the fastest peer's; unmeasured peers count as average (0.5). */
    public double score(Peer p) {
        double best = 0;
        for (Peer q : peers.values()) {
            best = Math.max(best, q.rate);
        }
        if (p.rate <= 0 || best <= 0) {
            return p.snubbed ? 0 : 0.5;
        }
        return p.rate / best;
    }

    /** The per-peer cap K·N/P: no peer holds more than K times its fair share of what is left. */
    int cap() {
        int n = Math.max(1, peers.size());
        return (int) Math.max(1, Math.ceil(tuning.capK() * remaining / n));
    }

    /**
     * Fills the pipelines: repeatedly the eligible peer with the best utility α·score − β·load/cap gets the best piece
     * it has (rarest first, then lowest index); when a peer has nothing new to fetch, endgame: a second copy of a piece
     * stuck on a slower peer. {@code allowed(peerId, piece)} excludes pieces that already failed on that peer.
     */
    public List<Action> assign(long now, BiPredicate<String, Integer> allowed) {
        List<Action> out = new ArrayList<>();
        int cap = cap();
        List<Peer> open = new ArrayList<>(peers.values());
        int outstanding = verifyingCount;
        for (Peer p : peers.values()) {
            outstanding += p.inFlight.size();
        }
        double[] scores = new double[open.size()];
        while (!open.isEmpty() && outstanding < tuning.maxOutstanding()) {
            Peer best = null;
            double bestUtility = Double.NEGATIVE_INFINITY;
            for (Iterator<Peer> it = open.iterator(); it.hasNext(); ) {
                Peer p = it.next();
                int limit = Math.min(target(p), cap);
                if (p.inFlight.size() >= limit) {
                    it.remove();
                    continue;
                }
                double u = tuning.alpha() * score(p) - tuning.beta() * p.inFlight.size() / (double) limit;
                if (u > bestUtility) {
                    bestUtility = u;
                    best = p;
                }
            }
            if (best == null) {
                break;
            }
            Peer chosen = best;
            int piece = picker.pick(chosen.has, i -> allowed.test(chosen.id, i));
            boolean duplicate = false;
            if (piece < 0) {
                piece = endgamePiece(chosen, allowed);
                duplicate = piece >= 0;
            }
            if (piece < 0) {
                open.remove(chosen);
                continue;
            }
            if (chosen.inFlight.isEmpty() && chosen.windowStart >= 0) {
                chosen.windowStart = now; // it was idle: the idle time must not count against its rate
                chosen.windowBytes = 0;
            }
            if (stolen.get(piece)) {
                stolen.clear(piece);
                chosen.stolenTo++;
            }
            chosen.inFlight.put(piece, now);
            copies.computeIfAbsent(piece, k -> new ArrayList<>(2)).add(chosen);
            if (duplicate) {
                chosen.duplicates++;
                duplicatesTotal++;
            }
            out.add(new Action(chosen.id, piece, false));
            outstanding++;
        }
        return out;
    }

    /** Endgame: a piece the peer has, in flight elsewhere only, on the slowest holder, oldest request first. */
    private int endgamePiece(Peer p, BiPredicate<String, Integer> allowed) {
        int best = -1;
        double bestKey = Double.MAX_VALUE;
        for (Map.Entry<Integer, List<Peer>> e : copies.entrySet()) {
            int piece = e.getKey();
            List<Peer> holders = e.getValue();
            if (holders.size() >= tuning.maxCopies() || holders.contains(p) || !p.has.get(piece)
                    || !allowed.test(p.id, piece)) {
                continue;
            }
            double holderRate = Double.MAX_VALUE;
            for (Peer h : holders) {
                holderRate = Math.min(holderRate, h.snubbed ? 0 : h.rate);
            }
            if (holderRate >= p.rate && p.rate > 0 && !holders.getFirst().snubbed) {
                continue; // the holder is at least as fast: a copy would only waste bandwidth
            }
            if (holderRate < bestKey) {
                bestKey = holderRate;
                best = piece;
            }
        }
        return best;
    }

    /**
     * Work stealing: a peer that has delivered nothing for its stall time (max(stallMin, stallPieces × its piece
     * time)) while asked for pieces loses all of them to the others (Cancels returned) and is asked for one piece at a
     * time until it delivers again. The caller then calls {@link #assign}.
     */
    public List<Action> steal(long now) {
        List<Action> out = new ArrayList<>();
        if (peers.size() < 2) {
            return out;
        }
        for (Peer p : peers.values()) {
            if (p.inFlight.isEmpty()) {
                continue;
            }
            long oldest = p.inFlight.values().iterator().next();
            long since = Math.max(p.lastDataAt, oldest);
            if (now - since < stallMs(p)) {
                continue;
            }
            boolean anotherHas = false;
            for (Peer q : peers.values()) {
                if (q != p && !q.snubbed) {
                    anotherHas = true;
                    break;
                }
            }
            if (!anotherHas) {
                continue;
            }
            p.snubbed = true;
            p.rate = p.rate / 4;
            for (int piece : List.copyOf(p.inFlight.keySet())) {
                withdraw(p, piece);
                p.stolenFrom++;
                stolenTotal++;
                stolen.set(piece);
                out.add(new Action(p.id, piece, true));
            }
        }
        return out;
    }

    long stallMs(Peer p) {
        double pieceMs = p.rate > 0 ? pieceSize * 1000.0 / p.rate : 0;
        return (long) Math.max(tuning.stallMinMs(), tuning.stallPieces() * pieceMs);
    }

    /** Pieces asked of the peer that have been waiting since before {@code cutoff} (piece timeout). */
    public List<Integer> olderThan(String id, long cutoff) {
        Peer p = peers.get(id);
        List<Integer> out = new ArrayList<>();
        if (p != null) {
            p.inFlight.forEach((piece, at) -> {
                if (at <= cutoff) {
                    out.add(piece);
                }
            });
        }
        return out;
    }

    private void withdraw(Peer p, int piece) {
        p.inFlight.remove(piece);
        List<Peer> holders = copies.get(piece);
        if (holders != null) {
            holders.remove(p);
            if (holders.isEmpty()) {
                copies.remove(piece);
                if (!verifying.get(piece)) {
                    picker.requeue(piece);
                }
            }
        }
    }

    private void measure(Peer p, int bytes, long now) {
        if (p.windowStart < 0) {
            // first piece: the window starts when it was requested, so the first sample is a real rate
            p.windowStart = Math.min(now, p.lastDataAt);
        }
        p.windowBytes += bytes;
        p.lastDataAt = now;
        long span = now - p.windowStart;
        if (span >= tuning.rateWindowMs()) {
            double sample = p.windowBytes * 1000.0 / span;
            p.rate = p.rate <= 0 ? sample : 0.5 * p.rate + 0.5 * sample;
            p.windowStart = now;
            p.windowBytes = 0;
        }
        double s = score(p);
        p.peakScore = Math.max(p.peakScore, s);
    }

    public long stolenTotal() {
        return stolenTotal;
    }

    public long duplicatesTotal() {
        return duplicatesTotal;
    }

    public long requeuedTotal() {
        return requeuedTotal;
    }

    public long wastedBytes() {
        return wastedBytes;
    }
}
