package io.swarmshare.agent.transfer;

/**
 * One peer's share of a download, for the assignment report: pieces and bytes it delivered, its measured rate and
 * score (rate relative to the fastest peer) with the band that score falls in, requests taken from it because it
 * stalled (stolenFrom), stolen pieces it was given (stolenTo), endgame duplicates asked of it, requests requeued when
 * it left or refused, and why it left (null while connected).
 */
public record PeerReport(String peerId, long pieces, long bytes, long rateBytesPerSec, double score, String band,
                         long stolenFrom, long stolenTo, long duplicates, long requeued, String left) {

    static PeerReport of(RequestScheduler.Peer p, double score, String left) {
        return new PeerReport(p.id(), p.pieces(), p.bytes(), Math.round(p.rate()), Math.round(score * 100) / 100.0,
                band(score), p.stolenFrom(), p.stolenTo(), p.duplicates(), p.requeued(), left);
    }

    /** Two connections of the same peer, {@code later} the more recent: counts add up, rate and score are the later's. */
    PeerReport plus(PeerReport later) {
        return new PeerReport(peerId, pieces + later.pieces, bytes + later.bytes, later.rateBytesPerSec, later.score,
                later.band, stolenFrom + later.stolenFrom, stolenTo + later.stolenTo, duplicates + later.duplicates,
                requeued + later.requeued, later.left);
    }

    /** Score bands as in the classic chunk-assignment test: high ≥ 0.75, mid ≥ 0.25, low below. */
    static String band(double score) {
        return score >= 0.75 ? "high" : score >= 0.25 ? "mid" : "low";
    }
}
