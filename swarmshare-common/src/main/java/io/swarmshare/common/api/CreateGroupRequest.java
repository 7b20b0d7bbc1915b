package io.swarmshare.common.api;

public record CreateGroupRequest(String name) {
}
