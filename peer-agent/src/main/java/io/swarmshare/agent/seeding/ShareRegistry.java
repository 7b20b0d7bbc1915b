package io.swarmshare.agent.seeding;

import io.swarmshare.agent.storage.AgentStore;
import io.swarmshare.agent.storage.ShareRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files this agent serves, by tracker file id. Complete shares are persisted (shares.json) so a restarted agent
 * keeps serving them; partial ones come back with their download.
 */
public final class ShareRegistry {

    private static final Logger log = LoggerFactory.getLogger(ShareRegistry.class);

    private final ConcurrentHashMap<Long, Share> byId = new ConcurrentHashMap<>();
    private final AgentStore store;

    /** @param store where complete shares are persisted; null keeps them in memory only (tests) */
    public ShareRegistry(AgentStore store) {
        this.store = store;
    }

    /** Loads persisted complete shares whose files are still there. */
    public void load() {
        if (store == null) {
            return;
        }
        for (ShareRecord r : store.loadShares()) {
            Path path = Path.of(r.path());
            var manifest = store.loadManifest(r.fileId());
            if (manifest.isEmpty() || !Files.isRegularFile(path)) {
                log.warn("not serving {}/{} any more: {} is gone", r.group(), r.name(), manifest.isEmpty() ? "its manifest" : path);
                continue;
            }
            byId.put(r.fileId(), Share.complete(r.group(), r.name(), r.fileId(), manifest.get(), path));
        }
        log.info("serving {} persisted share(s)", byId.size());
    }

    public Optional<Share> byFileId(long fileId) {
        return Optional.ofNullable(byId.get(fileId));
    }

    public Optional<Share> byName(String group, String name) {
        return byId.values().stream().filter(s -> s.group().equals(group) && s.name().equals(name)).findFirst();
    }

    public Collection<Share> all() {
        return List.copyOf(byId.values());
    }

    /**
     * Adds a share; false if one for the same (group, name) or file id is already there.
     */
    public synchronized boolean add(Share share) {
        if (byId.containsKey(share.fileId()) || byName(share.group(), share.name()).isPresent()) {
            return false;
        }
        byId.put(share.fileId(), share);
        persist();
        return true;
    }

    /** Stops serving: open connections for the file are closed. */
    public synchronized Optional<Share> remove(String group, String name) {
        Optional<Share> share = byName(group, name);
        share.ifPresent(s -> {
            byId.remove(s.fileId());
            s.stopped();
            persist();
        });
        return share;
    }

    /** Writes the complete shares to disk; call after a share completes. */
    public synchronized void persist() {
        if (store == null) {
            return;
        }
        List<ShareRecord> records = new ArrayList<>();
        for (Share s : byId.values()) {
            if (s.complete()) {
                records.add(new ShareRecord(s.group(), s.name(), s.fileId(), s.path().toString(), s.manifest().size(), true));
            }
        }
        try {
            store.saveShares(records);
        } catch (IOException e) {
            log.error("cannot persist shares: {}", e.toString());
        }
    }
}
