package io.swarmshare.common.api;

import java.time.Instant;
import java.util.List;

/** One shared file as list_files shows it. */
public record FileView(long id, String group, String name, long size, int pieceSize, int pieceCount, String algorithm,
                       String fileDigest, int seedersOnline, List<String> sharedBy, Instant sharedAt) {
}
