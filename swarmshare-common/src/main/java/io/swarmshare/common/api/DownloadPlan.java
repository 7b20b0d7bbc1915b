package io.swarmshare.common.api;

import io.swarmshare.common.manifest.FileManifest;

import java.time.Instant;
import java.util.List;

/**
 * Answer to GET /groups/{group}/files/{name}/download-plan?peerId=...: everything an agent needs to fetch a file.
 * {@code ticket} is signed by the tracker for (file, caller, peerId) and presented at every peer handshake.
 */
public record DownloadPlan(FileView file, FileManifest manifest, List<PeerView> peers, String ticket,
                           Instant ticketExpiresAt) {
}
