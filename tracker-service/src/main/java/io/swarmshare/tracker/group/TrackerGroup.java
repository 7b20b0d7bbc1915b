package io.swarmshare.tracker.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

import java.time.Instant;

@Entity
@Table(name = "share_group")
public class TrackerGroup implements Persistable<Long> {

    @Id
    private Long id;

    /** Ids are assigned by the command applier (deterministic on every replica), so "new" is tracked here. */
    @Transient
    private boolean stored;

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @Column(nullable = false, length = 64)
    private String owner;

    @Column(nullable = false)
    private Instant createdAt;

    protected TrackerGroup() {
    }

    public TrackerGroup(Long id, String name, String owner, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.createdAt = createdAt;
    }

    public Long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String owner() {
        return owner;
    }

    public void handOverTo(String newOwner) {
        this.owner = newOwner;
    }

    public Instant createdAt() {
        return createdAt;
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
