package io.swarmshare.tracker.state;

import io.swarmshare.tracker.idempotency.IdempotentReplies;
import io.swarmshare.tracker.peer.PeerLeaseRepository;
import io.swarmshare.tracker.peer.PeerPresence;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** A request that wrote through Raft waits until this tracker has applied its entry, and no longer. */
class AppliedIndexWaitTest {

    private final TrackerStateMachine stateMachine = new TrackerStateMachine(mock(CommandApplier.class),
            mock(AppliedStateRepository.class), mock(PeerLeaseRepository.class), mock(PeerPresence.class),
            mock(DataSource.class), mock(PlatformTransactionManager.class), mock(IdempotentReplies.class),
            mock(SchemaUpgrade.class), new io.swarmshare.tracker.session.SessionCache());

    @Test
    void anIndexNotYetAppliedTimesOut() throws InterruptedException {
        stateMachine.notifyTermIndexUpdated(1, 4);

        assertThat(stateMachine.awaitApplied(4, Duration.ofMillis(1))).isTrue();
        assertThat(stateMachine.awaitApplied(5, Duration.ofMillis(50))).isFalse();
    }

    @Test
    void aWaiterIsReleasedWhenItsIndexIsAppliedAndNotBefore() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Boolean> three = wait(pool, 3);
            CompletableFuture<Boolean> ten = wait(pool, 10);
            stateMachine.notifyTermIndexUpdated(1, 2);
            Thread.sleep(50);
            assertThat(three).isNotDone();

            stateMachine.notifyTermIndexUpdated(1, 3);

            assertThat(three.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(ten).isNotDone();
            stateMachine.notifyTermIndexUpdated(1, 12);
            assertThat(ten.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void manyWaitersOnInterleavedIndexesAllGetThrough() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                waiters.add(wait(pool, 1 + i % 50));
            }
            for (long index = 1; index <= 50; index++) {
                stateMachine.notifyTermIndexUpdated(1, index);
            }
            for (CompletableFuture<Boolean> w : waiters) {
                assertThat(w.get(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private CompletableFuture<Boolean> wait(ExecutorService pool, long index) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return stateMachine.awaitApplied(index, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, pool);
    }
}
