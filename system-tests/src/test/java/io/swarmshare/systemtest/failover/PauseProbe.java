package io.swarmshare.systemtest.failover;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user who asks the tracker something every {@code every}, the way the CLI does it (each gateway in order; the
 * next on a refused connection, a timeout or a 5xx) and records the longest time between two answers: the longest
 * pause that user saw. Bounded: runs until {@link #close()}.
 */
final class PauseProbe implements AutoCloseable {

    private final List<URI> gateways;
    private final String path;
    private final Duration every;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Thread thread;
    private final AtomicLong lastOk = new AtomicLong(System.nanoTime());
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    PauseProbe(List<URI> gateways, String path, Duration every) {
        this.gateways = List.copyOf(gateways);
        this.path = path;
        this.every = every;
        this.thread = Thread.ofPlatform().name("pause-probe").daemon().start(this::run);
    }

    private void run() {
        while (running) {
            boolean ok = false;
            for (URI gateway : gateways) {
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(gateway.resolve(path))
                            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() < 500) {
                        ok = true;
                        break;
                    }
                } catch (IOException e) {
                    // next gateway
                } catch (InterruptedException e) {
                    return;
                }
            }
            requests.incrementAndGet();
            long now = System.nanoTime();
            if (ok) {
                longest.accumulateAndGet(now - lastOk.getAndSet(now), Math::max);
            } else {
                failures.incrementAndGet();
            }
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts a new measurement window (e.g. right before a fault). */
    void reset() {
        lastOk.set(System.nanoTime());
        longest.set(0);
        failures.set(0);
    }

    /** The longest gap between two answers (or since the last answer, if none came since) in this window. */
    Duration longestPause() {
        long open = System.nanoTime() - lastOk.get();
        return Duration.ofNanos(Math.max(longest.get(), open));
    }

    long failures() {
        return failures.get();
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
