package io.swarmshare.tracker.file;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.UniqueConstraint;

import org.springframework.data.domain.Persistable;

import java.time.Instant;

/** Agent {@code peerId} of {@code username} offers a file, whole ({@code complete}) or in part. */
@Entity
@Table(name = "swarm_member",
        uniqueConstraints = @UniqueConstraint(columnNames = {"fileId", "peerId"}),
        indexes = {@Index(columnList = "username"), @Index(columnList = "groupId")})
public class SwarmMember implements Persistable<Long> {

    @Id
    private Long id;

    /** Ids are assigned by the command applier (deterministic on every replica), so "new" is tracked here. */
    @Transient
    private boolean stored;

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
        this.id = id;
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

    @Override
    public Long getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }
}
