package io.swarmshare.common.api;

/** Body of PUT /peers/{peerId}: where the agent serves pieces. Doubles as the heartbeat. */
public record AnnouncePeerRequest(String host, int port) {
}
