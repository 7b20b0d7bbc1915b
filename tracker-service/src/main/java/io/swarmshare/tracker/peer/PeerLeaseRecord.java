package io.swarmshare.tracker.peer;

import io.swarmshare.tracker.state.PresetIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The replicated lease of an online peer (written only by batched {@code RenewPeerLeases} commands), so every
 * tracker knows who is online and a restarted tracker knows it before the next heartbeat. {@link PeerPresence}
 * mirrors this table in memory for cheap reads; expiry is judged at read time.
 */
@Entity
@Table(name = "peer_lease", indexes = @Index(columnList = "username"))
public class PeerLeaseRecord extends PresetIdEntity<String> {

    @Id
    @Column(length = 128)
    private String peerId;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false, length = 253)
    private String host;

    @Column(nullable = false)
    private int port;

    @Column(nullable = false)
    private Instant expiresAt;

    protected PeerLeaseRecord() {
    }

    public PeerLeaseRecord(String peerId, String username, String host, int port, Instant expiresAt) {
        this.peerId = peerId;
        this.username = username;
        this.host = host;
        this.port = port;
        this.expiresAt = expiresAt;
    }

    public void renew(String username, String host, int port, Instant expiresAt) {
        this.username = username;
        this.host = host;
        this.port = port;
        this.expiresAt = expiresAt;
    }

    public PeerPresence.Presence toPresence() {
        return new PeerPresence.Presence(peerId, username, host, port, expiresAt);
    }

    public String peerId() {
        return peerId;
    }

    public String username() {
        return username;
    }

    @Override
    public String getId() {
        return peerId;
    }
}
