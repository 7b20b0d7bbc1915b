package io.swarmshare.common.api;

import java.time.Instant;

/**
 * One group. {@code myRole} is the caller's relation to it: OWNER, MEMBER, PENDING (a join request waits) or NONE.
 */
public record GroupView(String name, String owner, int members, String myRole, Instant createdAt) {
}
