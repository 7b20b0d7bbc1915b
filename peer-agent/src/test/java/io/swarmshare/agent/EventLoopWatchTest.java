package io.swarmshare.agent;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Netty loops; one is ended the way it happened in the field: an Error out of its I/O handler. */
@Timeout(30)
class EventLoopWatchTest {

    /**
     * The loop thread whose next run of its I/O handler throws. A flag shared by both loops (an earlier version) was
     * taken by whichever ran its handler first: when that was the other loop, the wrong one died and the test failed.
     */
    private final AtomicReference<Thread> breakNextRunOf = new AtomicReference<>();
    private final EventLoopGroup healthy = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup breakable = new MultiThreadIoEventLoopGroup(2, breakingFactory());
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final EventLoopWatch watch = new EventLoopWatch(
            Map.of("the healthy loops", healthy, "the breakable loops", breakable), reports::add);

    @AfterEach
    void stop() {
        watch.close();
        healthy.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        breakable.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void runningLoopsAreNotReported() throws Exception {
        for (EventExecutor loop : breakable) {
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // started and answering
        }
        watch.check();
        assertThat(watch.deadLoop()).isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void aLoopEndedByAnErrorIsReportedOnceByTheTimer() throws Exception {
        EventExecutor second = null;
        for (EventExecutor loop : breakable) {
            loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
            second = loop;
        }
        breakNextRunOf.set(second.submit(Thread::currentThread).get(5, TimeUnit.SECONDS));
        second.execute(() -> { }); // wakes it: its next run of the I/O handler throws
        assertThat(second.terminationFuture().await(5, TimeUnit.SECONDS)).isTrue();

        watch.start(Duration.ofMillis(20));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // a few more checks: still one report
        assertThat(reports).containsExactly("the breakable loops (loop 2 of 2)");
    }

    /** NIO, except that the run on {@link #breakNextRunOf}'s thread throws an Error, as a class that cannot load does. */
    private IoHandlerFactory breakingFactory() {
        IoHandlerFactory nio = NioIoHandler.newFactory();
        return executor -> {
            IoHandler real = nio.newHandler(executor);
            return new IoHandler() {
                @Override
                public int run(IoHandlerContext context) {
                    if (breakNextRunOf.compareAndSet(Thread.currentThread(), null)) {
                        throw new NoClassDefFoundError("io/netty/example/Gone");
                    }
                    return real.run(context);
                }

                @Override
                public void initialize() {
                    real.initialize();
                }

                @Override
                public void prepareToDestroy() {
                    real.prepareToDestroy();
                }

                @Override
                public void destroy() {
                    real.destroy();
                }

                @Override
                public IoRegistration register(IoHandle handle) throws Exception {
                    return real.register(handle);
                }

                @Override
                public void wakeup() {
                    real.wakeup();
                }

                @Override
                public boolean isCompatible(Class<? extends IoHandle> handleType) {
                    return real.isCompatible(handleType);
                }
            };
        };
    }
}
