package io.swarmshare.tracker.group;

import io.swarmshare.tracker.state.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

@Entity
@Table(name = "join_request", uniqueConstraints = @UniqueConstraint(columnNames = {"groupId", "username"}))
public class JoinRequest extends AssignedIdEntity {

    @Column(nullable = false)
    private Long groupId;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false)
    private Instant requestedAt;

    protected JoinRequest() {
    }

    public JoinRequest(Long id, Long groupId, String username, Instant requestedAt) {
        super(id);
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
}
