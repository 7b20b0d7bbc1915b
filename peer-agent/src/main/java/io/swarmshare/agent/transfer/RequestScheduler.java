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
import java.util.function.IntPredicate;

/**
 * Who is asked for which piece, and when a request is taken away again (transfer/NOTES.md has the rules). Pure
 * bookkeeping: no I/O, no threads, time passed in by the caller, so tests drive it with a simulated network. Not
 * thread-safe: the session guards it.
 */
public final class RequestScheduler {

    /**
     * Tuning; {@link #defaults(int)} gives the values the agent runs with. {@code maxOutstanding} bounds the pieces
     * requested and not yet checked: in flight, or received and waiting for their digest check. Every one of them
     * ends up in a buffer of its own (a request already sent arrives whatever happens next), so this is what bounds
     * the downloader's piece buffers.
     */
    public record Tuning(int initialDepth, int minDepth, int maxDepth, long rttBudgetMs, double capK,
                         long stallMinMs, double stallPieces, int maxCopies, int maxOutstanding,
                         long rateWindowMs, int window, int holdPieces) {
        public static Tuning defaults(int maxDepth) {
            return defaults(maxDepth, 32);
        }

        /** {@code window}: pieces from the lowest missing one that are picked first (keeps arrival near index order). */
        public static Tuning defaults(int maxDepth, int window) {
            return new Tuning(Math.min(4, maxDepth), Math.min(2, maxDepth), maxDepth, 100, 2.0, 400, 8.0, 2,
                    32, 100, Math.max(1, window), Math.max(1, window));
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
        /** Measured throughput (bytes/s, moving average over windows of busy time); 0 until measured. */
        double rate;
        /** Since when the peer has been busy (had requests outstanding) without delivering; -1 while idle. */
        long busyFrom = -1;
        /** Busy millis and bytes of the current measuring window: idle gaps neither count nor reset it. */
        long windowBusy;
        long windowBytes;
        long lastDataAt;
        /**
         * Since when it owes data: its first request after its last delivery (-1: owes nothing). Requests copied
         * elsewhere or withdrawn do not end the debt, only a delivery, a Reject or being snubbed do.
         */
        long waitingSince = -1;
        /** Sequence number of its last assignment: peers expected to deliver at about the same time go round robin. */
        long lastAssigned;
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

    /** Expected delivery times closer than this fraction count as equal: such peers are served round robin. */
    private static final double ETA_TIE = 0.2;
    /** A piece is overdue on its holder when later than expected by twice its piece time, and at least this. */
    private static final long MIN_LATE_MS = 10;

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
    /** Of those, copies of a piece at the window's low edge asked before the endgame (window blockers). */
    private long blockerCopiesTotal;
    private long requeuedTotal;
    private long wastedBytes;
    private final BitSet stolen = new BitSet();
    /** Verified in this session and not yet digested (cleared below the digest's cursor): what the digest holds. */
    private final BitSet landed = new BitSet();
    /** The whole-file digest's next piece, as last told ({@link #digestedUpTo}); -1: digested as soon as verified. */
    private int digestCursor = -1;
    /** The last {@link #assign} left a peer without a request because the digest's hold was spoken for. */
    private boolean heldBack;
    /** One past the last piece verified before this session: the digest reads those back from disk first. */
    private final int resumedEnd;
    private long assignments;

    public RequestScheduler(int pieceCount, int pieceSize, BitSet have, Tuning tuning) {
        this.pieceCount = pieceCount;
        this.pieceSize = pieceSize;
        this.tuning = tuning;
        this.picker = new PiecePicker(pieceCount, have);
        this.remaining = pieceCount - have.cardinality();
        this.resumedEnd = have.length();
    }

    public Tuning tuning() {
        return tuning;
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
        if (p.inFlight.isEmpty()) {
            p.waitingSince = -1; // it answered
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
        p.waitingSince = p.inFlight.isEmpty() ? -1 : now;
        p.pieces++;
        p.bytes += bytes;
        p.snubbed = false;
        List<Action> cancels = new ArrayList<>(0);
        List<Peer> holders = copies.remove(piece);
        if (holders != null) {
            for (Peer other : holders) {
                if (other != p && other.inFlight.remove(piece) != null) {
                    cancels.add(new Action(other.id, piece, true));
                    if (other.inFlight.isEmpty()) {
                        other.busyFrom = -1;
                    }
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
            landed.set(piece);
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

    /** Where the whole-file digest is: the pieces verified above it are what it holds. */
    public void digestedUpTo(int cursor) {
        digestCursor = Math.max(digestCursor, cursor);
    }

    /** Whether the last {@link #assign} held requests back for the digest: call it again when the digest moves on. */
    public boolean heldBack() {
        return heldBack;
    }

    public int remaining() {
        return remaining;
    }

    /**
     * Pieces missing and asked of nobody. The endgame (a second copy of any piece in flight on a slower peer) starts
     * only when this is 0. It used to start whenever the peer with room had nothing new to offer: in a flash crowd
     * that is every leecher holding a few pieces already asked of the seeder, and a leecher that had just connected
     * (rate not measured yet) got second copies of them. Each leecher received 10-33 % of its file twice.
     */
    int unrequested() {
        return remaining - copies.size() - verifyingCount;
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
     * Fills the pipelines: repeatedly the eligible peer that would deliver a new piece first ((load + 1) × its piece
     * time; within 20 % round robin) gets the best piece it has in the in-order window (rarest first, then lowest
     * index); when it has none there, a second copy of a piece at the window's low edge that it would deliver before
     * its holder, else a piece past the window, else (endgame: every missing piece is asked of someone) a second copy
     * of a piece on a slower peer. Nothing new is asked for while the pieces outstanding and those verified but not
     * yet digested fill the digest's hold. {@code allowed(peerId, piece)} excludes pieces that already failed on that
     * peer.
     */
    public List<Action> assign(long now, BiPredicate<String, Integer> allowed) {
        List<Action> out = new ArrayList<>();
        int cap = cap();
        List<Peer> open = new ArrayList<>(peers.values());
        // one pass over the peers: what is outstanding, their average measured rate (unmeasured peers are expected at
        // it) and the fastest of them
        int outstanding = verifyingCount;
        double rateSum = 0;
        int measured = 0;
        Peer fastest = null;
        for (Peer p : peers.values()) {
            outstanding += p.inFlight.size();
            if (p.rate > 0 && !p.snubbed) {
                rateSum += p.rate;
                measured++;
                if (fastest == null || p.rate > fastest.rate) {
                    fastest = p;
                }
            }
        }
        double fallbackRate = measured == 0 ? pieceSize : rateSum / measured;
        // every piece asked for must find room in the digest's hold when it lands, or it is read back from disk later:
        // while the hold is spoken for, only the lowest missing piece itself (the digest's next) and copies of pieces
        // already asked for are requested. Not when nobody has the lowest missing piece: waiting would not bring it.
        // Not while the digest reads back what a resumed download had before: the download would wait for the disk.
        int lowest = picker.lowestMissing();
        int pending = copies.size() + verifyingCount + landedAhead(digestCursor >= 0 ? digestCursor : lowest);
        heldBack = false;
        boolean holdBound = lowest < pieceCount && picker.availability(lowest) > 0
                && (digestCursor < 0 || digestCursor >= resumedEnd);
        // a peer that would deliver a new piece later than the fastest would after a full pipeline is only asked for
        // pieces the fastest does not have: whatever else it got would be copied by the fastest as soon as it blocks
        // the digest (a 20 MB/s seeder beside a 600 MB/s one: every piece it was given came twice)
        double outpacedAfterMs = fastest == null ? Double.MAX_VALUE
                : (1 + ETA_TIE) * tuning.maxDepth() * pieceMs(fastest, fallbackRate);
        // phase 1: every pipeline up to its rate-based target; phase 2 (spare room in the global bound): the
        // delivering peers beyond it, up to maxDepth, so a peer whose rate was measured through a too-short pipeline
        // (on a busy machine one request at a time measures the round trip, not the peer) can show it is faster
        boolean extra = false;
        List<Peer> exhausted = new ArrayList<>();
        while (outstanding < tuning.maxOutstanding()) {
            if (open.isEmpty()) {
                if (extra) {
                    break;
                }
                extra = true;
                for (Peer p : peers.values()) {
                    // not a peer measured at under a quarter of the fastest: a throttled seeder given spare room
                    // held up to pipeline-depth pieces for seconds (bench (d): 25 % of the pieces at 20 MB/s)
                    if (!p.snubbed && !exhausted.contains(p) && (p.rate <= 0 || score(p) >= 0.25)) {
                        open.add(p);
                    }
                }
                continue;
            }
            Peer best = null;
            double bestUtility = Double.NEGATIVE_INFINITY;
            double bestFill = Double.MAX_VALUE;
            for (Iterator<Peer> it = open.iterator(); it.hasNext(); ) {
                Peer p = it.next();
                // a peer overdue with its next piece gets nothing more until it delivers: a stopped seeder, refilled
                // each time its late pieces were copied, made about a hundred second copies before its stall time
                int limit = overdue(p, now, fallbackRate) ? 0 : Math.min(extra ? tuning.maxDepth() : target(p), cap);
                if (p.inFlight.size() >= limit) {
                    it.remove();
                    continue;
                }
                // the peer that would deliver first, so pieces arrive in the order they were asked for and the slower
                // peers get the pieces they can bring before the digest needs them. It was the emptiest pipeline
                // relative to its limit: a 120 MB/s peer then got the window's lowest piece as often as a 400 MB/s one,
                // and the fast one copied it when it blocked (996 second copies of 2048 in the simulation). Expected
                // times within 20 % count as equal and go round robin: strictly by time, a peer measured 0.5 % slower
                // lost every freed slot while the bound on outstanding pieces was the limit (the starved seeder).
                double fill = (p.inFlight.size() + 1) * pieceMs(p, fallbackRate);
                double u = -p.lastAssigned;
                double slack = ETA_TIE * Math.max(fill, bestFill == Double.MAX_VALUE ? 0 : bestFill);
                if (fill < bestFill - slack || (fill <= bestFill + slack && u > bestUtility)) {
                    bestFill = fill;
                    bestUtility = u;
                    best = p;
                }
            }
            if (best == null) {
                continue; // every pipeline is at its limit: open is empty, on to the spare room (or done)
            }
            Peer chosen = best;
            boolean holdFull = holdBound && pending >= tuning.holdPieces();
            BitSet fasterHas = chosen != fastest && chosen.rate > 0 && bestFill > outpacedAfterMs ? fastest.has : null;
            IntPredicate eligible = i -> allowed.test(chosen.id, i) && (fasterHas == null || !fasterHas.get(i));
            int piece = picker.pick(chosen.has, eligible, holdFull ? 1 : tuning.window());
            boolean duplicate = false;
            boolean blocker = false;
            if (piece < 0 && holdFull) {
                piece = endgamePiece(chosen, allowed, true, now, fallbackRate);
                duplicate = piece >= 0;
                blocker = duplicate;
                heldBack |= piece < 0;
            } else if (piece < 0) {
                // the window is taken: a piece past it (the hold has room for it); else a second copy of a piece at
                // the window's low edge that this peer would bring before its holder; else (true endgame: nothing
                // left unasked) a second copy of any piece on a slower peer. Copies came first while nothing bounded
                // what landed past the window: then a blocker cost read-back, now it costs only a wait for the hold.
                piece = picker.pickBeyondWindow(chosen.has, eligible, tuning.window());
                if (piece < 0) {
                    piece = endgamePiece(chosen, allowed, true, now, fallbackRate);
                    duplicate = piece >= 0;
                    blocker = duplicate;
                }
                if (piece < 0 && unrequested() == 0) {
                    piece = endgamePiece(chosen, allowed, false, now, fallbackRate);
                    duplicate = piece >= 0;
                }
            }
            if (piece < 0) {
                open.remove(chosen);
                exhausted.add(chosen);
                continue;
            }
            if (chosen.inFlight.isEmpty()) {
                chosen.busyFrom = now; // idle until now: the idle time must not count against its rate
            }
            if (chosen.waitingSince < 0) {
                chosen.waitingSince = now;
            }
            if (stolen.get(piece)) {
                stolen.clear(piece);
                chosen.stolenTo++;
            }
            chosen.inFlight.put(piece, now);
            chosen.lastAssigned = ++assignments;
            copies.computeIfAbsent(piece, k -> new ArrayList<>(2)).add(chosen);
            if (duplicate) {
                chosen.duplicates++;
                duplicatesTotal++;
                if (blocker) {
                    blockerCopiesTotal++;
                }
            } else {
                pending++;
            }
            out.add(new Action(chosen.id, piece, false));
            outstanding++;
        }
        return out;
    }

    /**
     * Endgame: a piece the peer has, in flight elsewhere only, on the slowest holder. {@code blockerOnly} (the window
     * is full but pieces remain): only pieces in the lowest quarter of the window that this peer would deliver before
     * their holder ({@link #late}), so a slow or stopped peer cannot hold the in-order window (and the digest) back.
     */
    private int endgamePiece(Peer p, BiPredicate<String, Integer> allowed, boolean blockerOnly, long now,
                             double fallbackRate) {
        int best = -1;
        double bestKey = Double.MAX_VALUE;
        long edge = (long) picker.lowestMissing() + Math.max(1, tuning.window() / 4);
        for (Map.Entry<Integer, List<Peer>> e : copies.entrySet()) {
            int piece = e.getKey();
            if (blockerOnly && piece >= edge) {
                continue;
            }
            List<Peer> holders = e.getValue();
            if (holders.size() >= tuning.maxCopies() || holders.contains(p) || !p.has.get(piece)
                    || !allowed.test(p.id, piece)) {
                continue;
            }
            double holderRate = Double.MAX_VALUE;
            for (Peer h : holders) {
                holderRate = Math.min(holderRate, h.snubbed ? 0 : h.rate);
            }
            if (blockerOnly ? !late(piece, holders, p, now, fallbackRate)
                    : holderRate >= p.rate && p.rate > 0 && !holders.getFirst().snubbed) {
                continue; // the holder will deliver first, or (endgame) is at least as fast: a copy would be waste
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
            // by its debt, not by its oldest request: a stopped seeder whose late pieces were copied away one by one
            // and that was asked again each time looked freshly asked for ever and was never stolen from
            if (p.waitingSince < 0 || now - p.waitingSince < stallMs(p)) {
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
            p.waitingSince = -1; // the one request it gets now has a stall time of its own
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

    /**
     * Whether a copy asked of {@code copier} now would beat every holder's copy of the piece: a holder is snubbed, or
     * expected to deliver it more than 10 ms after the copier would (its place in the holder's queue × its piece time,
     * from when it began to owe data: an estimate that jitters by about that much on a busy machine), or overdue by
     * more than twice its piece time.
     */
    private boolean late(int piece, List<Peer> holders, Peer copier, long now, double fallbackRate) {
        for (Peer h : holders) {
            if (h.snubbed) {
                return true;
            }
        }
        if (copier.rate <= 0) {
            return false; // not measured yet: no telling which copy would come first
        }
        double copierAt = now + (copier.inFlight.size() + 1) * pieceMs(copier, fallbackRate);
        for (Peer h : holders) {
            int pos = 0;
            for (int q : h.inFlight.keySet()) {
                if (q == piece) {
                    break;
                }
                pos++;
            }
            // a holder not measured yet is expected at the average rate, and only copied once overdue
            double t = pieceMs(h, fallbackRate);
            double due = (h.waitingSince >= 0 ? h.waitingSince : now) + (pos + 1) * t;
            if ((h.rate > 0 && due > copierAt + MIN_LATE_MS) || now > due + Math.max(2 * t, MIN_LATE_MS)) {
                return true;
            }
        }
        return false;
    }

    /** Its next piece is later than expected (one piece time after it began to owe data) by its lateness margin. */
    private boolean overdue(Peer p, long now, double fallbackRate) {
        if (p.waitingSince < 0) {
            return false;
        }
        double t = pieceMs(p, fallbackRate);
        return now > p.waitingSince + t + Math.max(2 * t, MIN_LATE_MS);
    }

    private double pieceMs(Peer p, double fallbackRate) {
        return pieceSize * 1000.0 / (p.rate > 0 ? p.rate : fallbackRate);
    }

    /** Pieces verified in this session from {@code from} on: held by the whole-file digest until it gets there. */
    private int landedAhead(int from) {
        landed.clear(0, from);
        return landed.cardinality();
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
        if (p.inFlight.isEmpty()) {
            p.busyFrom = -1;
        }
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

    /**
     * Rate = bytes over busy time (while the peer had requests outstanding). Idle gaps are left out but do not throw the
     * window away: a peer that is only ever given one request at a time still gets measured (it used to stay at
     * "unmeasured" forever, so it never got a deeper pipeline: the starved seeder). Called after the piece left
     * {@code inFlight}.
     */
    private void measure(Peer p, int bytes, long now) {
        long from = p.busyFrom >= 0 ? p.busyFrom : p.lastDataAt;
        p.windowBusy += Math.max(0, now - from);
        p.busyFrom = p.inFlight.isEmpty() ? -1 : now;
        p.windowBytes += bytes;
        p.lastDataAt = now;
        // a first estimate after a few pieces, then samples over rateWindowMs of busy time
        boolean first = p.rate <= 0 && p.windowBytes >= 4L * pieceSize && p.windowBusy >= 5;
        if (first || p.windowBusy >= tuning.rateWindowMs()) {
            double sample = p.windowBytes * 1000.0 / p.windowBusy;
            p.rate = p.rate <= 0 ? sample : 0.5 * p.rate + 0.5 * sample;
            p.windowBusy = 0;
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

    public long blockerCopiesTotal() {
        return blockerCopiesTotal;
    }

    public long requeuedTotal() {
        return requeuedTotal;
    }

    public long wastedBytes() {
        return wastedBytes;
    }
}
