package io.swarmshare.tracker.peer;

import io.swarmshare.tracker.state.DomainError;
import org.springframework.stereotype.Component;

/** Where "does this agent act for this user" is decided. */
@Component
public class PeerAccess {

    private final PeerBindingRepository bindings;

    PeerAccess(PeerBindingRepository bindings) {
        this.bindings = bindings;
    }

    public void requireOwnPeer(String peerId, String username) {
        PeerBinding binding = bindings.findById(peerId).orElseThrow(() -> DomainError.PEER_NOT_ANNOUNCED.because(
                "Peer '" + peerId + "' has not announced itself; the agent must call PUT /api/v1/peers/" + peerId + " first."));
        if (!binding.username().equals(username)) {
            throw DomainError.PEER_NOT_YOURS.because("Peer '" + peerId + "' belongs to another user.");
        }
    }
}
