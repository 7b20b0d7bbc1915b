package io.swarmshare.systemtest.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ThreadCpuTest {

    @Test
    void aBusyThreadsCpuIsCountedUnderItsName() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
        List<Long> self = List.of(ProcessHandle.current().pid());
        ThreadCpu before = ThreadCpu.of(self);
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread busy = Thread.ofPlatform().name("busy-spinner-7").start(() -> {
            long until = System.nanoTime() + 400_000_000L;
            long x = 0;
            while (System.nanoTime() < until) {
                x += System.nanoTime() % 7;
            }
            spun.countDown();
            try {
                measured.await(10, TimeUnit.SECONDS); // alive while measured: /proc forgets ended threads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (x == 42) {
                System.out.println(x);
            }
        });
        try {
            assertThat(spun.await(10, TimeUnit.SECONDS)).isTrue();
            Map<String, Long> spent = ThreadCpu.of(self).millisSince(before);

            assertThat(spent.get("busy-spinner-#")).isBetween(200L, 10_000L);
        } finally {
            measured.countDown();
            busy.join(10_000);
        }
    }

    @Test
    void threadsAreGroupedSoRunsCompare() {
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT C2 compiler");
        assertThat(ThreadCpu.group("t2@group-1F9B7E")).isEqualTo("Ratis group (apply, log, role)");
        assertThat(ThreadCpu.group("GC Thread#0")).isEqualTo("GC and VM operations");
        assertThat(ThreadCpu.group("grpc-default-ex")).isEqualTo("grpc-default-ex");
        assertThat(ThreadCpu.group("ForkJoinPool-1-")).isEqualTo("virtual-thread carriers (HTTP requests)");
        assertThat(ThreadCpu.group("http-nio-8081-e")).isEqualTo("http-nio-#-e");
    }
}
