package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.state.DomainException;
import io.swarmshare.tracker.state.Freshness;
import io.swarmshare.tracker.state.TrackerStateMachine;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Makes a local read linearizable: before a request reads the database, this tracker confirms with the leader
 * (Ratis ReadIndex: a read-only request handed in-process to the local server, read option LINEARIZABLE; a follower's
 * server asks the leader) that it has applied everything committed when the request arrived. Requests arriving while
 * a confirmation is in flight share the next one, so a burst of reads costs one round trip. A one-member cluster
 * needs no confirmation: its writes are applied here before they are acknowledged. If no confirmation comes within
 * {@code read-timeout} (no leader, no quorum) the read is served anyway and marked stale.
 */
@Component
public class ReadBarrier implements Freshness {

    /** Request attribute: this request already waited for a confirmation (or is waiting for one). */
    static final String CONFIRMED = ReadBarrier.class.getName() + ".confirmed";

    private static final Logger log = LoggerFactory.getLogger(ReadBarrier.class);

    private static final Executor ROUNDS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("read-barrier-", 0).factory());

    private final Supplier<CompletableFuture<?>> confirm;
    private final Duration timeout;
    private final Object lock = new Object();
    private CompletableFuture<Void> next;
    private boolean inFlight;

    @Autowired
    ReadBarrier(RaftNode node, TrackerStateMachine stateMachine, ClusterProperties properties) {
        this(() -> node.isAlone() ? CompletableFuture.completedFuture(null)
                : node.submitLocally(Message.EMPTY, RaftClientRequest.readRequestType())
                .thenApply(ReadBarrier::requireSuccess), properties.readTimeout());
    }

    /** {@code confirm} completes once the local state is current (tests pass their own). */
    ReadBarrier(Supplier<CompletableFuture<?>> confirm, Duration timeout) {
        this.confirm = confirm;
        this.timeout = timeout;
    }

    /** True once the local state includes every write committed before this call; false (stale) on timeout. */
    public boolean await() {
        CompletableFuture<Void> round;
        synchronized (lock) {
            if (next == null) {
                next = new CompletableFuture<>();
            }
            round = next;
            if (!inFlight) {
                launch();
            }
        }
        try {
            round.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            log.debug("read not confirmed: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts one confirmation for every caller waiting on {@code next}; must hold {@code lock}. The round runs on its
     * own virtual thread: handing a read to the local Raft server may block until the state machine applies more, so
     * it must happen neither under {@code lock} nor on the Ratis thread that completed the previous round.
     */
    private void launch() {
        CompletableFuture<Void> round = next;
        next = null;
        inFlight = true;
        ROUNDS.execute(() -> {
            CompletableFuture<?> f;
            try {
                f = confirm.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((r, e) -> {
                if (e == null) {
                    round.complete(null);
                } else {
                    round.completeExceptionally(e);
                }
                synchronized (lock) {
                    inFlight = false;
                    if (next != null) {
                        launch();
                    }
                }
            }, ROUNDS);
        });
    }

    @Override
    public <T> Optional<T> lookAgainIfMissing(Supplier<Optional<T>> lookup) {
        Optional<T> found = lookup.get();
        return found.isPresent() || !confirmOncePerRequest() ? found : lookup.get();
    }

    @Override
    public <T> T againIfRefused(Supplier<T> check) {
        try {
            return check.get();
        } catch (DomainException refused) {
            if (!confirmOncePerRequest()) {
                throw refused;
            }
            return check.get();
        }
    }

    /**
     * Confirms this tracker is current unless the request in progress already did; true if there may be something
     * new to see (false: already confirmed, or the confirmation failed, so looking again would find the same).
     */
    private boolean confirmOncePerRequest() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request != null) {
            if (request.getAttribute(CONFIRMED, RequestAttributes.SCOPE_REQUEST) != null) {
                return false;
            }
            request.setAttribute(CONFIRMED, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
        }
        return await();
    }

    private static RaftClientReply requireSuccess(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw new IllegalStateException("read index refused: " + reply.getException());
        }
        return reply;
    }
}
