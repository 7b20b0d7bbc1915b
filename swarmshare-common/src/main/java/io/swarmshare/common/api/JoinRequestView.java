package io.swarmshare.common.api;

import java.time.Instant;

public record JoinRequestView(String group, String username, Instant requestedAt) {
}
