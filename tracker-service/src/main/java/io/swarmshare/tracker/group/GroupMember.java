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

/** A member of a group, the owner included; {@code acceptedAt} orders the succession when the owner leaves. */
@Entity
@Table(name = "group_member", uniqueConstraints = @UniqueConstraint(columnNames = {"groupId", "username"}))
public class GroupMember implements Persistable<Long> {

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
    private Instant acceptedAt;

    protected GroupMember() {
    }

    public GroupMember(Long id, Long groupId, String username, Instant acceptedAt) {
        this.id = id;
        this.groupId = groupId;
        this.username = username;
        this.acceptedAt = acceptedAt;
    }

    public Long groupId() {
        return groupId;
    }

    public String username() {
        return username;
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
