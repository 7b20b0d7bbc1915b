package io.swarmshare.agent.transfer;

import io.swarmshare.agent.seeding.ShareRegistry;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task of a download that throws something nobody expected (here: the clock, on one thread, once) ends the download
 * with the reason. Executors keep such throwables to themselves, so before the guard the piece stayed "awaiting its
 * check" and the download RUNNING for good.
 */
@Timeout(60)
class InternalErrorIT {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "piece-write, internal error while writing piece",
            "download-timer, internal error while starting"})
    void anUnexpectedThrowableInADownloadTaskFailsTheDownloadWithItsReason(String thread, String expected) throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 1024 * 1024)) {
            swarm.peers.add(swarm.seeder("good", swarm.source));
            Clock clock = new FailsOnceOn(thread);
            try (DownloadManager leecher = new DownloadManager(SwarmFixture.fastSettings(), clock, "leecher",
                    swarm.tracker("leecher"), new ShareRegistry(null), null)) {
                DownloadStatus started = leecher.start(SwarmFixture.GROUP, swarm.manifest.name(), tmp.resolve("out"));
                SwarmFixture.await("the download to end", Duration.ofSeconds(20),
                        () -> leecher.get(started.id()).orElseThrow().state() != DownloadState.RUNNING);
                DownloadStatus ended = leecher.get(started.id()).orElseThrow();
                assertThat(ended.state()).isEqualTo(DownloadState.FAILED);
                assertThat(ended.error()).contains(expected).contains("injected on " + thread);
                assertThat(tmp.resolve("out").resolve(swarm.manifest.name())).doesNotExist();
            }
        }
    }

    /** System time, except that the first reading on a thread whose name starts with {@code prefix} throws an Error. */
    private static final class FailsOnceOn extends MutableClock {

        private final String prefix;
        private final AtomicBoolean fired = new AtomicBoolean();

        FailsOnceOn(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Instant instant() {
            if (Thread.currentThread().getName().startsWith(prefix) && fired.compareAndSet(false, true)) {
                throw new AssertionError("injected on " + prefix);
            }
            return super.instant();
        }
    }
}
