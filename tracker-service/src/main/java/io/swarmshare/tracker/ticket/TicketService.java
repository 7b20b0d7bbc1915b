package io.swarmshare.tracker.ticket;

import io.swarmshare.common.api.PublicKeyView;
import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;
import io.swarmshare.tracker.replication.ClusterProperties;
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
 * and loaded on every later start. The private half is stored sealed with the cluster secret ({@link PrivateKeySeal}).
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
    private final PrivateKeySeal seal;
    private volatile Keys current;

    @Autowired
    TicketService(SigningKeyRepository keys, CommandBus commands, Clock clock, TrackerStateMachine stateMachine,
                  ClusterProperties cluster) {
        this(keys, commands, clock, stateMachine::requestGate, new PrivateKeySeal(cluster.secret()));
    }

    TicketService(SigningKeyRepository keys, CommandBus commands, Clock clock, Supplier<Lock> gate, PrivateKeySeal seal) {
        this.keys = keys;
        this.commands = commands;
        this.clock = clock;
        this.gate = gate;
        this.seal = seal;
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
            } catch (IllegalStateException e) { // the key does not open here (another cluster secret): retrying won't help
                log.error("no ticket signing key on this tracker, so it cannot hand out download plans: {}", e.getMessage());
                return;
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
            String publicKey = TicketCodec.encodePublicKey(pair.getPublic());
            commands.submit(new CreateSigningKey(TicketCodec.ALGORITHM, publicKey,
                    seal.seal(TicketCodec.encodePrivateKey(pair.getPrivate()), publicKey),
                    clock.instant().truncatedTo(ChronoUnit.MILLIS)));
            log.info("created the ticket signing key pair ({})", seal.seals() ? "sealed with the cluster secret"
                    : "stored unsealed: no cluster secret to seal it with");
        }
        // The write is committed, but a member still catching up may not have applied it yet: that is the
        // retryable "not available yet", not a crash at start-up.
        SigningKey stored = storedKey().orElseThrow(() -> DomainError.NO_QUORUM
                .because("The ticket signing key is committed but not yet applied on this tracker."));
        if (seal.seals() && !stored.privateKey().startsWith(PrivateKeySeal.PREFIX)) {
            log.warn("the ticket signing key was stored before keys were sealed: it stays readable without the cluster secret");
        }
        return new Keys(TicketCodec.decodePublicKey(stored.publicKey()),
                TicketCodec.decodePrivateKey(seal.open(stored.privateKey(), stored.publicKey())), stored.publicKey());
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
