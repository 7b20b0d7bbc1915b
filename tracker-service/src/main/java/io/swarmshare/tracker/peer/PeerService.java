package io.swarmshare.tracker.peer;

import io.swarmshare.common.api.AnnouncePeerRequest;
import io.swarmshare.common.api.PeerLease;
import io.swarmshare.tracker.config.TrackerProperties;
import io.swarmshare.tracker.session.Caller;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.Freshness;
import io.swarmshare.tracker.state.TrackerCommand.BindPeer;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** Agents announce themselves (the first announce binds the peerId to the user) and heartbeat ({@link LeaseRenewals}). */
@Service
public class PeerService {

    private static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%\\[\\]-]{1,253}");

    private final PeerBindingRepository bindings;
    private final PeerAccess access;
    private final LeaseRenewals leases;
    private final CommandBus commands;
    private final TrackerProperties properties;
    private final Clock clock;
    private final Freshness freshness;

    PeerService(PeerBindingRepository bindings, PeerAccess access, LeaseRenewals leases, CommandBus commands,
                TrackerProperties properties, Clock clock, Freshness freshness) {
        this.freshness = freshness;
        this.bindings = bindings;
        this.access = access;
        this.leases = leases;
        this.commands = commands;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Heartbeat. {@code fallbackHost} (the address the request came from) is used when the agent does not say
     * where it listens.
     */
    public PeerLease announce(Caller caller, String peerId, AnnouncePeerRequest request, String fallbackHost) {
        requireValidPeerId(peerId);
        if (request == null) {
            throw DomainError.INVALID_REQUEST.because("The body must say where the agent serves pieces: {\"host\": ..., \"port\": ...}.");
        }
        String host = request.host() == null || request.host().isBlank() ? fallbackHost : request.host().trim();
        if (host == null || !HOST.matcher(host).matches()) {
            throw DomainError.INVALID_REQUEST.because("The host must be a host name or IP address.");
        }
        if (request.port() < 1 || request.port() > 65535) {
            throw DomainError.INVALID_REQUEST.because("The port must be between 1 and 65535, was " + request.port() + ".");
        }
        // A binding missing here goes to the log, whose applier decides in order; one that names another user is
        // believed only once this tracker is confirmed current (peers are released when their user logs out).
        boolean bound = freshness.againIfRefused(() -> {
            var binding = bindings.findById(peerId);
            if (binding.isPresent() && !binding.get().username().equals(caller.username())) {
                throw DomainError.PEER_NOT_YOURS.because("Peer '" + peerId + "' belongs to another user.");
            }
            return binding.isPresent();
        });
        if (!bound) {
            commands.submit(new BindPeer(peerId, caller.username(), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        }
        Instant expiresAt = leases.heartbeat(peerId, caller.username(), host, request.port());
        return new PeerLease(peerId, (int) Math.max(1, properties.heartbeatInterval().toSeconds()), expiresAt);
    }

    /** The agent is going away: it is offline at once; its binding and swarm memberships stay for its return. */
    public void depart(Caller caller, String peerId) {
        requireValidPeerId(peerId);
        freshness.againIfRefused(() -> {
            access.requireOwnPeer(peerId, caller.username());
            return peerId;
        });
        leases.depart(peerId, caller.username());
    }

    static void requireValidPeerId(String peerId) {
        if (peerId == null || !PEER_ID.matcher(peerId).matches()) {
            throw DomainError.INVALID_REQUEST.because(
                    "A peer id must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }
}
