package io.swarmshare.systemtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swarmshare.systemtest.support.LocalCluster;

/**
 * The end of a fault test: stop every tracker cleanly, read each one's facts and canonical dump, check the history
 * against them, keep the history (and, if it fails, say where it is so it can become a regression case), and
 * assert: history valid, dumps identical.
 */
final class ClusterVerdict {

    private ClusterVerdict() {
    }

    static HistoryChecker.Result checkAndCompare(LocalCluster cluster, String prefix, History history, String label) {
        List<String> ids = cluster.ids();
        if (cluster.replicated()) {
            // no more client load: wait until every tracker has applied the same index before stopping them
            java.time.Duration took = Waits.until("all trackers at the same applied index", java.time.Duration.ofMinutes(2),
                    () -> ids.stream().map(cluster::appliedIndex).distinct().count() == 1 && cluster.appliedIndex(ids.get(0)) > 0);
            System.out.printf("[%s] trackers converged at applied index %d (waited %d ms)%n", label,
                    cluster.appliedIndex(ids.get(0)), took.toMillis());
        }
        ids.parallelStream().forEach(cluster::shutdown);
        Map<String, List<String>> facts = new TreeMap<>();
        Map<String, Map<String, List<String>>> dumps = new TreeMap<>();
        for (String id : ids) {
            facts.put(id, cluster.facts(id));
            dumps.put(id, cluster.canonicalDump(id));
        }
        HistoryChecker.Result result = new HistoryChecker(prefix).check(history, facts);
        Path kept = cluster.logDir().resolve("history-" + label + ".json");
        history.write(kept);
        System.out.printf("[%s] %s%n[%s] history kept in %s%n", label, result, label, kept);
        if (!result.valid()) {
            System.out.printf("[%s] FAILING HISTORY: copy %s into system-tests/src/test/resources/histories/ as a"
                    + " regression case (see HistoryRegressionTest)%n", label, kept);
        }
        for (Map.Entry<String, Map<String, List<String>>> d : dumps.entrySet()) {
            int rows = d.getValue().values().stream().mapToInt(List::size).sum();
            System.out.printf("[%s] %s canonical dump: %d tables, %d rows%n", label, d.getKey(), d.getValue().size(), rows);
        }
        assertThat(result.violations()).as("history violations").isEmpty();
        Map<String, List<String>> first = dumps.get(ids.get(0));
        for (String id : ids) {
            writeDump(cluster.logDir().resolve("dump-" + label + "-" + id + ".txt"), dumps.get(id));
            assertThat(diff(first, dumps.get(id))).as("canonical dump of " + id + " against " + ids.get(0) + "'s").isEmpty();
        }
        return result;
    }

    /** Per table, rows only in {@code a} ({@code -}) or only in {@code b} ({@code +}); at most 20 lines. */
    static List<String> diff(Map<String, List<String>> a, Map<String, List<String>> b) {
        List<String> out = new java.util.ArrayList<>();
        java.util.Set<String> tables = new java.util.TreeSet<>(a.keySet());
        tables.addAll(b.keySet());
        for (String t : tables) {
            java.util.Set<String> ra = new java.util.HashSet<>(a.getOrDefault(t, List.of()));
            java.util.Set<String> rb = new java.util.HashSet<>(b.getOrDefault(t, List.of()));
            ra.stream().filter(r -> !rb.contains(r)).sorted().forEach(r -> out.add("- " + t + " " + r));
            rb.stream().filter(r -> !ra.contains(r)).sorted().forEach(r -> out.add("+ " + t + " " + r));
        }
        return out.size() > 20 ? out.subList(0, 20) : out;
    }

    private static void writeDump(Path file, Map<String, List<String>> dump) {
        StringBuilder b = new StringBuilder();
        dump.forEach((table, rows) -> rows.forEach(r -> b.append(table).append(' ').append(r).append('\n')));
        try {
            java.nio.file.Files.writeString(file, b);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
