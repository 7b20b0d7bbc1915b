package io.swarmshare.tracker.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/** A login. Only the SHA-256 of the bearer token is stored: a copy of the database cannot act as anyone. */
@Entity
@Table(name = "user_session", indexes = @Index(columnList = "username"))
public class UserSession {

    @Id
    @Column(length = 64)
    private String tokenHash;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant expiresAt;

    protected UserSession() {
    }

    public UserSession(String tokenHash, String username, Instant createdAt, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.username = username;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public String tokenHash() {
        return tokenHash;
    }

    public String username() {
        return username;
    }

    public Instant expiresAt() {
        return expiresAt;
    }
}
