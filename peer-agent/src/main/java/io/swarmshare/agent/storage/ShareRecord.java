package io.swarmshare.agent.storage;

/** A file this agent seeds, as persisted in shares.json; its manifest lives in manifests/{fileId}.json. */
public record ShareRecord(String group, String name, long fileId, String path, long size, boolean complete) {
}
