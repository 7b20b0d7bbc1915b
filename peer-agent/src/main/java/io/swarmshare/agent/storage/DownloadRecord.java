package io.swarmshare.agent.storage;

/**
 * One download as persisted in downloads/{id}.json (small: the manifest is kept apart). {@code verified} is the
 * bitfield of verified pieces, base64, bit i = byte i/8, MSB first. {@code piecesFetched} is written in the same file
 * as the bitfield so the two never disagree after a crash.
 */
public record DownloadRecord(String id, String group, String file, String destination, String output, long fileId,
                             String state, String verified, long piecesFetched, long piecesRejected, String error,
                             String expectedDigest, String actualDigest) {
}
