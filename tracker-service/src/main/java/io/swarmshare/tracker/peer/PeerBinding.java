package io.swarmshare.tracker.peer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/** Agent {@code peerId} acts for {@code username}: bound by its first announce, released at logout. */
@Entity
@Table(name = "peer_binding", indexes = @Index(columnList = "username"))
public class PeerBinding {

    @Id
    @Column(length = 128)
    private String peerId;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false)
    private Instant boundAt;

    protected PeerBinding() {
    }

    public PeerBinding(String peerId, String username, Instant boundAt) {
        this.peerId = peerId;
        this.username = username;
        this.boundAt = boundAt;
    }

    public String peerId() {
        return peerId;
    }

    public String username() {
        return username;
    }
}
