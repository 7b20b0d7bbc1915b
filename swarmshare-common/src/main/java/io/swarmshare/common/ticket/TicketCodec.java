package io.swarmshare.common.ticket;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * Tickets travel as text: {@code t1.<payload>.<signature>}, both base64url without padding.
 * <pre>// payload: <version=1:u8><fileId:i64><expiresAtEpochSecond:i64><user:utf8 u16-prefixed><peerId:utf8 u16-prefixed></pre>
 * The signature is Ed25519 over the payload bytes, made with the tracker's private key; agents hold only the public key,
 * so an agent can check a ticket but never mint one.
 */
public final class TicketCodec {

    public static final String ALGORITHM = "Ed25519";
    private static final String PREFIX = "t1.";
    private static final int MAX_TEXT = 2048;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private TicketCodec() {
    }

    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + ALGORITHM, e);
        }
    }

    public static String sign(Ticket ticket, PrivateKey key) {
        byte[] payload = payload(ticket);
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(payload);
            return PREFIX + B64.encodeToString(payload) + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign ticket", e);
        }
    }

    /**
     * Returns the ticket if the text is well formed, signed by {@code key} and not expired at {@code clock}'s now.
     *
     * @throws InvalidTicketException with a short reason otherwise
     */
    public static Ticket verify(String text, PublicKey key, Clock clock) {
        if (text == null || text.length() > MAX_TEXT || !text.startsWith(PREFIX)) {
            throw new InvalidTicketException("malformed ticket");
        }
        String[] parts = text.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 2) {
            throw new InvalidTicketException("malformed ticket");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = B64D.decode(parts[0]);
            signature = B64D.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTicketException("malformed ticket");
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(payload);
            if (!s.verify(signature)) {
                throw new InvalidTicketException("ticket signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidTicketException("ticket signature does not verify");
        }
        Ticket ticket = parsePayload(payload);
        if (!clock.instant().isBefore(ticket.expiresAt())) {
            throw new InvalidTicketException("ticket expired at " + ticket.expiresAt());
        }
        return ticket;
    }

    public static String encodePublicKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey decodePublicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an " + ALGORITHM + " public key", e);
        }
    }

    public static String encodePrivateKey(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PrivateKey decodePrivateKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an " + ALGORITHM + " private key", e);
        }
    }

    private static byte[] payload(Ticket t) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(1);
            out.writeLong(t.fileId());
            out.writeLong(t.expiresAt().getEpochSecond());
            writeString(out, t.user());
            writeString(out, t.peerId());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static Ticket parsePayload(byte[] payload) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
            if (in.readUnsignedByte() != 1) {
                throw new InvalidTicketException("unsupported ticket version");
            }
            long fileId = in.readLong();
            Instant expires = Instant.ofEpochSecond(in.readLong());
            String user = readString(in);
            String peer = readString(in);
            if (in.available() != 0) {
                throw new InvalidTicketException("malformed ticket");
            }
            return new Ticket(fileId, user, peer, expires);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new InvalidTicketException("malformed ticket");
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        if (n > in.available()) {
            throw new IOException("truncated");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
