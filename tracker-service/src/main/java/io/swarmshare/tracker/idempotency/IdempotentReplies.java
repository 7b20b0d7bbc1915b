package io.swarmshare.tracker.idempotency;

import io.swarmshare.tracker.state.DomainError;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Stored answers of keyed writes, used by the state machine inside the transaction that applies a log entry. Keys
 * live 24 hours (counted in the commands' own time, so every tracker drops the same ones); a client retries within
 * seconds, so that is generous.
 */
@Component
public class IdempotentReplies {

    static final Duration RETENTION = Duration.ofHours(24);

    private final IdempotentReplyRepository replies;

    IdempotentReplies(IdempotentReplyRepository replies) {
        this.replies = replies;
    }

    /**
     * The stored answer for this key, if an earlier entry with it was applied. The same key from another caller
     * or for another endpoint is refused.
     */
    public Optional<byte[]> replay(RequestIdempotency.LogKey key) {
        return replies.findById(key.key()).map(stored -> {
            if (!stored.fingerprint().equals(key.fingerprint())) {
                throw DomainError.IDEMPOTENCY_KEY_REUSED.because(
                        "This Idempotency-Key was already used for a different request; send a new key.");
            }
            return stored.reply();
        });
    }

    /** Stores the answer of a write applied under {@code key}, and forgets keys older than the retention. */
    public void record(RequestIdempotency.LogKey key, byte[] reply, Instant at) {
        replies.deleteRecordedBefore(at.minus(RETENTION));
        replies.save(new IdempotentReply(key.key(), key.fingerprint(), reply, at));
    }
}
