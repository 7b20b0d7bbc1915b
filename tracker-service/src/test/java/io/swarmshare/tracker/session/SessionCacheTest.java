package io.swarmshare.tracker.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCacheTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final SessionCache cache = new SessionCache();
    private final AtomicInteger loads = new AtomicInteger();

    private Optional<UserSession> row(String hash) {
        loads.incrementAndGet();
        return Optional.of(new UserSession(hash, "ann", T0, T0.plusSeconds(3600)));
    }

    @AfterEach
    void endSynchronization() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void aSessionIsReadFromTheDatabaseOnce() {
        assertThat(cache.find("h1", () -> row("h1"))).map(SessionCache.Cached::username).contains("ann");
        assertThat(cache.find("h1", () -> row("h1"))).map(SessionCache.Cached::username).contains("ann");
        assertThat(loads).hasValue(1);
    }

    @Test
    void aMissIsNotRemembered() {
        assertThat(cache.find("h1", () -> {
            loads.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        assertThat(cache.find("h1", () -> row("h1"))).isPresent();
        assertThat(loads).hasValue(2);
    }

    @Test
    void aLookupThatOverlapsAnEndDoesNotPutTheEndedSessionBack() {
        // the row was read before the end committed; the end's removal lands while the lookup is still running
        assertThat(cache.find("h1", () -> {
            Optional<UserSession> read = row("h1");
            cache.forget("h1");
            return read;
        })).isPresent();
        assertThat(cache.size()).isZero();
        cache.find("h1", () -> row("h1"));
        assertThat(loads).hasValue(2);
    }

    @Test
    void anEndIsForgottenOnlyOnceItsTransactionCommits() {
        cache.find("h1", () -> row("h1"));
        TransactionSynchronizationManager.initSynchronization();
        cache.forgetAfterCommit("h1");
        assertThat(cache.size()).as("still cached until the commit").isOne();
        TransactionSynchronizationUtils.triggerAfterCommit();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anEndOutsideTheAppliersTransactionIsAMistake() {
        assertThatThrownBy(() -> cache.forgetAfterCommit("h1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void purgingForgetsOnlyTheExpired() {
        cache.find("old", () -> Optional.of(new UserSession("old", "ann", T0, T0.plusSeconds(10))));
        cache.find("new", () -> Optional.of(new UserSession("new", "bob", T0, T0.plusSeconds(3600))));
        TransactionSynchronizationManager.initSynchronization();
        cache.forgetExpiredAfterCommit(T0.plusSeconds(10));
        TransactionSynchronizationUtils.triggerAfterCommit();
        assertThat(cache.size()).isOne();
        assertThat(cache.find("new", () -> Optional.empty())).map(SessionCache.Cached::username).contains("bob");
    }

    @Test
    void aReplacedDatabaseEmptiesTheCache() {
        cache.find("h1", () -> row("h1"));
        cache.clear();
        cache.find("h1", () -> row("h1"));
        assertThat(loads).hasValue(2);
    }
}
