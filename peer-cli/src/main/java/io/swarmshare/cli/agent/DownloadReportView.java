package io.swarmshare.cli.agent;

import java.util.List;
import java.util.Map;

/**
 * GET /v1/downloads/{id}/report: how a download's pieces were assigned (pieces per peer and per score band, stolen,
 * duplicated and requeued requests). Unknown fields are ignored, missing ones are null/0.
 */
public record DownloadReportView(String id, String state, int pieceCount, long piecesFetched, long elapsedMillis,
                                 Long steadyRateBytesPerSec, long stolen, long duplicates, long blockerCopies,
                                 long requeued, long wastedBytes,
                                 long digestReadBackBytes, Map<String, Long> piecesPerBand, List<Peer> peers) {

    /** One peer's share. {@code left} is why it left, null while connected. */
    public record Peer(String peerId, long pieces, long bytes, Double rateBytesPerSec, double score, String band,
                       long stolenFrom, long stolenTo, long duplicates, long requeued, String left) {
    }
}
