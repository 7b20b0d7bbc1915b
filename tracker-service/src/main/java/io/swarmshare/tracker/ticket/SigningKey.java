package io.swarmshare.tracker.ticket;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The tracker's ticket-signing key pair (one row, id 1): base64 X.509 public and PKCS#8 private key. */
@Entity
@Table(name = "signing_key")
public class SigningKey {

    public static final int ID = 1;

    @Id
    private Integer id;

    @Column(nullable = false, length = 32)
    private String algorithm;

    @Column(nullable = false, length = 512)
    private String publicKey;

    @Column(nullable = false, length = 512)
    private String privateKey;

    @Column(nullable = false)
    private Instant createdAt;

    protected SigningKey() {
    }

    public SigningKey(String algorithm, String publicKey, String privateKey, Instant createdAt) {
        this.id = ID;
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.createdAt = createdAt;
    }

    public String algorithm() {
        return algorithm;
    }

    public String publicKey() {
        return publicKey;
    }

    public String privateKey() {
        return privateKey;
    }
}
