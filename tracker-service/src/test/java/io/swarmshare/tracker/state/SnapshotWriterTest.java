package io.swarmshare.tracker.state;

import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.server.storage.RaftStorageDirectory;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;

import static io.swarmshare.tracker.state.TestH2.count;
import static io.swarmshare.tracker.state.TestH2.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Snapshots written while entries keep being applied, on a real H2 file: each must be exactly the state after the
 * entry it is named after. The "applier" here commits one row and the applied index together, like the state machine.
 */
class SnapshotWriterTest {

    @TempDir
    Path dir;

    private JdbcDataSource db;
    private Path smDir;
    private SnapshotStorage storage;
    private SnapshotWriter writer;
    private final AtomicBoolean applying = new AtomicBoolean(true);
    private final AtomicLong applied = new AtomicLong();
    private final AtomicReference<Throwable> applyFailure = new AtomicReference<>();
    private Thread applier;

    @BeforeEach
    void setUp() throws Exception {
        db = TestH2.db(dir.resolve("live"));
        sql(db, "create table raft_applied(id int primary key, term bigint not null, log_index bigint not null, next_id bigint not null)",
                "insert into raft_applied values (" + AppliedState.ID + ", 1, 0, 1)",
                "create table entry(ix bigint primary key, body varchar(40))");
        smDir = Files.createDirectories(dir.resolve("raft").resolve("sm"));
        Files.writeString(smDir.resolve("snapshot.1_3.tmp"), "left by a crash mid-write");
        RaftStorageDirectory storageDir = mock(RaftStorageDirectory.class);
        when(storageDir.getStateMachineDir()).thenReturn(smDir.toFile());
        RaftStorage raftStorage = mock(RaftStorage.class);
        when(raftStorage.getStorageDir()).thenReturn(storageDir);
        storage = new SnapshotStorage();
        storage.init(raftStorage);
        writer = new SnapshotWriter(db, storage, 0);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        applying.set(false);
        if (applier != null) {
            applier.join(TimeUnit.SECONDS.toMillis(10));
        }
        writer.close();
    }

    @Test
    void aHalfWrittenSnapshotLeftByACrashIsDeletedAtStart() {
        assertThat(smDir.resolve("snapshot.1_3.tmp")).doesNotExist();
    }

    @Test
    void eachSnapshotIsTheStateAfterTheEntryItIsNamedAfterWhileEntriesKeepCommitting() throws Exception {
        startApplying();
        List<Long> indexes = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            long before = applied.get();
            awaitApplied(before + 200);
            assertThat(writer.start()).isTrue();
            assertThat(writer.awaitIdle(Duration.ofSeconds(20))).isTrue();

            SingleFileSnapshotInfo latest = storage.getLatestSnapshot();
            assertThat(latest).as("round %d published a snapshot", round).isNotNull();
            long index = latest.getIndex();
            indexes.add(index);
            assertThat(index).isGreaterThan(before);
            Path file = latest.getFile().getPath();
            assertThat(file.getFileName().toString()).isEqualTo("snapshot.1_" + index);
            JdbcDataSource copy = TestH2.db(dir.resolve("copy-" + round));
            SnapshotFiles.load(copy, file); // verifies the SHA-256 too
            assertThat(count(copy, "select log_index from raft_applied")).isEqualTo(index);
            assertThat(count(copy, "select count(*) from entry")).as("rows of entries up to %d, and no others", index)
                    .isEqualTo(index);
            assertThat(count(copy, "select max(ix) from entry")).isEqualTo(index);
        }
        assertThat(applied.get()).as("entries kept committing").isGreaterThan(indexes.getLast());
        assertThat(applyFailure.get()).as("no write failed beside the snapshots").isNull();
        try (var files = Files.list(smDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aSnapshotIsFollowedByARestNineTimesAsLongAsItTook() throws Exception {
        writer.close();
        writer = new SnapshotWriter(db, storage, SnapshotWriter.REST_FACTOR);
        // enough rows that writing them takes tens of ms, so the rest is well above the test's own polling
        sql(db, "insert into entry select x, 'row ' || x from system_range(1, 40000)",
                "update raft_applied set log_index = 40000");
        long asked = System.nanoTime();
        assertThat(writer.start()).isTrue();
        assertThat(writer.awaitIdle(Duration.ofSeconds(20))).isTrue();
        long rest = SnapshotWriter.REST_FACTOR * writer.lastWriteNanos();
        assertThat(storage.getLatestSnapshot().getIndex()).isEqualTo(40000);

        assertThat(writer.start()).as("right after a snapshot of %d ms", writer.lastWriteNanos() / 1_000_000).isFalse();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!writer.start()) {
            assertThat(System.nanoTime()).as("a snapshot may start again within 30 s").isLessThan(deadline);
            Thread.sleep(2);
        }
        long allowedAfter = System.nanoTime() - asked;
        assertThat(writer.awaitIdle(Duration.ofSeconds(20))).isTrue();
        // the snapshot was asked for before it started, so the next may not start sooner than its writing + rest
        assertThat(allowedAfter).as("next allowed after a snapshot of %d ms", writer.lastWriteNanos() / 1_000_000)
                .isGreaterThanOrEqualTo(rest);
    }

    @Test
    void nothingIsPublishedWhenNothingWasAppliedSinceTheLastSnapshot() throws Exception {
        sql(db, "insert into entry values (1, 'one')", "update raft_applied set log_index = 1");
        writer.start();
        assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(storage.getLatestSnapshot().getIndex()).isEqualTo(1);

        writer.start();
        assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
        try (var files = Files.list(smDir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("snapshot.1_1", "snapshot.1_1.sha256");
        }
    }

    @Test
    void noSnapshotIsWrittenWhileTheDatabaseIsBeingReplaced() throws Exception {
        sql(db, "insert into entry values (1, 'one')", "update raft_applied set log_index = 1");
        Lock replacing = writer.databaseReplacement();
        replacing.lock();
        try {
            assertThat(writer.start()).isTrue();
            assertThat(writer.awaitIdle(Duration.ofMillis(300))).as("waits for the replacement").isFalse();
            assertThat(storage.getLatestSnapshot()).isNull();
            sql(db, "insert into entry values (2, 'two')", "update raft_applied set log_index = 2");
        } finally {
            replacing.unlock();
        }
        assertThat(writer.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(storage.getLatestSnapshot().getIndex()).as("the state after the replacement").isEqualTo(2);
    }

    private void startApplying() {
        applier = Thread.ofPlatform().name("test-applier").start(() -> {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                PreparedStatement insert = c.prepareStatement("insert into entry values (?, ?)");
                PreparedStatement index = c.prepareStatement("update raft_applied set log_index = ? where id = " + AppliedState.ID);
                for (long i = 1; applying.get(); i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "entry " + i);
                    insert.executeUpdate();
                    index.setLong(1, i);
                    index.executeUpdate();
                    c.commit();
                    applied.set(i);
                }
            } catch (SQLException | RuntimeException e) {
                applyFailure.set(e);
            }
        });
    }

    private void awaitApplied(long index) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (applied.get() < index && applyFailure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(applied.get()).as("applied by now (failure: %s)", applyFailure.get()).isGreaterThanOrEqualTo(index);
    }
}
