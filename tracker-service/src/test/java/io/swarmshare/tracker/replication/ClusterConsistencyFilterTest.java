package io.swarmshare.tracker.replication;

import io.swarmshare.tracker.state.TrackerStateMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ClusterConsistencyFilterTest {

    private final TrackerStateMachine stateMachine = mock(TrackerStateMachine.class);

    @BeforeEach
    void gate() {
        when(stateMachine.requestGate()).thenReturn(new ReentrantReadWriteLock().readLock());
    }

    @Test
    void readThatCannotBeConfirmedIsServedMarkedStale() throws Exception {
        when(stateMachine.appliedIndex()).thenReturn(41L);
        ClusterConsistencyFilter filter = new ClusterConsistencyFilter(
                new ReadBarrier(CompletableFuture::new, Duration.ofMillis(100)), stateMachine, () -> "t2");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/groups"), response, chain);

        assertThat(chain.getRequest()).as("the read is still served").isNotNull();
        assertThat(response.getHeader(ClusterConsistencyFilter.STALE)).isEqualTo("true");
        assertThat(response.getHeader(ClusterConsistencyFilter.APPLIED_INDEX)).isEqualTo("41");
    }

    @Test
    void confirmedReadCarriesTheAppliedIndexOnly() throws Exception {
        when(stateMachine.appliedIndex()).thenReturn(7L);
        ClusterConsistencyFilter filter = new ClusterConsistencyFilter(
                new ReadBarrier(() -> CompletableFuture.completedFuture(null), Duration.ofMillis(100)), stateMachine,
                () -> "t2");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/groups"), response, new MockFilterChain());

        assertThat(response.getHeader(ClusterConsistencyFilter.STALE)).isNull();
        assertThat(response.getHeader(ClusterConsistencyFilter.APPLIED_INDEX)).isEqualTo("7");
        assertThat(response.getHeader(ClusterConsistencyFilter.TRACKER)).isEqualTo("t2");
    }

    @Test
    void writeGoesThroughWithoutWaitingForAConfirmation() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        ClusterConsistencyFilter filter = new ClusterConsistencyFilter(new ReadBarrier(() -> {
            rounds.incrementAndGet();
            return new CompletableFuture<>();
        }, Duration.ofSeconds(5)), stateMachine, () -> "t2");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        long started = System.nanoTime();
        filter.doFilter(new MockHttpServletRequest("POST", "/api/v1/groups"), response, chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(rounds).as("no confirmation round for a write").hasValue(0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(response.getHeader(ClusterConsistencyFilter.STALE)).isNull();
        assertThat(chain.getRequest().getAttribute(ReadBarrier.CONFIRMED)).as("a miss may still be confirmed").isNull();
    }

    @Test
    void readIsMarkedConfirmedSoAMissIsNotConfirmedTwice() throws Exception {
        ClusterConsistencyFilter filter = new ClusterConsistencyFilter(
                new ReadBarrier(() -> CompletableFuture.completedFuture(null), Duration.ofMillis(100)), stateMachine,
                () -> "t2");
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/groups"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest().getAttribute(ReadBarrier.CONFIRMED)).isEqualTo(Boolean.TRUE);
    }
}
