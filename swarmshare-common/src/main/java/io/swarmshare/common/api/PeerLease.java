package io.swarmshare.common.api;

import java.time.Instant;

/** The tracker keeps offering a peer until {@code expiresAt}; heartbeat every {@code heartbeatSeconds}. */
public record PeerLease(String peerId, int heartbeatSeconds, Instant expiresAt) {
}
