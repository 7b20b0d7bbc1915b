package io.swarmshare.agent.seeding;

import io.swarmshare.common.manifest.FileManifest;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A file this agent offers: complete, or partially while it is being downloaded ({@code have} grows and every
 * connected leecher is told through {@link Listener#onHave}).
 */
public final class Share {

    /** What a serving connection wants to hear about its file. */
    public interface Listener {
        void onHave(int piece);

        void onStopped();
    }

    private final String group;
    private final String name;
    private final long fileId;
    private final FileManifest manifest;
    private final PieceSet have;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Path path;
    private volatile boolean complete;

    public Share(String group, String name, long fileId, FileManifest manifest, Path path, PieceSet have) {
        this.group = group;
        this.name = name;
        this.fileId = fileId;
        this.manifest = manifest;
        this.path = path;
        this.have = have;
        this.complete = have.isComplete();
    }

    public static Share complete(String group, String name, long fileId, FileManifest manifest, Path path) {
        return new Share(group, name, fileId, manifest, path, PieceSet.full(manifest.pieceCount()));
    }

    public String group() {
        return group;
    }

    public String name() {
        return name;
    }

    public long fileId() {
        return fileId;
    }

    public FileManifest manifest() {
        return manifest;
    }

    public Path path() {
        return path;
    }

    public boolean complete() {
        return complete;
    }

    public PieceSet have() {
        return have;
    }

    /** Called by the download once a piece is verified and written. */
    public void pieceVerified(int piece) {
        if (have.add(piece)) {
            for (Listener l : listeners) {
                l.onHave(piece);
            }
        }
    }

    /** The download finished: the data now lives at {@code finalPath}. */
    public void completedAt(Path finalPath) {
        this.path = finalPath;
        this.complete = true;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void removeListener(Listener l) {
        listeners.remove(l);
    }

    void stopped() {
        for (Listener l : listeners) {
            l.onStopped();
        }
        listeners.clear();
    }
}
