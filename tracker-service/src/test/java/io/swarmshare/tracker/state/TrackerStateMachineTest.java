package io.swarmshare.tracker.state;

import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.UserView;
import io.swarmshare.common.ticket.TicketCodec;
import io.swarmshare.tracker.group.GroupRepository;
import io.swarmshare.tracker.session.SessionRepository;
import io.swarmshare.tracker.support.TrackerTestBase;
import io.swarmshare.tracker.ticket.SigningKey;
import io.swarmshare.tracker.ticket.SigningKeyRepository;
import io.swarmshare.tracker.user.UserRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import javax.sql.DataSource;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Commands straight through the bus: what the applier decides, without HTTP in between. */
class TrackerStateMachineTest extends TrackerTestBase {

    @Autowired
    CommandBus commands;

    @Autowired
    UserRepository users;

    @Autowired
    SessionRepository sessions;

    @Autowired
    SigningKeyRepository signingKeys;

    @Autowired
    TrackerStateMachine stateMachine;

    @Autowired
    GroupRepository groups;

    @Autowired
    SchemaUpgrade schema;

    @Autowired
    DataSource dataSource;

    @Test
    void aSnapshotAndTheDatabaseAgreeOnWhereTheyAre() throws Exception {
        // Ratis' own entries (configuration, commit index) move the applied index past the last command. The
        // snapshot must not look newer than the database, or every restart would replace the database with it.
        commands.submit(new TrackerCommand.CreateUser(unique("snap"), "h", clock.instant()));

        stateMachine.takeSnapshot(); // starts one beside the applying (or answers one published before)
        assertThat(stateMachine.awaitSnapshotWritten(Duration.ofSeconds(20))).isTrue();
        long snapshot = stateMachine.takeSnapshot();

        assertThat(snapshot).isPositive();
        assertThat(stateMachine.storedIndex()).isGreaterThanOrEqualTo(snapshot);
    }

    @Test
    void aTableMissingFromAnOlderSnapshotIsCreatedAgain() throws Exception {
        // What loading a snapshot written before IdempotentReply existed leaves behind.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IDEMPOTENT_REPLY");
        }
        assertThatThrownBy(this::storedReplies).isInstanceOf(SQLException.class);

        schema.apply();

