package io.swarmshare.tracker.state;

import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes snapshots on a thread of its own while Ratis' apply thread goes on applying. Written on the apply thread,
 * each one stopped the whole cluster's writes for 150-950 ms every few seconds under load (every tracker reaches
 * the threshold at the same index), which was most of the writes' p99.
 * <p>
 * The copy is consistent without stopping anything: one serializable H2 transaction reads the applied (term,
 * index) first, which fixes what it sees, and {@code SCRIPT} then copies that state, whatever commits meanwhile.
 * Since the applied index is stored in the same transaction as each entry's changes, the copy is exactly the state
 * after that entry, and it is named after it.
 */
final class SnapshotWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SnapshotWriter.class);

    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    /**
     * After a snapshot that took d, the next starts no sooner than REST_FACTOR x d later (at most MAX_REST), so
     * snapshots take at most a tenth of the time. Each one copies the whole database while Ratis asks for one every
     * {@code snapshot-threshold} entries, whatever the database's size: with a growing database under load, one
     * tracker spent a third of its CPU writing snapshots (bench/cluster, 1 tracker, 180 s of load).
     */
    static final int REST_FACTOR = 9;
    static final Duration MAX_REST = Duration.ofSeconds(60);

    private final DataSource dataSource;
    private final SnapshotStorage storage;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("snapshot-writer").factory());
    /** Held while a snapshot is written; replacing the database waits for it (see {@link #databaseReplacement}). */
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicBoolean busy = new AtomicBoolean();
    /**
     * None starts before this (System.nanoTime()): after a failed snapshot, and after each one for a rest in
     * proportion to how long it took. Ratis asks after every batch applied.
     */
    private volatile long notBefore = System.nanoTime();

    private final int restFactor;
    /** How long the last snapshot took to write (ns); what its rest is measured from. */
    private volatile long lastWriteNanos;

    SnapshotWriter(DataSource dataSource, SnapshotStorage storage) {
        this(dataSource, storage, REST_FACTOR);
    }

    /** {@code restFactor} 0: a snapshot may start as soon as the last one is written (tests). */
    SnapshotWriter(DataSource dataSource, SnapshotStorage storage, int restFactor) {
        this.dataSource = dataSource;
        this.storage = storage;
        this.restFactor = restFactor;
    }

    /** Starts writing a snapshot unless one is being written; answers whether it started. */
    boolean start() {
        if (System.nanoTime() - notBefore < 0 || !busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            thread.execute(this::writeOne);
            return true;
        } catch (RejectedExecutionException closed) {
            busy.set(false);
            return false;
        }
    }

    long lastWriteNanos() {
        return lastWriteNanos;
    }

    boolean busy() {
        return busy.get();
    }

    /**
     * To hold while the database is replaced by a snapshot from the leader: a snapshot being written is finished
     * first (a copy taken while the tables are dropped would be neither state), and none starts meanwhile.
     */
    Lock databaseReplacement() {
        return writing;
    }

    /** Waits (bounded) until no snapshot is being written; false if one still is. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (busy.get()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void writeOne() {
        writing.lock();
        try {
            long started = System.nanoTime();
            TermIndex at;
            Path target;
            String sha256;
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                int isolation = c.getTransactionIsolation();
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                try {
                    at = appliedIn(c);
                    SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
                    if (at == null || (latest != null && latest.getIndex() >= at.getIndex())) {
                        return; // nothing applied since the last one
                    }
                    target = storage.getSnapshotFile(at.getTerm(), at.getIndex()).toPath();
                    sha256 = SnapshotFiles.writeUnpublished(c, target);
                } finally {
                    c.rollback();
                    c.setTransactionIsolation(isolation);
                    c.setAutoCommit(autoCommit);
                }
            }
            long took = System.nanoTime() - started;
            lastWriteNanos = took;
            long rest = Math.min(restFactor * took, MAX_REST.toNanos());
            notBefore = System.nanoTime() + rest;
            if (storage.publish(target, sha256, at)) {
                log.info("took snapshot {} in {} ms, beside the applying; the next one not before {} ms from now",
                        target.getFileName(), took / 1_000_000, rest / 1_000_000);
            }
        } catch (IOException | SQLException | RuntimeException e) {
            // Nothing is lost: the log is purged only up to a published snapshot, and Ratis asks again.
            log.warn("could not write a snapshot (next try in {} s): {}", RETRY_AFTER.toSeconds(), e.toString());
            notBefore = System.nanoTime() + RETRY_AFTER.toNanos();
        } finally {
            writing.unlock();
            busy.set(false);
        }
    }

    /** The applied (term, index) as {@code c}'s transaction sees it; its first read, so it fixes that view. */
    private static TermIndex appliedIn(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT term, log_index FROM raft_applied WHERE id = " + AppliedState.ID)) {
            return r.next() && r.getLong(2) > 0 ? TermIndex.valueOf(r.getLong(1), r.getLong(2)) : null;
        }
    }

    /** Lets a snapshot being written finish (bounded), then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("a snapshot was still being written after 30 s; left behind");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
