package io.swarmshare.tracker.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "share_group")
public class TrackerGroup {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String name;

    @Column(nullable = false, length = 64)
    private String owner;

    @Column(nullable = false)
    private Instant createdAt;

    protected TrackerGroup() {
    }

    public TrackerGroup(String name, String owner, Instant createdAt) {
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
}
