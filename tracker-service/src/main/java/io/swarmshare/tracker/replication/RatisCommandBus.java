package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.idempotency.RequestIdempotency;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.CommandCodec;
import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.DomainException;
import io.swarmshare.tracker.state.TrackerCommand;
import io.swarmshare.tracker.state.TrackerStateMachine;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends each command through the Raft log from whichever tracker the client called and answers only once it is
 * committed by a majority and applied here too. On the leader the command goes to the local Raft server in-process;
 * elsewhere the Ratis client sends it to the leader (and finds a new one after a change). A refusal by the applier
 * comes back as the result and is rethrown as its {@link DomainException}; a write that cannot be committed
 * within {@code write-timeout} fails with 503 no-quorum (its outcome is then unknown: it may still commit).
 */
@Component
class RatisCommandBus implements CommandBus {

    private static final Logger log = LoggerFactory.getLogger(RatisCommandBus.class);

    static final String NO_QUORUM_SENTENCE = "The tracker cluster has no quorum (too few trackers are reachable), "
            + "so it cannot accept changes right now; reads still work. Try again shortly.";

    private static final Executor SENDERS = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("raft-write-", 0).factory());

    private final RaftNode node;
    private final TrackerStateMachine stateMachine;
    private final CommandCodec codec;
    private final Duration writeTimeout;

    RatisCommandBus(RaftNode node, TrackerStateMachine stateMachine, ClusterProperties properties) {
        this.node = node;
        this.stateMachine = stateMachine;
        this.codec = stateMachine.codec();
        this.writeTimeout = properties.writeTimeout();
    }

    @Override
    public <R> R submit(TrackerCommand<R> command) {
        byte[] bytes = codec.encode(command, command.replayable() ? RequestIdempotency.next() : null, callerSession());
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        Message message = Message.valueOf(ByteString.copyFrom(bytes));
        RaftClientReply reply = null;
        if (node.isLeaderReady()) {
            // This tracker leads: hand the command to its own Raft server in-process instead of a gRPC call to itself.
            reply = await(node.submitLocally(message, RaftClientRequest.writeRequestType()), deadline, command);
            if (!reply.isSuccess()) {
                if (reply.getLeaderNotReadyException() == null) {
                    // Lost the leadership meanwhile: the entry may or may not have been appended, so a resend under a
                    // new call id could apply it twice. The outcome is unknown, which is what 503 no-quorum says.
                    log.warn("write {} refused by the local Raft server: {}", command.getClass().getSimpleName(),
                            String.valueOf(reply.getException()));
                    throw noQuorum();
                }
                reply = null; // not appended: send it through the client, which finds the leader
            }
        }
        if (reply == null) {
            // The blocking API on its own virtual thread: the ordered async stream would hold every later write
            // behind one that failed. The Ratis client retries (leader change) until the deadline below.
            reply = await(CompletableFuture.supplyAsync(() -> send(message), SENDERS), deadline, command);
        }
        if (!reply.isSuccess()) {
            log.warn("write {} refused by Raft: {}", command.getClass().getSimpleName(), String.valueOf(reply.getException()));
            throw noQuorum();
        }
        awaitLocalApply(reply.getLogIndex(), deadline);
        return codec.decodeResult(command, reply.getMessage().getContent().toByteArray());
    }

    /** The token hash of the session the current request was made under, if any (see CommandBus#SESSION_ATTRIBUTE). */
    private static String callerSession() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            return attrs.getRequest().getAttribute(SESSION_ATTRIBUTE) instanceof String hash ? hash : null;
        }
        return null;
    }

    private RaftClientReply await(CompletableFuture<RaftClientReply> future, long deadline, TrackerCommand<?> command) {
        try {
            return future.get(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn("write {} not committed within {}", command.getClass().getSimpleName(), writeTimeout);
            throw noQuorum();
        } catch (ExecutionException e) {
            log.warn("write {} failed: {}", command.getClass().getSimpleName(), e.getCause().toString());
            throw noQuorum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noQuorum();
        }
    }

    private RaftClientReply send(Message message) {
        try {
            return node.client().io().send(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The leader applied it; this tracker answers once it has too, so the caller's next read here sees it. */
    private void awaitLocalApply(long index, long deadline) {
        try {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)).plusMillis(500);
            if (!stateMachine.awaitApplied(index, left)) {
                log.warn("log entry {} committed but not yet applied here", index);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs) {
            HttpServletResponse response = attrs.getResponse();
            if (response != null && !response.isCommitted()) {
                response.setHeader(ClusterConsistencyFilter.APPLIED_INDEX, Long.toString(stateMachine.appliedIndex()));
            }
        }
    }

    static DomainException noQuorum() {
        return DomainError.NO_QUORUM.because(NO_QUORUM_SENTENCE);
    }
}
