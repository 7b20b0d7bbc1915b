package io.swarmshare.common.api;

import io.swarmshare.common.manifest.FileManifest;

/** Body of POST /groups/{group}/files (upload_file): the agent {@code peerId} seeds {@code manifest}. */
public record RegisterFileRequest(String peerId, FileManifest manifest) {
}
