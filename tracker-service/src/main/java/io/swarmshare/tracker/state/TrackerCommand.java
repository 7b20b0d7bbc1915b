package io.swarmshare.tracker.state;

import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.MembershipView;
import io.swarmshare.common.api.UserView;
import io.swarmshare.common.manifest.FileManifest;

import java.time.Instant;
import java.util.List;

/**
 * Every change of the tracker's persistent state, as a small immutable value. A command carries every
 * nondeterministic input (time, hashes, generated keys), so applying the same commands in the same order
 * to the same state gives the same result: the shape a replicated log (Ratis) needs later.
 *
 * @param <R> what applying the command answers
 */
public sealed interface TrackerCommand<R> {

    /** When the command was issued (the applier never reads a clock). */
    Instant at();

    /**
     * Whether a retry under the same {@code Idempotency-Key} gets this command's stored answer instead of a second
     * apply. Everything a response is built from must then be in that answer.
     */
    default boolean replayable() {
        return true;
    }

    record CreateUser(String username, String passwordHash, Instant at) implements TrackerCommand<UserView> {
        @Override
        public String toString() {
            return "CreateUser[username=" + username + ", at=" + at + "]";
        }
    }

    record OpenSession(String tokenHash, String username, Instant expiresAt, Instant at) implements TrackerCommand<Void> {
        /** The token a login answers with is made by the tracker that took it and is not in the answer; a second
         *  session for a retried login is harmless, a replayed answer would hand out a token never stored. */
        @Override
        public boolean replayable() {
            return false;
        }
    }

    /** Logout: the session ends and every peer of its user leaves every swarm; answers the peers let go. */
    record CloseSession(String tokenHash, Instant at) implements TrackerCommand<List<String>> {
    }

    /** Forgets sessions that expired at or before {@code at}; answers how many. */
    record PurgeExpiredSessions(Instant at) implements TrackerCommand<Integer> {
    }

    /** Answers the new group as its owner sees it, so a tracker that has not applied it yet can still answer. */
    record CreateGroup(String name, String owner, Instant at) implements TrackerCommand<GroupView> {
    }

    record RequestJoin(String group, String username, Instant at) implements TrackerCommand<MembershipView> {
    }

    record AcceptJoin(String group, String owner, String username, Instant at) implements TrackerCommand<MembershipView> {
    }

    record RejectJoin(String group, String owner, String username, Instant at) implements TrackerCommand<MembershipView> {
    }

    record LeaveGroup(String group, String username, Instant at) implements TrackerCommand<MembershipView> {
    }

    record RegisterFile(String group, String username, String peerId, FileManifest manifest, Instant at)
            implements TrackerCommand<FileRegistered> {
    }

    record JoinSwarm(String group, String fileName, String username, String peerId, boolean complete, Instant at)
            implements TrackerCommand<Void> {
    }

    record LeaveSwarm(String group, String fileName, String username, String peerId, Instant at)
            implements TrackerCommand<Void> {
    }

    record BindPeer(String peerId, String username, Instant at) implements TrackerCommand<Void> {
    }

    /** Keeps the first key pair ever submitted; later ones are ignored, so every replica ends with the same key. */
    record CreateSigningKey(String algorithm, String publicKey, String privateKey, Instant at) implements TrackerCommand<Void> {
        @Override
        public String toString() {
            return "CreateSigningKey[algorithm=" + algorithm + ", at=" + at + "]";
        }
    }

    /**
     * Heartbeats a tracker collected, renewed in one batch (one log entry every couple of seconds instead of one
     * per heartbeat). Each lease says until when its peer is online; a lease whose peer is not bound to that user
     * any more is ignored. Leases that ran out before {@code at} are forgotten.
     */
    record RenewPeerLeases(List<Lease> leases, Instant at) implements TrackerCommand<Void> {
        public RenewPeerLeases {
            leases = List.copyOf(leases);
        }
    }

    /** One peer's lease: where it serves pieces, and until when. */
    record Lease(String peerId, String username, String host, int port, Instant expiresAt) {
    }

    /** The agent said goodbye: it is offline at once on every tracker. */
    record DropPeerLease(String peerId, String username, Instant at) implements TrackerCommand<Void> {
    }

    /** Answer to {@link RegisterFile}. */
    record FileRegistered(long fileId, boolean joinedExisting) {
    }
}
