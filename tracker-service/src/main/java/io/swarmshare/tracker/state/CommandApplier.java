package io.swarmshare.tracker.state;

import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.MembershipView;
import io.swarmshare.common.api.UserView;
import io.swarmshare.common.manifest.FileManifest;
import io.swarmshare.tracker.file.PieceDigests;
import io.swarmshare.tracker.file.PieceDigestsRepository;
import io.swarmshare.tracker.file.SharedFile;
import io.swarmshare.tracker.file.SharedFileRepository;
import io.swarmshare.tracker.file.SwarmMember;
import io.swarmshare.tracker.file.SwarmMemberRepository;
import io.swarmshare.tracker.group.GroupAccess;
import io.swarmshare.tracker.group.GroupMember;
import io.swarmshare.tracker.group.GroupMemberRepository;
import io.swarmshare.tracker.group.GroupRepository;
import io.swarmshare.tracker.group.JoinRequest;
import io.swarmshare.tracker.group.JoinRequestRepository;
import io.swarmshare.tracker.group.TrackerGroup;
import io.swarmshare.tracker.peer.PeerAccess;
import io.swarmshare.tracker.peer.PeerBinding;
import io.swarmshare.tracker.peer.PeerBindingRepository;
import io.swarmshare.tracker.peer.PeerLeaseRecord;
import io.swarmshare.tracker.peer.PeerLeaseRepository;
import io.swarmshare.tracker.peer.PeerPresence;
import io.swarmshare.tracker.session.SessionCache;
import io.swarmshare.tracker.session.SessionRepository;
import io.swarmshare.tracker.session.UserSession;
import io.swarmshare.tracker.state.TrackerCommand.AcceptJoin;
import io.swarmshare.tracker.state.TrackerCommand.BindPeer;
import io.swarmshare.tracker.state.TrackerCommand.CloseSession;
import io.swarmshare.tracker.state.TrackerCommand.CreateGroup;
import io.swarmshare.tracker.state.TrackerCommand.CreateSigningKey;
import io.swarmshare.tracker.state.TrackerCommand.CreateUser;
import io.swarmshare.tracker.state.TrackerCommand.DropPeerLease;
import io.swarmshare.tracker.state.TrackerCommand.Lease;
import io.swarmshare.tracker.state.TrackerCommand.RenewPeerLeases;
import io.swarmshare.tracker.state.TrackerCommand.FileRegistered;
import io.swarmshare.tracker.state.TrackerCommand.JoinSwarm;
import io.swarmshare.tracker.state.TrackerCommand.LeaveGroup;
import io.swarmshare.tracker.state.TrackerCommand.LeaveSwarm;
import io.swarmshare.tracker.state.TrackerCommand.OpenSession;
import io.swarmshare.tracker.state.TrackerCommand.PurgeExpiredSessions;
import io.swarmshare.tracker.state.TrackerCommand.RegisterFile;
import io.swarmshare.tracker.state.TrackerCommand.RejectJoin;
import io.swarmshare.tracker.state.TrackerCommand.RequestJoin;
import io.swarmshare.tracker.ticket.SigningKey;
import io.swarmshare.tracker.ticket.SigningKeyRepository;
import io.swarmshare.tracker.user.UserAccount;
import io.swarmshare.tracker.user.UserRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies one {@link TrackerCommand}: the only code that writes tracker state. It runs inside the transaction
 * {@link TrackerStateMachine} opens for one log entry, reads no clock and generates nothing (ids come from the
 * replicated {@link IdSource}), so every replica applying the same log gets the same database. A refused command
 * throws {@link DomainException}; the caller rolls its transaction back.
 */
@Component
public class CommandApplier {

    private static final Logger log = LoggerFactory.getLogger(CommandApplier.class);

    /** Where new rows get their ids: a counter stored with the applied index, so identical on every tracker. */
    @FunctionalInterface
    public interface IdSource {
        long next();
    }

    private final UserRepository users;
    private final SessionRepository sessions;
    private final GroupRepository groups;
    private final GroupMemberRepository members;
    private final JoinRequestRepository requests;
    private final SharedFileRepository files;
    private final PieceDigestsRepository pieceDigests;
    private final SwarmMemberRepository swarms;
    private final PeerBindingRepository peers;
    private final SigningKeyRepository signingKeys;
    private final GroupAccess groupAccess;
    private final PeerAccess peerAccess;
    private final PeerLeaseRepository leases;
    private final PeerPresence presence;
    private final SessionCache sessionCache;
    private IdSource ids;

