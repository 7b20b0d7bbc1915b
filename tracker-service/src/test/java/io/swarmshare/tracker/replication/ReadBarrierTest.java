package io.swarmshare.tracker.replication;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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
}
