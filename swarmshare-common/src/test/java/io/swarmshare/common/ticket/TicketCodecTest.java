package io.swarmshare.common.ticket;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketCodecTest {

    private final KeyPair tracker = TicketCodec.newKeyPair();
    private final Instant now = Instant.parse("2026-11-21T12:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final Ticket ticket = new Ticket(42, "alice", "peer-1", now.plus(Duration.ofMinutes(10)));

    @Test
    void signedTicketVerifiesWithThePublicKeyAlone() {
        String text = TicketCodec.sign(ticket, tracker.getPrivate());
        var publicOnly = TicketCodec.decodePublicKey(TicketCodec.encodePublicKey(tracker.getPublic()));
        assertThat(TicketCodec.verify(text, publicOnly, clock)).isEqualTo(ticket);
    }

    @Test
    void ticketSignedByAnotherKeyIsRejected() {
        String forged = TicketCodec.sign(ticket, TicketCodec.newKeyPair().getPrivate());
        assertThatThrownBy(() -> TicketCodec.verify(forged, tracker.getPublic(), clock))
                .isInstanceOf(InvalidTicketException.class).hasMessageContaining("signature");
    }

    @Test
    void alteredPayloadIsRejected() {
        String text = TicketCodec.sign(ticket, tracker.getPrivate());
        String other = TicketCodec.sign(new Ticket(43, "alice", "peer-1", ticket.expiresAt()), tracker.getPrivate());
        String spliced = other.substring(0, other.lastIndexOf('.')) + text.substring(text.lastIndexOf('.'));
        assertThatThrownBy(() -> TicketCodec.verify(spliced, tracker.getPublic(), clock))
                .isInstanceOf(InvalidTicketException.class);
    }

    @Test
    void expiredTicketIsRejected() {
        String text = TicketCodec.sign(ticket, tracker.getPrivate());
        Clock later = Clock.fixed(ticket.expiresAt(), ZoneOffset.UTC);
        assertThatThrownBy(() -> TicketCodec.verify(text, tracker.getPublic(), later)).hasMessageContaining("expired");
    }

    @Test
    void garbageIsRejectedNotThrownAsSomethingElse() {
        for (String junk : new String[] {null, "", "t1.", "t1..", "t1.!!!.???", "t2.AAAA.BBBB", "t1.AAAA", "x".repeat(5000)}) {
            assertThatThrownBy(() -> TicketCodec.verify(junk, tracker.getPublic(), clock))
                    .isInstanceOf(InvalidTicketException.class);
        }
    }

    @Test
    void privateKeyRoundTripsForStorage() {
        var restored = TicketCodec.decodePrivateKey(TicketCodec.encodePrivateKey(tracker.getPrivate()));
        String text = TicketCodec.sign(ticket, restored);
        assertThat(TicketCodec.verify(text, tracker.getPublic(), clock).user()).isEqualTo("alice");
    }
}
