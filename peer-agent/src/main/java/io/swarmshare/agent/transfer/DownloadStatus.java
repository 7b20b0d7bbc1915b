package io.swarmshare.agent.transfer;

/** What GET /v1/downloads shows for one download. */
public record DownloadStatus(String id, String group, String file, String destination, DownloadState state,
                             int verifiedPieces, int pieceCount, long bytesDone, long size, long rateBytesPerSec,
                             Long etaSeconds, String error, String expectedDigest, String actualDigest,
                             long piecesFetched, long piecesRejected) {
}
