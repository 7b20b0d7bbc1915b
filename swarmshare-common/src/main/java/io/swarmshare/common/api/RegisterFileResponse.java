package io.swarmshare.common.api;

/** {@code joinedExisting} is true when the same content was already shared in the group and the caller joined as a seeder. */
public record RegisterFileResponse(FileView file, boolean joinedExisting) {
}
