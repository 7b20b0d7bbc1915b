package io.swarmshare.tracker.peer;

import io.swarmshare.common.api.AnnouncePeerRequest;
import io.swarmshare.common.api.PeerLease;
import io.swarmshare.tracker.session.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/peers")
class PeerController {

    private final PeerService peers;

    PeerController(PeerService peers) {
        this.peers = peers;
    }

    @PutMapping("/{peerId}")
    PeerLease announce(Caller caller, @PathVariable String peerId, @RequestBody AnnouncePeerRequest request,
                       HttpServletRequest http) {
        return peers.announce(caller, peerId, request, http.getRemoteAddr());
    }

    @DeleteMapping("/{peerId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void depart(Caller caller, @PathVariable String peerId) {
        peers.depart(caller, peerId);
    }
}
