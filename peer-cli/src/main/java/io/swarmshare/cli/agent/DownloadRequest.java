package io.swarmshare.cli.agent;

/** Body of POST /v1/downloads; {@code destination} is an absolute path. */
public record DownloadRequest(String group, String file, String destination) {
}
