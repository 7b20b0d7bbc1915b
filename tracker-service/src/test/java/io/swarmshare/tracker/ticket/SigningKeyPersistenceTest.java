package io.swarmshare.tracker.ticket;

import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;
import io.swarmshare.tracker.TrackerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the tracker twice on the same H2 file: tickets signed before a restart still verify after it. */
class SigningKeyPersistenceTest {

    @TempDir
    Path dataDir;

    @Test
    void keyPairIsCreatedOnFirstStartAndKeptAcrossRestarts() {
        String publicKey;
        String ticket;
        Ticket issued = new Ticket(7, "alice", "peer-1", Instant.now().plusSeconds(600));
        try (ConfigurableApplicationContext first = start()) {
            TicketService tickets = first.getBean(TicketService.class);
            publicKey = tickets.publicKeyView().key();
            ticket = tickets.sign(issued);
        }
        assertThat(Files.exists(dataDir.resolve("tracker.mv.db"))).isTrue();

        try (ConfigurableApplicationContext second = start()) {
            TicketService tickets = second.getBean(TicketService.class);
            assertThat(tickets.publicKeyView().key()).isEqualTo(publicKey);
            assertThat(TicketCodec.verify(ticket, tickets.publicKey(), Clock.systemUTC())).isEqualTo(
                    new Ticket(7, "alice", "peer-1", Instant.ofEpochSecond(issued.expiresAt().getEpochSecond())));
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TrackerApplication.class)
                .run("--spring.main.web-application-type=none",
                        "--swarmshare.tracker.data-dir=" + dataDir,
                        "--swarmshare.tracker.cluster.raft-port=0",
                        "--spring.jmx.enabled=false");
    }
}
