package io.swarmshare.tracker.file;

import io.swarmshare.common.api.DownloadPlan;
import io.swarmshare.common.api.FileView;
import io.swarmshare.common.api.PeerView;
import io.swarmshare.common.api.RegisterFileRequest;
import io.swarmshare.common.api.RegisterFileResponse;
import io.swarmshare.common.api.SwarmJoinRequest;
import io.swarmshare.common.manifest.DigestAlgorithm;
import io.swarmshare.common.manifest.FileManifest;
import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.tracker.config.TrackerProperties;
import io.swarmshare.tracker.group.GroupAccess;
import io.swarmshare.tracker.group.TrackerGroup;
import io.swarmshare.tracker.peer.PeerAccess;
import io.swarmshare.tracker.peer.PeerPresence;
import io.swarmshare.tracker.session.Caller;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.TrackerCommand.FileRegistered;
import io.swarmshare.tracker.state.TrackerCommand.JoinSwarm;
import io.swarmshare.tracker.state.TrackerCommand.LeaveSwarm;
import io.swarmshare.tracker.state.TrackerCommand.RegisterFile;
import io.swarmshare.tracker.ticket.TicketService;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Shared files, their swarms and download plans. */
@Service
public class FileService {

    /** The piece protocol caps a frame at 1 MiB + 64 bytes, so a larger piece could never be sent. */
    static final int MAX_PIECE_SIZE = 1024 * 1024;
    private static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final SharedFileRepository files;
    private final PieceDigestsRepository digests;
    private final SwarmMemberRepository swarms;
    private final GroupAccess groupAccess;
    private final PeerAccess peerAccess;
    private final PeerPresence presence;
    private final TicketService tickets;
    private final CommandBus commands;
    private final TrackerProperties properties;
    private final Clock clock;

    FileService(SharedFileRepository files, PieceDigestsRepository digests, SwarmMemberRepository swarms,
                GroupAccess groupAccess, PeerAccess peerAccess, PeerPresence presence, TicketService tickets,
                CommandBus commands, TrackerProperties properties, Clock clock) {
        this.files = files;
        this.digests = digests;
        this.swarms = swarms;
        this.groupAccess = groupAccess;
        this.peerAccess = peerAccess;
        this.presence = presence;
        this.tickets = tickets;
        this.commands = commands;
        this.properties = properties;
        this.clock = clock;
    }

    public List<FileView> list(Caller caller, String group) {
        TrackerGroup g = groupAccess.requireMember(group, caller.username());
        List<SharedFile> groupFiles = files.findByGroupIdOrderByNameAsc(g.id());
        Map<Long, List<SwarmMember>> byFile = swarms.findByFileIdIn(groupFiles.stream().map(SharedFile::id).toList())
                .stream().collect(Collectors.groupingBy(SwarmMember::fileId));
        return groupFiles.stream().map(f -> view(g, f, byFile.getOrDefault(f.id(), List.of()))).toList();
    }

    public RegisterFileResponse register(Caller caller, String group, RegisterFileRequest request) {
        if (request == null || request.manifest() == null) {
            throw DomainError.INVALID_REQUEST.because("The body must carry the file's manifest.");
        }
        requireValidPeerId(request.peerId());
        FileManifest manifest = request.manifest();
        if (manifest.pieceSize() > MAX_PIECE_SIZE) {
            throw DomainError.INVALID_REQUEST.because("The piece size must be at most " + MAX_PIECE_SIZE + " bytes.");
        }
        FileRegistered registered = commands.submit(
                new RegisterFile(group, caller.username(), request.peerId(), manifest, now()));
        TrackerGroup g = groupAccess.requireGroup(group);
        SharedFile file = files.findById(registered.fileId()).orElseThrow();
        return new RegisterFileResponse(view(g, file, swarms.findByFileIdOrderByIdAsc(file.id())), registered.joinedExisting());
    }

    public DownloadPlan downloadPlan(Caller caller, String group, String name, String peerId) {
        TrackerGroup g = groupAccess.requireMember(group, caller.username());
        SharedFile file = requireFile(g, name);
        requireValidPeerId(peerId);
        peerAccess.requireOwnPeer(peerId, caller.username());
        List<SwarmMember> members = swarms.findByFileIdOrderByIdAsc(file.id());
        List<PeerView> peers = new ArrayList<>();
        for (SwarmMember m : members) {
            if (m.peerId().equals(peerId)) {
                continue;
            }
            presence.online(m.peerId()).ifPresent(p -> peers.add(
                    new PeerView(m.peerId(), m.username(), p.host(), p.port(), m.complete())));
        }
        DigestAlgorithm algorithm = DigestAlgorithm.parse(file.algorithm());
        List<String> pieceDigests = PieceDigests.unpack(digests.findById(file.id()).orElseThrow().digests(), algorithm.length());
        FileManifest manifest = new FileManifest(file.name(), file.size(), file.pieceSize(), file.algorithm(),
                file.fileDigest(), pieceDigests);
        Instant expiresAt = clock.instant().plus(properties.ticketTtl()).truncatedTo(ChronoUnit.SECONDS);
        String ticket = tickets.sign(new Ticket(file.id(), caller.username(), peerId, expiresAt));
        return new DownloadPlan(view(g, file, members), manifest, List.copyOf(peers), ticket, expiresAt);
    }

    public void joinSwarm(Caller caller, String group, String name, String peerId, SwarmJoinRequest request) {
        requireValidPeerId(peerId);
        boolean complete = request == null || request.complete();
        commands.submit(new JoinSwarm(group, name, caller.username(), peerId, complete, now()));
    }

    public void leaveSwarm(Caller caller, String group, String name, String peerId) {
        requireValidPeerId(peerId);
        commands.submit(new LeaveSwarm(group, name, caller.username(), peerId, now()));
    }

    private SharedFile requireFile(TrackerGroup g, String name) {
        return files.findByGroupIdAndName(g.id(), name).orElseThrow(() -> DomainError.FILE_NOT_FOUND
                .because("Group '" + g.name() + "' has no file named '" + name + "'."));
    }

    private FileView view(TrackerGroup g, SharedFile f, List<SwarmMember> members) {
        int seedersOnline = (int) members.stream().filter(SwarmMember::complete)
                .filter(m -> presence.isOnline(m.peerId())).count();
        List<String> sharedBy = members.stream().filter(SwarmMember::complete).map(SwarmMember::username)
                .distinct().sorted().toList();
        return new FileView(f.id(), g.name(), f.name(), f.size(), f.pieceSize(), f.pieceCount(), f.algorithm(),
                f.fileDigest(), seedersOnline, sharedBy, f.sharedAt());
    }

    private static void requireValidPeerId(String peerId) {
        if (peerId == null || !PEER_ID.matcher(peerId).matches()) {
            throw DomainError.INVALID_REQUEST.because(
                    "A peer id must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
