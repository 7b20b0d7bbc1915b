package io.swarmshare.tracker.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

@Entity
@Table(name = "join_request", uniqueConstraints = @UniqueConstraint(columnNames = {"groupId", "username"}))
public class JoinRequest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Long groupId;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false)
    private Instant requestedAt;

    protected JoinRequest() {
    }

    public JoinRequest(Long groupId, String username, Instant requestedAt) {
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
