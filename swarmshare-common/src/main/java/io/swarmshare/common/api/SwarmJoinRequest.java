package io.swarmshare.common.api;

/** Body of PUT /groups/{group}/files/{name}/peers/{peerId}: the agent offers the file, whole or partially. */
public record SwarmJoinRequest(boolean complete) {
}