        assertThat(storedReplies()).isZero();
        String name = unique("after-upgrade");
        commands.submit(new TrackerCommand.CreateUser(name, "h", clock.instant()));
        assertThat(users.findByUsername(name)).isPresent();
    }

    @Test
    void theAppliedRowKeptInMemoryIsTheOneInTheDatabaseAfterRefusalsToo() throws Exception {
        // The applier writes raft_applied without reading it back: a refused entry must leave the id counter where
        // the database has it (a restarted tracker reads it from there, and ids must match on every tracker).
        String taken = unique("taken");
        commands.submit(new TrackerCommand.CreateUser(taken, "h", clock.instant()));
        assertThatThrownBy(() -> commands.submit(new TrackerCommand.CreateUser(taken, "h", clock.instant())))
                .isInstanceOf(DomainException.class);
        long[] stored = appliedRow();

        String next = unique("next");
        commands.submit(new TrackerCommand.CreateUser(next, "h", clock.instant()));

        assertThat(users.findByUsername(next).orElseThrow().getId()).isEqualTo(stored[1]);
        assertThat(appliedRow()[1]).isEqualTo(stored[1] + 1);
    }

    /** {log_index, next_id} of the raft_applied row, read with plain JDBC (the entity may be held in memory). */
    private long[] appliedRow() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT log_index, next_id FROM raft_applied")) {
            assertThat(rs.next()).isTrue();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    @Test
    void entryAtOrBelowTheAppliedIndexIsNeverAppliedTwice() {
        String name = unique("once");
        commands.submit(new TrackerCommand.CreateUser(name, "h", clock.instant()));
        long applied = stateMachine.storedIndex();
        CommandCodec codec = stateMachine.codec();

        // The same entry delivered again (a replay after a restart): skipped, not refused as a duplicate.
        byte[] answer = stateMachine.applyEntry(1, applied, null, codec.encode(new TrackerCommand.CreateUser(name, "h", clock.instant())));
        assertThat((Object) codec.decodeResult(new TrackerCommand.CreateUser(name, "h", clock.instant()), answer)).isNull();
        // Any entry at or below the stored index changes nothing.
        String never = unique("never");
        stateMachine.applyEntry(1, applied - 1, null, codec.encode(new TrackerCommand.CreateUser(never, "h", clock.instant())));

        assertThat(users.findByUsername(never)).isEmpty();
        assertThat(users.findAll().stream().filter(u -> u.username().equals(name)).count()).isEqualTo(1);
        assertThat(stateMachine.storedIndex()).isGreaterThanOrEqualTo(applied);
    }

    @Test
    void appliedStateTakesItsTimeFromTheCommandNotTheClock() {
        Instant then = Instant.parse("1999-12-31T23:59:59Z");
        String name = unique("olduser");

        UserView view = commands.submit(new TrackerCommand.CreateUser(name, "$argon2id$fake", then));

        assertThat(view.createdAt()).isEqualTo(then);
        assertThat(users.findByUsername(name).orElseThrow().createdAt()).isEqualTo(then);
    }

    @Test
    void creatingAGroupAnswersTheGroupAsItsOwnerSeesIt() {
        // The answer comes from the applier: a tracker that has not applied the write yet can still answer it.
        String owner = unique("owner");
        commands.submit(new TrackerCommand.CreateUser(owner, "h", clock.instant()));
        Instant at = Instant.parse("2031-02-03T04:05:06Z");
        String group = unique("answered");

        GroupView view = commands.submit(new TrackerCommand.CreateGroup(group, owner, at));

        assertThat(view).as("answer %s", view).isEqualTo(new GroupView(group, owner, 1, "OWNER", at));
    }

    @Test
    void aWriteUnderASessionEndedEarlierInTheLogIsRefused() {
        // The tracker that took the request may still have had the session; the applier checks it in log order.
        String name = unique("ended");
        Instant now = clock.instant();
        String session = "e".repeat(63) + (System.nanoTime() % 10);
        commands.submit(new TrackerCommand.CreateUser(name, "h", now));
        commands.submit(new TrackerCommand.OpenSession(session, name, now.plusSeconds(600), now));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/groups");
        request.setAttribute(CommandBus.SESSION_ATTRIBUTE, session);
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            String before = unique("while-open");
            assertThat(commands.submit(new TrackerCommand.CreateGroup(before, name, now)).name()).isEqualTo(before);

            commands.submit(new TrackerCommand.CloseSession(session, now));
            String after = unique("after-close");
            assertThatThrownBy(() -> commands.submit(new TrackerCommand.CreateGroup(after, name, now)))
                    .isInstanceOfSatisfying(DomainException.class,
                            e -> assertThat(e.error()).isEqualTo(DomainError.UNAUTHENTICATED));
            assertThat(groups.findByName(after)).isEmpty();
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    @Test
    void refusedCommandThrowsItsDomainError() {
        String name = unique("dup");
        commands.submit(new TrackerCommand.CreateUser(name, "h", clock.instant()));

        assertThatThrownBy(() -> commands.submit(new TrackerCommand.CreateUser(name, "h2", clock.instant())))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.error()).isEqualTo(DomainError.USERNAME_TAKEN));
        assertThat(users.findByUsername(name).orElseThrow().passwordHash()).isEqualTo("h");
    }

    @Test
    void expiredSessionsArePurgedAndLiveOnesKept() {
        String name = unique("sessions");
        Instant now = clock.instant();
        commands.submit(new TrackerCommand.CreateUser(name, "h", now));
        commands.submit(new TrackerCommand.OpenSession("a".repeat(64), name, now.minusSeconds(1), now.minus(Duration.ofHours(13))));
        commands.submit(new TrackerCommand.OpenSession("b".repeat(64), name, now.plusSeconds(60), now));

        int purged = commands.submit(new TrackerCommand.PurgeExpiredSessions(now));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(sessions.findById("a".repeat(64))).isEmpty();
        assertThat(sessions.findById("b".repeat(64))).isPresent();
    }

    @Test
    void signingKeyKeepsTheFirstPairEverStored() {
        String before = signingKeys.findById(SigningKey.ID).orElseThrow().publicKey();
        KeyPair other = TicketCodec.newKeyPair();

        commands.submit(new TrackerCommand.CreateSigningKey(TicketCodec.ALGORITHM,
                TicketCodec.encodePublicKey(other.getPublic()), TicketCodec.encodePrivateKey(other.getPrivate()), clock.instant()));

        assertThat(signingKeys.findById(SigningKey.ID).orElseThrow().publicKey()).isEqualTo(before);
    }

    @Test
    void peerBoundToOneUserCannotBeBoundToAnother() {
        String peer = unique("peer-");
        commands.submit(new TrackerCommand.BindPeer(peer, "alice", clock.instant()));
        commands.submit(new TrackerCommand.BindPeer(peer, "alice", clock.instant()));

        assertThatThrownBy(() -> commands.submit(new TrackerCommand.BindPeer(peer, "mallory", clock.instant())))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.error()).isEqualTo(DomainError.PEER_NOT_YOURS));
    }

    private long storedReplies() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM IDEMPOTENT_REPLY")) {
            r.next();
            return r.getLong(1);
        }
    }
}
