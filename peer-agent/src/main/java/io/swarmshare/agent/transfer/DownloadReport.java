package io.swarmshare.agent.transfer;

import java.util.List;
import java.util.Map;

/**
 * GET /v1/downloads/{id}/report: how the pieces were assigned. {@code piecesPerBand} sums the peers' pieces by score
 * band; {@code stolen} counts requests taken from stalled peers, {@code duplicates} second copies (endgame and
 * window blockers), {@code blockerCopies} those of them asked before the endgame for a piece late at the window's edge,
 * {@code requeued} requests given back (peer left, refused, corrupt), {@code wastedBytes} data that arrived after its
 * request was withdrawn, {@code steadyRateBytesPerSec} the rate between 10 % and 90 % verified, {@code digestReadBackBytes} what the whole-file digest had to read back from disk.
 */
public record DownloadReport(String id, String state, int pieceCount, long piecesFetched, long elapsedMillis,
                             long steadyRateBytesPerSec,
                             long stolen, long duplicates, long blockerCopies, long requeued, long wastedBytes,
                             long digestReadBackBytes,
                             Map<String, Long> piecesPerBand, List<PeerReport> peers) {
}
