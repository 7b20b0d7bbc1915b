package io.swarmshare.tracker.state;

import io.swarmshare.tracker.peer.PeerLeaseRepository;
import io.swarmshare.tracker.peer.PeerPresence;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.server.storage.RaftStorageDirectory;
import org.apache.ratis.util.LifeCycle;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.swarmshare.tracker.state.TestH2.count;
import static io.swarmshare.tracker.state.TestH2.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The state machine driven the way Ratis 3.x drives it when the leader streams a snapshot to a follower that fell
 * behind its purged log: {@code pause()} once the last chunk is in, the files moved into {@code sm/}, then on the
 * updater thread an assertion that the lifecycle is PAUSED followed by {@code reinitialize()}. Without a Raft server:
 * a real H2 database and real snapshot files, the JPA side mocked.
 */
class SnapshotInstallLifecycleTest {

    @TempDir
    Path dir;

    private final PeerPresence presence = mock(PeerPresence.class);
    private final SchemaUpgrade schema = mock(SchemaUpgrade.class);
    /** The users each schema upgrade found in the database: it must run on the loaded snapshot. */
    private final List<List<String>> upgradedOver = new java.util.ArrayList<>();
    private JdbcDataSource db;
    private Path smDir;
    private TrackerStateMachine stateMachine;

    @BeforeEach
    void startStateMachine() throws IOException, SQLException {
        db = db("follower");
        sql(db, "create table stale(x int)", "insert into stale values (1)");
        smDir = Files.createDirectories(dir.resolve("raft").resolve("sm"));

        AppliedStateRepository applied = mock(AppliedStateRepository.class);
        when(applied.findById(AppliedState.ID)).thenReturn(Optional.empty());
        PeerLeaseRepository leases = mock(PeerLeaseRepository.class);
        when(leases.findAll()).thenReturn(List.of());
        doAnswer(call -> upgradedOver.add(names(db))).when(schema).apply();
        stateMachine = newStateMachine(applied, leases, presence, db, schema);

        RaftStorageDirectory storageDir = mock(RaftStorageDirectory.class);
        when(storageDir.getStateMachineDir()).thenReturn(smDir.toFile());
        when(storageDir.getTmpDir()).thenReturn(dir.resolve("raft").resolve("tmp").toFile());
        RaftStorage storage = mock(RaftStorage.class);
        when(storage.getStorageDir()).thenReturn(storageDir);
        stateMachine.initialize(mock(RaftServer.class), RaftGroupId.randomId(), storage);
        assertThat(stateMachine.getLifeCycleState()).isEqualTo(LifeCycle.State.RUNNING);
    }

    @Test
    void installedSnapshotReplacesTheDatabaseAndTheAppliedIndexContinuesFromIt() throws Exception {
        leaderSnapshot("snapshot.3_120", "ann", "bob");

        stateMachine.pause();
        assertThat(stateMachine.getLifeCycleState()).as("what Ratis' StateMachineUpdater.reload asserts")
                .isEqualTo(LifeCycle.State.PAUSED);
        stateMachine.reinitialize();

        assertThat(stateMachine.getLifeCycleState()).isEqualTo(LifeCycle.State.RUNNING);
        assertThat(names(db)).containsExactly("ann", "bob");
        assertThat(upgradedOver).as("the schema brought up to date once, after the load").containsExactly(List.of("ann", "bob"));
        assertThatThrownBy(() -> sql(db, "select * from stale")).isInstanceOf(SQLException.class);
        assertThat(stateMachine.getLastAppliedTermIndex().getTerm()).isEqualTo(3);
        assertThat(stateMachine.appliedIndex()).isEqualTo(120);
        assertThat(stateMachine.snapshotInstalls()).isEqualTo(1);
        assertThat(stateMachine.lastInstalledSnapshotIndex()).isEqualTo(120);
        assertThat(stateMachine.latestSnapshotIndex()).isEqualTo(120);
    }

