package io.swarmshare.cli.agent;

/** Answer to POST /v1/shares. */
public record ShareResult(String group, String name, long size, int pieces, String fileDigest,
                          boolean joinedExisting, String algorithm) {
}
