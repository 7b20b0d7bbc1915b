package io.swarmshare.tracker.file;

import io.swarmshare.tracker.state.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/** Agent {@code peerId} of {@code username} offers a file, whole ({@code complete}) or in part. */
@Entity
@Table(name = "swarm_member",
        uniqueConstraints = @UniqueConstraint(columnNames = {"fileId", "peerId"}),
        indexes = {@Index(columnList = "username"), @Index(columnList = "groupId")})
public class SwarmMember extends AssignedIdEntity {

    @Column(nullable = false)
    private Long fileId;

    /** Copied from the file so leaving a group can drop its swarms in one statement. */
    @Column(nullable = false)
    private Long groupId;

    @Column(nullable = false, length = 128)
    private String peerId;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false)
    private boolean complete;

    @Column(nullable = false)
    private Instant joinedAt;

    protected SwarmMember() {
    }

    public SwarmMember(Long id, Long fileId, Long groupId, String peerId, String username, boolean complete, Instant joinedAt) {
        super(id);
        this.fileId = fileId;
        this.groupId = groupId;
        this.peerId = peerId;
        this.username = username;
        this.complete = complete;
        this.joinedAt = joinedAt;
    }

    public Long fileId() {
        return fileId;
    }

    public String peerId() {
        return peerId;
    }

    public String username() {
        return username;
    }

    public boolean complete() {
        return complete;
    }

    public void setComplete(boolean complete) {
        this.complete = complete;
    }
}