    CommandApplier(UserRepository users, SessionRepository sessions, GroupRepository groups,
                        GroupMemberRepository members, JoinRequestRepository requests, SharedFileRepository files,
                        PieceDigestsRepository pieceDigests, SwarmMemberRepository swarms, PeerBindingRepository peers,
                        SigningKeyRepository signingKeys, GroupAccess groupAccess, PeerAccess peerAccess,
                   PeerLeaseRepository leases, PeerPresence presence, SessionCache sessionCache) {
        this.sessionCache = sessionCache;
        this.users = users;
        this.sessions = sessions;
        this.groups = groups;
        this.members = members;
        this.requests = requests;
        this.files = files;
        this.pieceDigests = pieceDigests;
        this.swarms = swarms;
        this.peers = peers;
        this.signingKeys = signingKeys;
        this.groupAccess = groupAccess;
        this.peerAccess = peerAccess;
        this.leases = leases;
        this.presence = presence;
    }

    /** Must run inside a transaction; see {@link TrackerStateMachine}. */
    @SuppressWarnings("unchecked")
    public <R> R apply(TrackerCommand<R> command, IdSource ids) {
        log.debug("applying {}", command);
        this.ids = ids;
        Object result = switch (command) {
            case CreateUser c -> createUser(c);
            case OpenSession c -> openSession(c);
            case CloseSession c -> closeSession(c);
            case PurgeExpiredSessions c -> purgeExpiredSessions(c);
            case CreateGroup c -> createGroup(c);
            case RequestJoin c -> requestJoin(c);
            case AcceptJoin c -> acceptJoin(c);
            case RejectJoin c -> rejectJoin(c);
            case LeaveGroup c -> leaveGroup(c);
            case RegisterFile c -> registerFile(c);
            case JoinSwarm c -> joinSwarm(c);
            case LeaveSwarm c -> leaveSwarm(c);
            case BindPeer c -> bindPeer(c);
            case CreateSigningKey c -> createSigningKey(c);
            case RenewPeerLeases c -> renewPeerLeases(c);
            case DropPeerLease c -> dropPeerLease(c);
        };
        return (R) result;
    }

    private UserView createUser(CreateUser c) {
        if (users.existsByUsername(c.username())) {
            throw DomainError.USERNAME_TAKEN.because("The username '" + c.username() + "' is already taken.");
        }
        users.save(new UserAccount(ids.next(), c.username(), c.passwordHash(), c.at()));
        return new UserView(c.username(), c.at());
    }

    private Void openSession(OpenSession c) {
        if (!users.existsByUsername(c.username())) {
            throw DomainError.USER_NOT_FOUND.because("User '" + c.username() + "' does not exist.");
        }
        sessions.save(new UserSession(c.tokenHash(), c.username(), c.at(), c.expiresAt()));
        return null;
    }

    /**
     * Refuses a command whose session is gone at this point of the log: checked here, in log order, because the
     * tracker that took the request may not have heard yet that the session was ended elsewhere.
     */
    public void requireSession(String tokenHash) {
        // findById, not existsById: a primary-key load, where Spring Data's existsById builds and runs a count query
        if (sessions.findById(tokenHash).isEmpty()) {
            throw DomainError.UNAUTHENTICATED.because("Your session has expired or was ended; log in again.");
        }
    }

    private int purgeExpiredSessions(PurgeExpiredSessions c) {
        int purged = sessions.deleteExpired(c.at());
        sessionCache.forgetExpiredAfterCommit(c.at());
        return purged;
    }

    private List<String> closeSession(CloseSession c) {
        UserSession session = sessions.findById(c.tokenHash()).orElse(null);
        if (session == null) {
            return List.of();
        }
        sessions.delete(session);
        sessionCache.forgetAfterCommit(c.tokenHash());
        String username = session.username();
        List<PeerBinding> bound = peers.findByUsername(username);
        swarms.deleteByUsername(username);
        peers.deleteAllInBatch(bound);
        List<String> released = bound.stream().map(PeerBinding::peerId).toList();
        leases.deleteAllByIdInBatch(released);
        presence.removeAll(released);
        presence.removeAllOf(username);
        return released;
    }

