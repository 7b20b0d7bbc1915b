package io.swarmshare.agent;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Notices an agent event loop that has ended while the agent runs. An Error out of a loop's I/O handler ends its thread
 * for good (seen: a class that no longer loaded after the jar was replaced under the agent). The rest of the agent
 * carries on: it heartbeats and announces shares nobody can fetch any more, and leechers queue on its listen socket
 * waiting for pieces that never come. The watch reports the first such loop, once.
 */
final class EventLoopWatch implements AutoCloseable {

    private final Map<String, EventLoopGroup> groups;
    private final Consumer<String> onDeath;
    private final AtomicBoolean reported = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-loop-watch");
        t.setDaemon(true);
        return t;
    });

    /** @param groups what each group does (for the report) to the group */
    EventLoopWatch(Map<String, EventLoopGroup> groups, Consumer<String> onDeath) {
        this.groups = new LinkedHashMap<>(groups);
        this.onDeath = onDeath;
    }

    void start(Duration every) {
        timer.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reports the first ended loop, once; later checks stay quiet. */
    void check() {
        Optional<String> dead = deadLoop();
        if (dead.isPresent() && reported.compareAndSet(false, true)) {
            onDeath.accept(dead.get());
        }
    }

    /** The first loop that has ended or is ending, as "the piece server's workers (loop 2 of 2)". */
    Optional<String> deadLoop() {
        for (Map.Entry<String, EventLoopGroup> g : groups.entrySet()) {
            int n = 0;
            int index = 0;
            String ended = null;
            for (EventExecutor loop : g.getValue()) {
                n++;
                if (ended == null && loop.isShuttingDown()) {
                    index = n;
                    ended = g.getKey();
                }
            }
            if (ended != null) {
                return Optional.of(ended + " (loop " + index + " of " + n + ")");
            }
        }
        return Optional.empty();
    }

    /** Before the agent shuts its loops down on purpose. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
