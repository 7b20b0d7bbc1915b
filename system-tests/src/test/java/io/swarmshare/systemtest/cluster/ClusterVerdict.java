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
            assertThat(dumps.get(id)).as("canonical dump of " + id + " equals " + ids.get(0) + "'s").isEqualTo(first);
        }
        return result;
    }
}
