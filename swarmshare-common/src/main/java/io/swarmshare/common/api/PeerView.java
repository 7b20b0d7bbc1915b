package io.swarmshare.common.api;

/** An online agent in a file's swarm. {@code complete} is false for a partial seeder (a downloader still at work). */
public record PeerView(String peerId, String user, String host, int port, boolean complete) {
}
