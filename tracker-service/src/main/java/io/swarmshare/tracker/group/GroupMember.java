package io.swarmshare.tracker.group;

import io.swarmshare.tracker.state.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/** A member of a group, the owner included; {@code acceptedAt} orders the succession when the owner leaves. */
@Entity
@Table(name = "group_member", uniqueConstraints = @UniqueConstraint(columnNames = {"groupId", "username"}))
public class GroupMember extends AssignedIdEntity {

    @Column(nullable = false)
    private Long groupId;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false)
    private Instant acceptedAt;

    protected GroupMember() {
    }

    public GroupMember(Long id, Long groupId, String username, Instant acceptedAt) {
        super(id);
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
}