    private GroupView createGroup(CreateGroup c) {
        if (groups.existsByName(c.name())) {
            throw DomainError.GROUP_EXISTS.because("A group named '" + c.name() + "' already exists.");
        }
        TrackerGroup group = groups.save(new TrackerGroup(ids.next(), c.name(), c.owner(), c.at()));
        members.save(new GroupMember(ids.next(), group.id(), c.owner(), c.at()));
        return new GroupView(group.name(), group.owner(), 1, GroupAccess.OWNER, group.createdAt());
    }

    private MembershipView requestJoin(RequestJoin c) {
        TrackerGroup group = groupAccess.requireGroup(c.group());
        if (members.existsByGroupIdAndUsername(group.id(), c.username())) {
            throw DomainError.ALREADY_MEMBER.because("You are already a member of group '" + c.group() + "'.");
        }
        if (requests.existsByGroupIdAndUsername(group.id(), c.username())) {
            throw DomainError.REQUEST_PENDING.because("Your request to join group '" + c.group()
                    + "' is already waiting for its owner.");
        }
        requests.save(new JoinRequest(ids.next(), group.id(), c.username(), c.at()));
        return new MembershipView(group.name(), c.username(), GroupAccess.PENDING, group.owner());
    }

    private MembershipView acceptJoin(AcceptJoin c) {
        TrackerGroup group = groupAccess.requireOwner(c.group(), c.owner());
        JoinRequest request = requireRequest(group, c.username());
        requests.delete(request);
        members.save(new GroupMember(ids.next(), group.id(), c.username(), c.at()));
        return new MembershipView(group.name(), c.username(), GroupAccess.MEMBER, group.owner());
    }

    private MembershipView rejectJoin(RejectJoin c) {
        TrackerGroup group = groupAccess.requireOwner(c.group(), c.owner());
        requests.delete(requireRequest(group, c.username()));
        return new MembershipView(group.name(), c.username(), GroupAccess.NONE, group.owner());
    }

    private JoinRequest requireRequest(TrackerGroup group, String username) {
        return requests.findByGroupIdAndUsername(group.id(), username).orElseThrow(() -> DomainError.JOIN_REQUEST_NOT_FOUND
                .because("User '" + username + "' has no pending request to join group '" + group.name() + "'."));
    }

    /**
     * The leaver's swarms in this group and any pending request go; an owner hands over to the longest-standing
     * member; the last member out deletes the group with its files and requests.
     */
    private MembershipView leaveGroup(LeaveGroup c) {
        TrackerGroup group = groupAccess.requireGroup(c.group());
        GroupMember member = members.findByGroupIdAndUsername(group.id(), c.username()).orElse(null);
        JoinRequest pending = requests.findByGroupIdAndUsername(group.id(), c.username()).orElse(null);
        if (pending != null) {
            requests.delete(pending);
        }
        if (member == null) {
            if (pending != null) {
                return new MembershipView(group.name(), c.username(), GroupAccess.NONE, group.owner());
            }
            throw DomainError.NOT_A_MEMBER.because("You are not a member of group '" + c.group() + "'.");
        }
        swarms.deleteByGroupIdAndUsername(group.id(), c.username());
        members.delete(member);
        members.flush();
        List<GroupMember> remaining = members.findByGroupIdOrderByAcceptedAtAscIdAsc(group.id());
        if (remaining.isEmpty()) {
            deleteGroup(group);
            return new MembershipView(group.name(), c.username(), GroupAccess.NONE, null);
        }
        if (group.owner().equals(c.username())) {
            group.handOverTo(remaining.getFirst().username());
        }
        return new MembershipView(group.name(), c.username(), GroupAccess.NONE, group.owner());
    }

    private void deleteGroup(TrackerGroup group) {
        swarms.deleteByGroupId(group.id());
        List<SharedFile> groupFiles = files.findByGroupIdOrderByNameAsc(group.id());
        pieceDigests.deleteAllByIdInBatch(groupFiles.stream().map(SharedFile::id).toList());
        files.deleteAllInBatch(groupFiles);
        requests.deleteByGroupId(group.id());
        groups.delete(group);
    }

