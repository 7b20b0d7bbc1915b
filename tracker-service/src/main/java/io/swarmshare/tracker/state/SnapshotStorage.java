package io.swarmshare.tracker.state;

import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Ratis' single-file snapshot storage with a retention that knows our checksum files. Ratis 3.3's own clean-up only
 * counts snapshots that have an MD5 file beside them; ours carry a SHA-256 ({@link SnapshotFiles}) instead, so it
 * deleted nothing: every snapshot (each a full copy of the database) stayed on disk for ever, and each clean-up
 * logged a warning per file. Here a snapshot counts once its checksum file exists; the newest {@code retain} such
 * snapshots stay, older ones go with their checksums, and a checksum whose snapshot is gone goes too.
 */
class SnapshotStorage extends SimpleStateMachineStorage {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStorage.class);

    private volatile Path dir;

    @Override
    public void init(RaftStorage storage) throws IOException {
        super.init(storage);
        dir = storage.getStorageDir().getStateMachineDir().toPath();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path half : files.filter(SnapshotFiles::isTemporary).toList()) {
                log.info("deleting {}, a snapshot left half-written", half.getFileName());
                Files.deleteIfExists(half);
            }
        }
    }

    /**
     * Moves a snapshot written beside the applying into place and makes it the latest, unless a newer one is there
     * already (one installed from the leader meanwhile). Synchronized with the clean-up, which would otherwise take
     * the checksum, written first, for an orphan and delete it.
     */
    synchronized boolean publish(Path target, String sha256, TermIndex at) throws IOException {
        SingleFileSnapshotInfo latest = getLatestSnapshot();
        if (latest != null && latest.getIndex() >= at.getIndex()) {
            SnapshotFiles.discardUnpublished(target);
            return false;
        }
        SnapshotFiles.publish(target, sha256);
        updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target, null), at));
        return true;
    }

    @Override
    public synchronized void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
        Path d = dir;
        if (d != null && policy != null && policy.getNumSnapshotsRetained() > 0) {
            retainNewest(d, policy.getNumSnapshotsRetained());
        }
    }

    /** Deletes all but the newest {@code retain} complete (checksummed) snapshots in {@code dir}; answers how many went. */
    static int retainNewest(Path dir, int retain) throws IOException {
        List<Snapshot> snapshots;
        try (Stream<Path> files = Files.list(dir)) {
            snapshots = files.map(Snapshot::of).filter(s -> s != null)
                    .sorted(Comparator.comparingLong(Snapshot::index).reversed()).toList();
        }
        int complete = 0;
        int deleted = 0;
        for (Snapshot s : snapshots) {
            if (complete >= retain) {
                Files.deleteIfExists(s.file());
                Files.deleteIfExists(SnapshotFiles.checksumFile(s.file()));
                log.info("deleted old snapshot {}", s.file().getFileName());
                deleted++;
            } else if (Files.isRegularFile(SnapshotFiles.checksumFile(s.file()))) {
                complete++;
            }
        }
        removeOrphanChecksums(dir);
        return deleted;
    }

    private static void removeOrphanChecksums(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path sum : files.filter(p -> p.getFileName().toString().endsWith(SnapshotFiles.CHECKSUM_SUFFIX)).toList()) {
                String name = sum.getFileName().toString();
                if (!Files.exists(sum.resolveSibling(name.substring(0, name.length() - SnapshotFiles.CHECKSUM_SUFFIX.length())))) {
                    Files.deleteIfExists(sum);
                }
            }
        }
    }

    private record Snapshot(Path file, long index) {
        static Snapshot of(Path p) {
            Matcher m = SNAPSHOT_REGEX.matcher(p.getFileName().toString());
            return m.matches() ? new Snapshot(p, Long.parseLong(m.group(2))) : null;
        }
    }
}