    @Test
    void secondInstallWhileTheFirstIsLoadingStaysPausedForItsReload() throws Exception {
        leaderSnapshot("snapshot.3_120", "ann");
        AtomicInteger reloads = new AtomicInteger();
        // While the first snapshot is being loaded, the leader completes a newer one: Ratis pauses again and moves
        // its files in. The earlier pause() only paused from RUNNING, so the lifecycle came back RUNNING and Ratis'
        // next reload failed its PAUSED assertion, killing the follower's state machine updater.
        doAnswer(call -> {
            if (reloads.incrementAndGet() == 1) {
                leaderSnapshot("snapshot.4_260", "ann", "bob", "cy");
                stateMachine.pause();
            }
            return null;
        }).when(presence).reload(any());

        stateMachine.pause();
        stateMachine.reinitialize();

        assertThat(stateMachine.getLifeCycleState()).as("ready for the reload Ratis has queued")
                .isEqualTo(LifeCycle.State.PAUSED);
        assertThat(stateMachine.appliedIndex()).as("the newer snapshot was loaded at once").isEqualTo(260);
        assertThat(names(db)).containsExactly("ann", "bob", "cy");

        stateMachine.reinitialize(); // Ratis' queued reload: nothing newer on disk, back to RUNNING
        assertThat(stateMachine.getLifeCycleState()).isEqualTo(LifeCycle.State.RUNNING);
        assertThat(stateMachine.appliedIndex()).isEqualTo(260);

        stateMachine.pause(); // and the next install pauses normally again
        assertThat(stateMachine.getLifeCycleState()).isEqualTo(LifeCycle.State.PAUSED);
    }

    @Test
    void installsCompletedBeforeTheReloadStartsShareOneReload() throws Exception {
        leaderSnapshot("snapshot.3_120", "ann");
        stateMachine.pause();
        leaderSnapshot("snapshot.4_260", "ann", "bob");
        stateMachine.pause(); // Ratis' updater keeps one RELOAD flag: both installs are served by one reinitialize()

        stateMachine.reinitialize();

        assertThat(stateMachine.getLifeCycleState()).isEqualTo(LifeCycle.State.RUNNING);
        assertThat(stateMachine.appliedIndex()).isEqualTo(260);
        assertThat(names(db)).containsExactly("ann", "bob");
    }

    @Test
    void corruptInstalledSnapshotIsRefusedAndTheDatabaseKept() throws Exception {
        Path snapshot = leaderSnapshot("snapshot.3_120", "ann");
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(snapshot, bytes);

        stateMachine.pause();
        assertThatThrownBy(stateMachine::reinitialize).isInstanceOf(IOException.class).hasMessageContaining("corrupt");

        assertThat(count(db, "select count(*) from stale")).isEqualTo(1);
        assertThat(stateMachine.snapshotInstalls()).isZero();
    }

    /** Through its one constructor; collaborators not given are mocked (the applier and the transactions, ...). */
    private static TrackerStateMachine newStateMachine(Object... given) {
        Constructor<?> constructor = TrackerStateMachine.class.getDeclaredConstructors()[0];
        Object[] args = Arrays.stream(constructor.getParameterTypes())
                .map(type -> Arrays.stream(given).filter(type::isInstance).findFirst().orElseGet(() -> mock(type)))
                .toArray();
        try {
            return (TrackerStateMachine) constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A snapshot as the leader's Ratis would leave it in {@code sm/} after an install: the script and its checksum. */
    private Path leaderSnapshot(String name, String... users) throws IOException, SQLException {
        JdbcDataSource leader = db("leader-" + name);
        sql(leader, "create table users(name varchar(20) primary key)");
        for (String u : users) {
            sql(leader, "insert into users values ('" + u + "')");
        }
        Path file = smDir.resolve(name);
        TestH2.snapshot(leader, file);
        return file;
    }

    private JdbcDataSource db(String name) {
        return TestH2.db(dir.resolve("db").resolve(name));
    }

    private static List<String> names(JdbcDataSource ds) throws SQLException {
        List<String> names = new java.util.ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select name from users order by name")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }
}
