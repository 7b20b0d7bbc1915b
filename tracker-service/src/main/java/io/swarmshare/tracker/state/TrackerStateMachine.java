package io.swarmshare.tracker.state;

import io.swarmshare.tracker.idempotency.IdempotentReplies;
import io.swarmshare.tracker.idempotency.RequestIdempotency;
import io.swarmshare.tracker.peer.PeerLeaseRecord;
import io.swarmshare.tracker.peer.PeerLeaseRepository;
import io.swarmshare.tracker.peer.PeerPresence;
import io.swarmshare.tracker.session.SessionCache;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The tracker's Raft state machine: every {@link TrackerCommand} reaches the database through here, in log order,
 * on every tracker. {@link #startTransaction} validates (decodes) a command before it enters the log;
 * {@link #applyTransaction} applies one entry in ONE JPA transaction together with the applied (term, index), and
 * skips an entry at or below the stored index (a restart replays nothing twice); {@link #query} serves
 * linearizable-read confirmations. Snapshots are H2 scripts with a SHA-256 ({@link SnapshotFiles}), written beside the
 * applying ({@link SnapshotWriter}).
 */
@Component
public class TrackerStateMachine extends BaseStateMachine {

    private static final Logger log = LoggerFactory.getLogger(TrackerStateMachine.class);
    private static final String STORE_APPLIED = "UPDATE raft_applied SET term = ?, log_index = ?, next_id = ? WHERE id = ?";

    private final CommandApplier applier;
    private final AppliedStateRepository appliedState;
    private final PeerLeaseRepository leases;
    private final PeerPresence presence;
    private final SessionCache sessions;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final IdempotentReplies replies;
    private final TransactionTemplate tx;
    private final SchemaUpgrade schema;
    private final CommandCodec codec = new CommandCodec();
    private final SnapshotStorage storage = new SnapshotStorage();
    private final SnapshotWriter snapshots;
    private final Object snapshotAsks = new Object();
    /** The snapshot index last answered to Ratis' takeSnapshot. */
    private long answeredSnapshot = RaftLog.INVALID_LOG_INDEX; // guarded by snapshotAsks
    /** Requests waiting until this tracker has applied a log index, by index. */
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> applyWaiters = new ConcurrentSkipListMap<>();
    /** Requests hold the read side; replacing the whole database from a snapshot holds the write side. */
    private final ReentrantReadWriteLock reloading = new ReentrantReadWriteLock();
    /**
     * Guards every lifecycle transition: Ratis calls {@link #pause()} on a Raft RPC thread (inside its server lock)
     * and {@link #reinitialize()} on its state machine updater thread, so the two race.
     */
    private final Object lifecycleLock = new Object();
    /** Ratis paused again (another snapshot was installed) while {@link #reinitialize()} was still loading. */
    private boolean pausedWhileReloading; // guarded by lifecycleLock
    private final AtomicLong snapshotInstalls = new AtomicLong();
    private volatile long lastInstalledSnapshotIndex = RaftLog.INVALID_LOG_INDEX;
    /** The applied row as the applier last committed it; null until read from the database (start, snapshot load). */
    private volatile AppliedState committedApplied;

    TrackerStateMachine(CommandApplier applier, AppliedStateRepository appliedState, PeerLeaseRepository leases,
                        PeerPresence presence, DataSource dataSource, PlatformTransactionManager transactions,
                        IdempotentReplies replies, SchemaUpgrade schema, SessionCache sessions) {
        this.sessions = sessions;
        this.applier = applier;
        this.schema = schema;
        this.replies = replies;
        this.appliedState = appliedState;
        this.leases = leases;
        this.presence = presence;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.snapshots = new SnapshotWriter(dataSource, storage);
    }

    /** Held by every request while it runs, so none sees the database half replaced by a snapshot. */
    public Lock requestGate() {
        return reloading.readLock();
    }

    public CommandCodec codec() {
        return codec;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
        synchronized (lifecycleLock) {
            getLifeCycle().startAndTransition(() -> {
                super.initialize(server, groupId, raftStorage);
                storage.init(raftStorage);
                SingleFileSnapshotInfo snapshot = storage.getLatestSnapshot();
                restoreFrom(snapshot, "at start-up");
                snapshotAnswered(latestSnapshotIndex());
                log.info("state machine ready: database applied up to {}, snapshot {}", storedIndex(),
                        snapshot == null ? "none" : snapshot.getTermIndex());
            });
        }
    }

    /**
     * Ratis' contract (3.x, {@code raft.server.log.appender.install.snapshot.enabled=true}, the default we use: the
     * leader streams its snapshot files to this follower): once the last chunk of a snapshot has arrived, Ratis calls
     * {@code pause()}, moves the files into {@code sm/} and asks its updater thread to reload, which asserts that the
     * state machine is {@link LifeCycle.State#PAUSED} and then calls {@link #reinitialize()}. So this must leave the
     * state machine PAUSED from whatever state it is in, including PAUSED itself: a second snapshot can be
     * installed while the first is still being loaded, and an earlier version that only paused from RUNNING left the
     * lifecycle RUNNING for that second reload, so Ratis' assertion killed the updater and the follower stayed behind.
     */
    @Override
    public void pause() {
        synchronized (lifecycleLock) {
            LifeCycle lifeCycle = getLifeCycle();
            LifeCycle.State state = lifeCycle.getCurrentState();
            switch (state) {
                case RUNNING -> {
                    lifeCycle.transition(LifeCycle.State.PAUSING);
                    lifeCycle.transition(LifeCycle.State.PAUSED);
                }
                case PAUSING -> lifeCycle.transition(LifeCycle.State.PAUSED);
                case PAUSED -> {
                    pausedWhileReloading = true;
                    log.info("paused again: another snapshot was installed before the previous one was loaded");
                }
                // NEW/STARTING cannot happen: initialize() and reinitialize()'s transitions hold lifecycleLock.
                default -> log.warn("pause() in lifecycle state {}; left as it is", state);
            }
        }
    }

    /**
     * After Ratis installed a snapshot from the leader (this tracker fell behind the leader's purged log): verify
     * it (SHA-256) and replace the whole database with it; the applied index then continues from the snapshot's.
     * Ratis has asserted PAUSED before calling this; back to RUNNING only if no newer install paused it meanwhile
     * (that one's reload follows and needs PAUSED again).
     */
    @Override
    public void reinitialize() throws IOException {
        synchronized (lifecycleLock) {
            pausedWhileReloading = false;
        }
        long before = appliedIndex();
        long started = System.nanoTime();
        SingleFileSnapshotInfo installed = loadNewestInstalledSnapshot();
        long number = snapshotInstalls.incrementAndGet();
        if (installed != null) {
            lastInstalledSnapshotIndex = installed.getIndex();
        }
        snapshotAnswered(latestSnapshotIndex()); // what Ratis' reload takes as its snapshot index
        log.info("snapshot install #{} from the leader done in {} ms: database replaced by {} (SHA-256 verified), "
                        + "applied index {} -> {}; the log continues from {}", number,
                (System.nanoTime() - started) / 1_000_000,
                installed == null ? "nothing" : installed.getFile().getPath().getFileName(), before, appliedIndex(),
                appliedIndex() + 1);
        synchronized (lifecycleLock) {
            if (pausedWhileReloading) {
                pausedWhileReloading = false;
                log.info("staying PAUSED: a newer snapshot was installed while loading; Ratis reloads it next");
            } else if (getLifeCycleState() == LifeCycle.State.PAUSED) {
                getLifeCycle().transition(LifeCycle.State.STARTING);
                getLifeCycle().transition(LifeCycle.State.RUNNING);
            }
        }
    }

    /**
     * Loads the newest snapshot in {@code sm/}; again if Ratis installed a newer one meanwhile (it replaces the whole
     * directory, so the file being loaded may even vanish: then the newer one is loaded instead).
     */
    private SingleFileSnapshotInfo loadNewestInstalledSnapshot() throws IOException {
        SingleFileSnapshotInfo loaded = null;
        for (int attempt = 1; ; attempt++) {
            SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
            if (snapshot == null || (loaded != null && snapshot.getIndex() <= loaded.getIndex())) {
                return loaded != null ? loaded : snapshot;
            }
            try {
                restoreFrom(snapshot, "installed from the leader");
                loaded = snapshot;
            } catch (IOException e) {
                SingleFileSnapshotInfo newer = storage.loadLatestSnapshot();
                if (attempt >= 5 || newer == null || newer.getIndex() <= snapshot.getIndex()) {
                    throw e;
                }
                log.warn("could not load {} ({}); a newer snapshot {} arrived meanwhile, loading that",
                        snapshot.getTermIndex(), e.getMessage(), newer.getTermIndex());
            }
        }
    }

    /**
     * Replaces the database with {@code snapshot} if the database is behind it (after verifying its checksum), and
     * makes the snapshot's (term, index) the applied one, so Ratis applies the log from the entry after it.
     */
    private void restoreFrom(SingleFileSnapshotInfo snapshot, String why) throws IOException {
        if (snapshot != null) {
            long dbIndex = storedIndex();
            if (snapshot.getIndex() > dbIndex) {
                Path file = snapshot.getFile().getPath();
                log.info("loading snapshot {} {} (database had applied up to {})", file.getFileName(), why, dbIndex);
                boolean gated = false;
                Lock noSnapshotWriting = snapshots.databaseReplacement();
                noSnapshotWriting.lock(); // a snapshot being written finishes first: bounded by its SCRIPT
                try {
                    // Let requests in flight finish (a bounded wait: a write may be waiting for this very applier).
                    gated = reloading.writeLock().tryLock(5, TimeUnit.SECONDS);
                    if (!gated) {
                        log.warn("requests still running after 5 s; loading {} without waiting for them", file.getFileName());
                    }
                    SnapshotFiles.load(dataSource, file);
                    // what was kept of the old database goes before any request or entry can use it
                    committedApplied = null;
                    sessions.clear();
                    try {
                        schema.apply();
                    } catch (RuntimeException e) {
                        throw new IOException("loaded " + file.getFileName() + " but could not bring its schema up to date: "
                                + e.getMessage(), e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while loading " + file, e);
                } finally {
                    if (gated) {
                        reloading.writeLock().unlock();
                    }
                    noSnapshotWriting.unlock();
                }
            }
            setLastAppliedTermIndex(snapshot.getTermIndex());
        }
        reloadPresence();
        signalApplied();
    }

    private void reloadPresence() {
        presence.reload(tx.execute(s -> leases.findAll().stream().map(PeerLeaseRecord::toPresence).toList()));
    }

    /** How many snapshots this tracker has installed from the leader since it started. */
    public long snapshotInstalls() {
        return snapshotInstalls.get();
    }

    /** The index of the last snapshot installed from the leader since start-up, or -1. */
    public long lastInstalledSnapshotIndex() {
        return lastInstalledSnapshotIndex;
    }

    /** The index of this tracker's newest snapshot on disk (taken here or installed from the leader), or -1. */
    public long latestSnapshotIndex() {
        SingleFileSnapshotInfo s = storage.getLatestSnapshot();
        return s == null ? RaftLog.INVALID_LOG_INDEX : s.getIndex();
    }

    /** The log index the database has applied (0 for a new database). */
    public long storedIndex() {
        return tx.execute(s -> appliedState.findById(AppliedState.ID).map(AppliedState::logIndex).orElse(0L));
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /** The latest snapshot with its checksum file, so an installing follower receives (and verifies) both. */
    @Override
    public SnapshotInfo getLatestSnapshot() {
        SingleFileSnapshotInfo s = storage.getLatestSnapshot();
        if (s == null) {
            return null;
        }
        Path sum = SnapshotFiles.checksumFile(s.getFile().getPath());
        return new FileListSnapshotInfo(List.of(s.getFile(), new FileInfo(sum, null)), s.getTermIndex());
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString data = request.getMessage().getContent();
        CommandCodec.Entry command;
        try {
            command = codec.decodeEntry(data.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new IOException("refused a command that does not decode: " + e.getMessage(), e);
        }
        return TransactionContext.newBuilder()
                .setStateMachine(this)
                .setClientRequest(request)
                .setLogData(data)
                .setStateMachineContext(command)
                .build();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] reply = applyEntry(entry.getTerm(), entry.getIndex(),
                trx.getStateMachineContext() instanceof CommandCodec.Entry e ? e : null,
                entry.getStateMachineLogEntry().getLogData().toByteArray());
        updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
        signalApplied();
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
    }

    /**
     * Applies one log entry unless the database already has it. A refused or failing command changes nothing but
     * its index is still recorded (applying it again would refuse again: the applier is deterministic).
     */
    byte[] applyEntry(long term, long index, CommandCodec.Entry decoded, byte[] data) {
        CommandCodec.Entry entry;
        try {
            entry = decoded != null ? decoded : codec.decodeEntry(data);
        } catch (IllegalArgumentException e) {
            log.error("log entry {} does not decode, skipped: {}", index, e.getMessage());
            recordOnly(term, index);
            return codec.encodeRefusal(DomainError.INVALID_REQUEST.because("The tracker could not read this change."));
        }
        TrackerCommand<?> command = entry.command();
        CommandCodec.Envelope envelope = entry.envelope();
        RequestIdempotency.LogKey key = command.replayable() ? envelope.key() : null;
        RuntimeException[] refused = new RuntimeException[1];
        AppliedState[] applied = new AppliedState[1];
        byte[] answer = inApplyTransaction(() -> tx.execute(status -> {
            AppliedState st = openApplied();
            if (index <= st.logIndex()) {
                applied[0] = st;
                return codec.encodeResult(null);
            }
            try {
                // A retry of a write that was already applied: the same answer again, nothing applied twice.
                byte[] earlier = key == null ? null : replies.replay(key).orElse(null);
                if (earlier == null && envelope.session() != null) {
                    applier.requireSession(envelope.session());
                }
                Object result = earlier == null ? applier.apply(command, st::takeId) : null;
                st.appliedUpTo(term, index);
                saveApplied(st);
                applied[0] = st;
                if (earlier != null) {
                    return earlier;
                }
                byte[] encoded = codec.encodeResult(result);
                if (key != null) {
                    replies.record(key, encoded, command.at());
                }
                return encoded;
            } catch (RuntimeException e) {
                status.setRollbackOnly();
                refused[0] = e;
                return null;
            }
        }));
        if (refused[0] == null) {
            committedApplied = applied[0].copy();
            return answer;
        }
        recordOnly(term, index);
        if (refused[0] instanceof DomainException d) {
            return codec.encodeRefusal(d);
        }
        log.error("log entry {} ({}) failed to apply; recorded as refused", index, command, refused[0]);
        return codec.encodeRefusal(DomainError.INVALID_REQUEST.because("The tracker could not apply this change."));
    }

    private void recordOnly(long term, long index) {
        AppliedState stored = inApplyTransaction(() -> tx.execute(s -> {
            AppliedState st = openApplied();
            if (index > st.logIndex()) {
                st.appliedUpTo(term, index);
                saveApplied(st);
            }
            return st;
        }));
        committedApplied = stored.copy();
    }

    /**
     * The applied row to apply the next entry against: a copy of the one this applier last committed (no read: the
     * applier is its only writer), or the database's row after a start or a snapshot load.
     */
    private AppliedState openApplied() {
        AppliedState committed = committedApplied;
        if (committed != null) {
            return committed.copy();
        }
        return appliedState.findById(AppliedState.ID)
                .orElseGet(() -> new AppliedState(appliedState.largestExistingId() + 1));
    }

    /**
     * Writes the applied row in the entry's transaction. A copy is written with one plain JDBC update on the
     * transaction's own connection: a JPQL update is interpreted again on every call by Hibernate, which measured 15-19 %
     * of a tracker's CPU under write load, more than the read it replaced.
     */
    private void saveApplied(AppliedState st) {
        if (!st.isCopy()) {
            appliedState.save(st);
            return;
        }
        if (!TransactionSynchronizationManager.hasResource(dataSource)) {
            // JdbcTemplate would take a connection of its own and commit the row apart from the entry's changes
            throw new IllegalStateException("the JPA transaction exposes no JDBC connection for the applied row");
        }
        if (jdbc.update(STORE_APPLIED, st.term(), st.logIndex(), st.nextId(), AppliedState.ID) != 1) {
            throw new IllegalStateException("the raft_applied row is missing");
        }
    }

    /** Runs an apply transaction; if it fails, the next one reads the applied row again rather than trust the copy. */
    private <T> T inApplyTransaction(Supplier<T> transaction) {
        try {
            return transaction.get();
        } catch (RuntimeException | Error e) {
            committedApplied = null;
            throw e;
        }
    }

    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        signalApplied();
    }

    /** Answers this tracker's applied index: the no-op a linearizable read confirms with. */
    @Override
    public CompletableFuture<Message> query(Message request) {
        return CompletableFuture.completedFuture(Message.valueOf(Long.toString(appliedIndex())));
    }

    public long appliedIndex() {
        TermIndex ti = getLastAppliedTermIndex();
        return ti == null ? 0 : ti.getIndex();
    }

    /** Waits (bounded) until this tracker has applied {@code index}; false if it did not in time. */
    public boolean awaitApplied(long index, Duration timeout) throws InterruptedException {
        if (appliedIndex() >= index) {
            return true;
        }
        CompletableFuture<Void> applied = applyWaiters.computeIfAbsent(index, i -> new CompletableFuture<>());
        if (appliedIndex() >= index) {
            signalApplied(); // applied between the check and the registration: release it (and anyone else due)
        }
        try {
            applied.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return appliedIndex() >= index;
        } catch (ExecutionException e) {
            throw new IllegalStateException("apply waiter failed", e.getCause());
        }
    }

    /**
     * Releases the waiters of every index applied by now. Only those: the apply thread calls this once per entry, and
     * an earlier notifyAll on one monitor woke every waiting request each time (4 % of a tracker's CPU under load,
     * spent on the single thread that applies the log).
     */
    private void signalApplied() {
        long applied = appliedIndex();
        for (Map.Entry<Long, CompletableFuture<Void>> due; (due = applyWaiters.firstEntry()) != null
                && due.getKey() <= applied; ) {
            if (applyWaiters.remove(due.getKey(), due.getValue())) {
                due.getValue().complete(null);
            }
        }
    }

    /**
     * Ratis asks for a snapshot every {@code snapshot-threshold} entries, on its apply thread, and purges the log up
     * to the index answered. The snapshot is written by {@link SnapshotWriter} beside the applying; this answers the
     * newest one published. Ratis keeps asking (after each batch of entries it applies) until the answer moves: the
     * first ask after a snapshot was answered starts the next one, the asks while it is written cost nothing, and
     * the first ask after it is published gets its index. So the log is purged one snapshot later than it would
     * be on the apply thread, and nothing else changes.
     */
    @Override
    public long takeSnapshot() {
        synchronized (snapshotAsks) {
            long published = latestSnapshotIndex();
            if (published > answeredSnapshot || snapshots.busy()) {
                answeredSnapshot = Math.max(answeredSnapshot, published);
                return published;
            }
            TermIndex last = getLastAppliedTermIndex();
            if (last != null && last.getIndex() > published) {
                // Entries that change no table (Ratis' configuration and commit-index entries) advance the applied
                // index without a transaction. Recorded now, the database inside the snapshot and the live one both
                // say where they are, so a restart does not mistake the snapshot for newer and replace the database.
                recordOnly(last.getTerm(), last.getIndex());
                snapshots.start();
            }
            return published;
        }
    }

    private void snapshotAnswered(long index) {
        synchronized (snapshotAsks) {
            answeredSnapshot = index;
        }
    }

    /** Waits (bounded) until no snapshot is being written; for tests. */
    boolean awaitSnapshotWritten(Duration timeout) throws InterruptedException {
        return snapshots.awaitIdle(timeout);
    }

    /** Ratis stops its apply thread, after a last {@link #takeSnapshot}: that snapshot is finished (bounded). */
    @Override
    public void close() throws IOException {
        snapshots.close();
        super.close();
    }
}
