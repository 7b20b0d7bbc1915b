package io.swarmshare.common.ticket;

import java.time.Instant;
import java.util.Objects;

/**
 * The tracker's permission for {@code user}'s agent {@code peerId} to fetch pieces of file {@code fileId}
 * until {@code expiresAt}. Signed by the tracker; checked by the serving agent at the handshake.
 */
public record Ticket(long fileId, String user, String peerId, Instant expiresAt) {

    public Ticket {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (fileId <= 0) {
            throw new IllegalArgumentException("fileId must be positive");
        }
    }
}
