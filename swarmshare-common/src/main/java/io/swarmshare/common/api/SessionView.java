package io.swarmshare.common.api;

import java.time.Instant;

/** A login: the bearer token that later calls carry in {@code Authorization: Bearer <token>}. */
public record SessionView(String token, String username, Instant expiresAt) {
}
