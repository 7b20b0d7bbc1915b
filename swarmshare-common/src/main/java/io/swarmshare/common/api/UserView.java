package io.swarmshare.common.api;

import java.time.Instant;

public record UserView(String username, Instant createdAt) {
}