    private FileRegistered registerFile(RegisterFile c) {
        TrackerGroup group = groupAccess.requireMember(c.group(), c.username());
        peerAccess.requireOwnPeer(c.peerId(), c.username());
        FileManifest m = c.manifest();
        SharedFile same = files.findByGroupIdAndAlgorithmAndFileDigest(group.id(), m.algorithm(), m.fileDigest()).orElse(null);
        if (same != null) {
            if (swarms.existsByFileIdAndUsernameAndCompleteTrue(same.id(), c.username())) {
                throw DomainError.ALREADY_SHARED.because("You already share this content in group '" + c.group()
                        + "' as '" + same.name() + "'.");
            }
            upsertSwarmMember(same, c.peerId(), c.username(), true, c);
            return new FileRegistered(same.id(), true);
        }
        if (files.findByGroupIdAndName(group.id(), m.name()).isPresent()) {
            throw DomainError.FILE_NAME_TAKEN.because("Group '" + c.group() + "' already has a different file named '"
                    + m.name() + "'; rename yours and share it again.");
        }
        SharedFile file = files.save(new SharedFile(ids.next(), group.id(), m.name(), m.size(), m.pieceSize(), m.pieceCount(),
                m.algorithm(), m.fileDigest(), c.at()));
        pieceDigests.save(new PieceDigests(file.id(), PieceDigests.pack(m.pieceDigests(), m.digestAlgorithm().length())));
        swarms.save(new SwarmMember(ids.next(), file.id(), group.id(), c.peerId(), c.username(), true, c.at()));
        return new FileRegistered(file.id(), false);
    }

    private Void joinSwarm(JoinSwarm c) {
        SharedFile file = requireSwarmAccess(c.group(), c.fileName(), c.username(), c.peerId());
        upsertSwarmMember(file, c.peerId(), c.username(), c.complete(), c);
        return null;
    }

    private void upsertSwarmMember(SharedFile file, String peerId, String username, boolean complete, TrackerCommand<?> c) {
        swarms.findByFileIdAndPeerId(file.id(), peerId).ifPresentOrElse(
                m -> m.setComplete(complete),
                () -> swarms.save(new SwarmMember(ids.next(), file.id(), file.groupId(), peerId, username, complete, c.at())));
    }

    private Void leaveSwarm(LeaveSwarm c) {
        SharedFile file = requireSwarmAccess(c.group(), c.fileName(), c.username(), c.peerId());
        swarms.findByFileIdAndPeerId(file.id(), c.peerId()).ifPresent(swarms::delete);
        return null;
    }

    private SharedFile requireSwarmAccess(String groupName, String fileName, String username, String peerId) {
        TrackerGroup group = groupAccess.requireMember(groupName, username);
        SharedFile file = files.findByGroupIdAndName(group.id(), fileName).orElseThrow(() -> DomainError.FILE_NOT_FOUND
                .because("Group '" + groupName + "' has no file named '" + fileName + "'."));
        peerAccess.requireOwnPeer(peerId, username);
        return file;
    }

    private Void bindPeer(BindPeer c) {
        PeerBinding binding = peers.findById(c.peerId()).orElse(null);
        if (binding == null) {
            peers.save(new PeerBinding(c.peerId(), c.username(), c.at()));
        } else if (!binding.username().equals(c.username())) {
            throw DomainError.PEER_NOT_YOURS.because("Peer '" + c.peerId() + "' belongs to another user.");
        }
        return null;
    }

    private Void createSigningKey(CreateSigningKey c) {
        if (!signingKeys.existsById(SigningKey.ID)) {
            signingKeys.save(new SigningKey(c.algorithm(), c.publicKey(), c.privateKey(), c.at()));
        }
        return null;
    }

    /** Upserts the leases of peers still bound to the user they were heard from; forgets leases that ran out. */
    private Void renewPeerLeases(RenewPeerLeases c) {
        List<PeerPresence.Presence> renewed = new ArrayList<>();
        for (Lease l : c.leases()) {
            boolean bound = peers.findById(l.peerId()).map(b -> b.username().equals(l.username())).orElse(false);
            if (!bound) {
                continue;
            }
            leases.findById(l.peerId()).ifPresentOrElse(
                    r -> r.renew(l.username(), l.host(), l.port(), l.expiresAt()),
                    () -> leases.save(new PeerLeaseRecord(l.peerId(), l.username(), l.host(), l.port(), l.expiresAt())));
            renewed.add(new PeerPresence.Presence(l.peerId(), l.username(), l.host(), l.port(), l.expiresAt()));
        }
        leases.deleteExpired(c.at());
        presence.renewAll(renewed);
        return null;
    }

    private Void dropPeerLease(DropPeerLease c) {
        leases.findById(c.peerId()).filter(r -> r.username().equals(c.username())).ifPresent(leases::delete);
        presence.remove(c.peerId());
        return null;
    }
}
