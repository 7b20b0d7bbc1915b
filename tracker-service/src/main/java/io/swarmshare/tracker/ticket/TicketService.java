package io.swarmshare.tracker.ticket;

import io.swarmshare.common.api.PublicKeyView;
import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.DomainException;
import io.swarmshare.tracker.state.TrackerCommand.CreateSigningKey;
import io.swarmshare.tracker.state.TrackerStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

/**
 * Signs piece tickets with the tracker's Ed25519 key. The key pair is generated on the first start, stored
 * through a command (the first one committed is kept, so every tracker of a cluster signs with the same key)
 * and loaded on every later start.
 */
@Service
public class TicketService implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TicketService.class);

    private record Keys(PublicKey publicKey, PrivateKey privateKey, String encodedPublicKey) {
    }

    private final SigningKeyRepository keys;
    private final CommandBus commands;
    private final Clock clock;
    /** Held while reading the key: a snapshot installed during start-up replaces the whole database meanwhile. */
    private final Supplier<Lock> gate;
    private volatile Keys current;

    @Autowired
    TicketService(SigningKeyRepository keys, CommandBus commands, Clock clock, TrackerStateMachine stateMachine) {
        this(keys, commands, clock, stateMachine::requestGate);
    }

    TicketService(SigningKeyRepository keys, CommandBus commands, Clock clock, Supplier<Lock> gate) {
        this.keys = keys;
        this.commands = commands;
        this.clock = clock;
        this.gate = gate;
    }

    /**
     * Creates or loads the key at start-up. A tracker whose cluster has no quorum yet (the others are still
     * starting) keeps trying in the background instead of failing; the first command committed wins everywhere.
     */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            keys();
        } catch (DomainException | DataAccessException e) {
            log.info("ticket signing key not available yet ({}); retrying in the background", e.getMessage());
            Thread.ofVirtual().name("signing-key").start(this::keepTrying);
        }
    }

    private void keepTrying() {
        while (current == null) {
            try {
                Thread.sleep(2_000);
                keys();
                log.info("ticket signing key ready");
            } catch (DomainException | DataAccessException e) {
                log.debug("ticket signing key still not available: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public String sign(Ticket ticket) {
        return TicketCodec.sign(ticket, keys().privateKey());
    }

    public PublicKey publicKey() {
        return keys().publicKey();
    }

    public PublicKeyView publicKeyView() {
        return new PublicKeyView(TicketCodec.ALGORITHM, keys().encodedPublicKey());
    }

    private Keys keys() {
        Keys k = current;
        if (k == null) {
            synchronized (this) {
                if (current == null) {
                    current = loadOrCreate();
                }
                k = current;
            }
        }
        return k;
    }

    private Keys loadOrCreate() {
        if (storedKey().isEmpty()) {
            KeyPair pair = TicketCodec.newKeyPair();
            commands.submit(new CreateSigningKey(TicketCodec.ALGORITHM, TicketCodec.encodePublicKey(pair.getPublic()),
                    TicketCodec.encodePrivateKey(pair.getPrivate()), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            log.info("created the ticket signing key pair");
        }
        // The write is committed, but a member still catching up may not have applied it yet: that is the
        // retryable "not available yet", not a crash at start-up.
        SigningKey stored = storedKey().orElseThrow(() -> DomainError.NO_QUORUM
                .because("The ticket signing key is committed but not yet applied on this tracker."));
        return new Keys(TicketCodec.decodePublicKey(stored.publicKey()), TicketCodec.decodePrivateKey(stored.privateKey()),
                stored.publicKey());
    }

    private Optional<SigningKey> storedKey() {
        Lock lock = gate.get();
        lock.lock();
        try {
            return keys.findById(SigningKey.ID);
        } finally {
            lock.unlock();
        }
    }
}
