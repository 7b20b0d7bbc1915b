package io.swarmshare.tracker.idempotency;

import io.swarmshare.tracker.state.PresetIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The answer a keyed write got, stored by the state machine in the same transaction as the write itself, so every
 * tracker has it and a retry through any of them gets it back. Only successful writes are stored: a refused one
 * changed nothing and is simply evaluated again.
 */
@Entity
@Table(name = "idempotent_reply", indexes = @Index(name = "idempotent_reply_recorded_at", columnList = "recordedAt"))
public class IdempotentReply extends PresetIdEntity<String> {

    @Id
    @Column(name = "log_key", length = 300)
    private String key;

    @Column(nullable = false, length = 64)
    private String fingerprint;

    @Lob
    @Column(nullable = false)
    private byte[] reply;

    @Column(nullable = false)
    private Instant recordedAt;

    protected IdempotentReply() {
    }

    IdempotentReply(String key, String fingerprint, byte[] reply, Instant recordedAt) {
        this.key = key;
        this.fingerprint = fingerprint;
        this.reply = reply.clone();
        this.recordedAt = recordedAt;
    }

    @Override
    public String getId() {
        return key;
    }

    String fingerprint() {
        return fingerprint;
    }

    byte[] reply() {
        return reply.clone();
    }
}
