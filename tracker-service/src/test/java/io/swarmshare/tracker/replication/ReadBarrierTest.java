package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.DomainException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadBarrierTest {

    @Test
    void confirmedReadIsFresh() {
        ReadBarrier barrier = new ReadBarrier(() -> CompletableFuture.completedFuture(null), Duration.ofMillis(500));
        assertThat(barrier.await()).isTrue();
    }

    @Test
    void unconfirmedReadFallsBackToStaleWithinTheTimeout() {
        ReadBarrier barrier = new ReadBarrier(CompletableFuture::new, Duration.ofMillis(200));
        long t0 = System.nanoTime();
        assertThat(barrier.await()).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(150L, 2_000L);
        assertThat(barrier.await()).as("a later round starts after a failed one").isFalse();
    }

    @Test
    void failedConfirmationIsStale() {
        ReadBarrier barrier = new ReadBarrier(() -> CompletableFuture.failedFuture(new IllegalStateException("no leader")),
                Duration.ofMillis(500));
        assertThat(barrier.await()).isFalse();
    }

    @Test
    void readsArrivingDuringAConfirmationShareTheNextOne() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        CompletableFuture<Void> first = new CompletableFuture<>();
        ReadBarrier barrier = new ReadBarrier(() -> rounds.incrementAndGet() == 1 ? first
                : CompletableFuture.completedFuture(null), Duration.ofSeconds(5));
        Thread a = Thread.ofVirtual().start(barrier::await);
        while (rounds.get() == 0) {
            Thread.sleep(5);
        }
        Thread[] waiting = new Thread[10];
        for (int i = 0; i < waiting.length; i++) {
            waiting[i] = Thread.ofVirtual().start(barrier::await);
        }
        Thread.sleep(100);
        first.complete(null);
        a.join();
        for (Thread t : waiting) {
            t.join();
        }
        assertThat(rounds.get()).isEqualTo(2);
    }

    @Test
    void aMissIsLookedUpAgainAfterOneConfirmation() {
        AtomicInteger rounds = new AtomicInteger();
        ReadBarrier barrier = confirmingAndCounting(rounds);
        AtomicInteger lookups = new AtomicInteger();

        Optional<String> found = barrier.lookAgainIfMissing(
                () -> lookups.incrementAndGet() == 1 ? Optional.empty() : Optional.of("session"));

        assertThat(found).contains("session");
        assertThat(lookups).hasValue(2);
        assertThat(rounds).hasValue(1);
    }

    @Test
    void aHitCostsNoConfirmation() {
        AtomicInteger rounds = new AtomicInteger();
        ReadBarrier barrier = confirmingAndCounting(rounds);

        assertThat(barrier.lookAgainIfMissing(() -> Optional.of("session"))).contains("session");
        assertThat(rounds).hasValue(0);
    }

    @Test
    void aRefusalStandsWhenTheConfirmationFails() {
        ReadBarrier barrier = new ReadBarrier(() -> CompletableFuture.failedFuture(new IllegalStateException("no leader")),
                Duration.ofMillis(200));
        AtomicInteger checks = new AtomicInteger();

        assertThatThrownBy(() -> barrier.againIfRefused(() -> {
            checks.incrementAndGet();
            throw DomainError.PEER_NOT_YOURS.because("Peer 'p' belongs to another user.");
        })).isInstanceOf(DomainException.class);
        assertThat(checks).as("nothing newer to see: not checked twice").hasValue(1);
    }

    @Test
    void aRefusalIsCheckedAgainOnceWithinARequest() {
        AtomicInteger rounds = new AtomicInteger();
        ReadBarrier barrier = confirmingAndCounting(rounds);
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/v1/peers/p");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        try {
            AtomicInteger checks = new AtomicInteger();
            assertThat(barrier.againIfRefused(() -> {
                if (checks.incrementAndGet() == 1) {
                    throw DomainError.PEER_NOT_YOURS.because("stale");
                }
                return "bound";
            })).isEqualTo("bound");
            assertThat(barrier.lookAgainIfMissing(Optional::empty)).as("the request was confirmed once already").isEmpty();
            assertThat(rounds).hasValue(1);
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    /** A barrier whose confirmations succeed at once, each counted in {@code rounds}. */
    private static ReadBarrier confirmingAndCounting(AtomicInteger rounds) {
        return new ReadBarrier(() -> {
            rounds.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, Duration.ofMillis(500));
    }
}
