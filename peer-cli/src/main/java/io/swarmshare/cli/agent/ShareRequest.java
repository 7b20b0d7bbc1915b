package io.swarmshare.cli.agent;

/** Body of POST /v1/shares. {@code algorithm} is a DigestAlgorithm constant name (SHA1 or SHA256). */
public record ShareRequest(String path, String group, String algorithm) {
}
