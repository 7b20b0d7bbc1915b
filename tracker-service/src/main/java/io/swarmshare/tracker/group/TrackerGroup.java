package io.swarmshare.tracker.group;

import io.swarmshare.tracker.state.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "share_group")
public class TrackerGroup extends AssignedIdEntity {

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @Column(nullable = false, length = 64)
    private String owner;

    @Column(nullable = false)
    private Instant createdAt;

    protected TrackerGroup() {
    }

    public TrackerGroup(Long id, String name, String owner, Instant createdAt) {
        super(id);
        this.name = name;
        this.owner = owner;
        this.createdAt = createdAt;
    }

    public Long id() {
        return getId();
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
}
