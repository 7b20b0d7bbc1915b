package io.swarmshare.tracker.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.UniqueConstraint;

import org.springframework.data.domain.Persistable;

import java.time.Instant;

@Entity
@Table(name = "join_request", uniqueConstraints = @UniqueConstraint(columnNames = {"groupId", "username"}))
public class JoinRequest implements Persistable<Long> {

    @Id
    private Long id;

    /** Ids are assigned by the command applier (deterministic on every replica), so "new" is tracked here. */
    @Transient
    private boolean stored;

    @Column(nullable = false)
    private Long groupId;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false)
    private Instant requestedAt;

    protected JoinRequest() {
    }

    public JoinRequest(Long id, Long groupId, String username, Instant requestedAt) {
        this.id = id;
        this.groupId = groupId;
        this.username = username;
        this.requestedAt = requestedAt;
    }

    public String username() {
        return username;
    }

    public Instant requestedAt() {
        return requestedAt;
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
