package io.swarmshare.systemtest.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of processes by thread name, read from Linux' {@code /proc/<pid>/task/<tid>/stat}: what a benchmark
 * window cost, JIT compiler and GC threads included (a Java profiler sees only Java code). Thread names are grouped
 * with their digits masked ({@code grpc-default-executor-3} counts as {@code grpc-default-executor-#}).
 * Elsewhere than Linux a snapshot is empty.
 */
record ThreadCpu(Map<String, Long> ticksByThread) {

    /** Linux' USER_HZ: the unit of utime and stime in /proc. */
    private static final long TICKS_PER_SECOND = 100;

    /** Keyed by pid and tid, so a window's difference counts each thread against its own start. */
    static ThreadCpu of(Collection<Long> pids) {
        Map<String, Long> ticks = new HashMap<>();
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            try (Stream<Path> threads = Files.list(tasks)) {
                threads.forEach(t -> {
                    try {
                        String name = Files.readString(t.resolve("comm")).strip();
                        String stat = Files.readString(t.resolve("stat"));
                        // fields after the ")" that ends the thread name: state is 3rd, utime 14th, stime 15th
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long used = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        ticks.put(pid + "/" + t.getFileName() + "/" + name, used);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended meanwhile
                    }
                });
            } catch (IOException | RuntimeException gone) {
                // not Linux, or the process ended
            }
        }
        return new ThreadCpu(ticks);
    }

    /**
     * A thread's group: Linux keeps 15 characters of a name, so Ratis' threads of one group ({@code t1@group-1F9B7E},
     * whether applying, writing the log or leading) can only be told apart from the others as a whole.
     */
    static String group(String threadName) {
        if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
            return "JIT " + threadName.substring(0, 2) + " compiler";
        }
        if (threadName.equals("VM Thread") || threadName.startsWith("GC Thread")) {
            return "GC and VM operations";
        }
        if (threadName.matches("ForkJoinPool-\\d+-.*")) {
            return "virtual-thread carriers (HTTP requests)"; // the tracker runs its requests on virtual threads
        }
        if (threadName.matches("t\\d+@group-.*")) {
            return "Ratis group (apply, log, role)";
        }
        return threadName.replaceAll("\\d+", "#");
    }

    /** CPU milliseconds spent between {@code before} and this snapshot, by thread name with digits masked. */
    Map<String, Long> millisSince(ThreadCpu before) {
        Map<String, Long> byName = new HashMap<>();
        ticksByThread.forEach((key, now) -> {
            long spent = now - before.ticksByThread.getOrDefault(key, 0L);
            byName.merge(group(key.substring(key.indexOf('/', key.indexOf('/') + 1) + 1)),
                    spent * 1000 / TICKS_PER_SECOND, Long::sum);
        });
        return byName;
    }
}
