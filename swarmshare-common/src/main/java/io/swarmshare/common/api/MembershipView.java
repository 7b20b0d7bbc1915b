package io.swarmshare.common.api;

/** The caller's (or a named user's) membership after a join/accept/reject/leave: role as in {@link GroupView}. */
public record MembershipView(String group, String username, String role, String owner) {
}
