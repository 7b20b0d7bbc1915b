package io.swarmshare.tracker.ticket;

import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.TrackerCommand.CreateSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class TicketServiceTest {

    private final KeyPair pair = TicketCodec.newKeyPair();
    private final SigningKey stored = new SigningKey(TicketCodec.ALGORITHM, TicketCodec.encodePublicKey(pair.getPublic()),
            TicketCodec.encodePrivateKey(pair.getPrivate()), Instant.parse("2026-11-22T00:00:00Z"));
    private final SigningKeyRepository keys = mock(SigningKeyRepository.class);
    private final ReentrantReadWriteLock reloading = new ReentrantReadWriteLock();
    private final TicketService tickets = new TicketService(keys, mock(CommandBus.class), Clock.systemUTC(),
            reloading::readLock, new PrivateKeySeal(null));

    @Test
    void theKeyIsNotReadWhileASnapshotReplacesTheDatabase() throws Exception {
        // Seen in a benchmark: a restarted tracker got a snapshot from the leader while it was still starting, read
        // the key from the half-replaced database ("Table SIGNING_KEY not found") and exited.
        when(keys.findById(SigningKey.ID)).thenReturn(Optional.of(stored));
        reloading.writeLock().lock();
        CompletableFuture<String> read;
        try {
            read = CompletableFuture.supplyAsync(() -> tickets.publicKeyView().key());
            assertThatThrownBy(() -> read.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        } finally {
            reloading.writeLock().unlock();
        }
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(stored.publicKey());
    }

    @Test
    void withAClusterSecretTheKeyGoesIntoTheLogSealedAndStillSigns() {
        CommandBus bus = mock(CommandBus.class);
        AtomicReference<SigningKey> table = new AtomicReference<>();
        when(bus.submit(any())).thenAnswer(call -> {
            CreateSigningKey c = call.getArgument(0);
            table.set(new SigningKey(c.algorithm(), c.publicKey(), c.privateKey(), c.at()));
            return null;
        });
        when(keys.findById(SigningKey.ID)).thenAnswer(call -> Optional.ofNullable(table.get()));
        TicketService sealed = new TicketService(keys, bus, Clock.systemUTC(), reloading::readLock,
                new PrivateKeySeal("the-cluster-secret-0123456789abcdef"));

        Ticket ticket = new Ticket(7, "alice", "peer-1", Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS));
        String signed = sealed.sign(ticket);

        assertThat(table.get().privateKey()).startsWith(PrivateKeySeal.PREFIX);
        assertThat(TicketCodec.verify(signed, TicketCodec.decodePublicKey(table.get().publicKey()), Clock.systemUTC()))
                .isEqualTo(ticket);
    }

    @Test
    void aDatabaseErrorAtStartUpDoesNotStopTheTracker() {
        when(keys.findById(SigningKey.ID))
                .thenThrow(new InvalidDataAccessResourceUsageException("Table \"SIGNING_KEY\" not found"))
                .thenReturn(Optional.of(stored));

        tickets.afterSingletonsInstantiated(); // retries in the background instead of failing start-up

        assertThat(tickets.publicKeyView().key()).isEqualTo(stored.publicKey());
    }
}
