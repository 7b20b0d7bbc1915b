package io.swarmshare.tracker.ticket;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals the private half of the ticket signing key for storage: AES-256-GCM under a key derived from the cluster
 * secret (HKDF-SHA256, RFC 5869), bound to the public half. The key travels in a Raft command and lives in the
 * database, its snapshots and the log; sealed, none of them lets a reader mint tickets without the secret too.
 * Without a cluster secret (a single tracker) there is nothing to derive a key from and the key is stored as it is.
 */
final class PrivateKeySeal {

    static final String PREFIX = "aesgcm1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SALT = "swarmshare".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "ticket signing key v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** @param clusterSecret null or blank: no sealing */
    PrivateKeySeal(String clusterSecret) {
        this.key = clusterSecret == null || clusterSecret.isBlank() ? null
                : new SecretKeySpec(hkdfSha256(clusterSecret.getBytes(StandardCharsets.UTF_8)), "AES");
    }

    boolean seals() {
        return key != null;
    }

    /** The stored form of {@code privateKey} (base64 PKCS#8): sealed when there is a secret, else as it is. */
    String seal(String privateKey, String publicKey) {
        if (key == null) {
            return privateKey;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(publicKey.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = c.doFinal(privateKey.getBytes(StandardCharsets.US_ASCII));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the ticket signing key: " + e, e);
        }
    }

    /**
     * The private key (base64 PKCS#8) from its stored form.
     *
     * @throws IllegalStateException if it is sealed and this tracker has no secret, or not the one it was sealed with
     */
    String open(String stored, String publicKey) {
        if (!stored.startsWith(PREFIX)) {
            return stored; // stored unsealed (no secret then, or before sealing existed)
        }
        if (key == null) {
            throw new IllegalStateException("the ticket signing key is sealed with the cluster secret, and this tracker"
                    + " has none: start it with the cluster's swarmshare.tracker.cluster.secret");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            c.updateAAD(publicKey.getBytes(StandardCharsets.US_ASCII));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.US_ASCII);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the ticket signing key does not open with this tracker's cluster secret:"
                    + " every tracker of a cluster needs the secret the cluster was started with", e);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("the stored ticket signing key is damaged: " + e.getMessage(), e);
        }
    }

    /** HKDF-SHA256 (RFC 5869) with a fixed salt and info, one 32-byte block. */
    private static byte[] hkdfSha256(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] prk = mac.doFinal(secret);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(INFO);
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256", e);
        }
    }
}
