package io.swarmshare.systemtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.swarmshare.systemtest.support.LocalCluster;

/**
 * The history checker's baseline: one tracker (the embedded default), 8 concurrent clients, 1,000+ mixed writes, the
 * tracker SIGKILLed mid-way and restarted. Nothing acknowledged may be lost even without replication: every
 * acknowledged write reached the H2 file (and, with Ratis, the log) before the answer.
 */
class SingleTrackerCrashIT {

    private static java.util.List<String> jvm() {
        java.util.List<String> options = new java.util.ArrayList<>(io.swarmshare.systemtest.support.ServiceProcess.defaultJvmOptions());
        options.add("-XX:TieredStopAtLevel=1"); // faster start on busy shared cores; this test is about durability
        return options;
    }

    @Test
    void crashOfTheOnlyTrackerLosesNothingAcknowledged(TestInfo test) throws Exception {
        String prefix = "st" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        try (LocalCluster cluster = LocalCluster.builder(test).trackers(1).jvmOptions(jvm()).start()) {
            Workload workload = new Workload(prefix, cluster::uris, 8, 1100, Duration.ofMinutes(4),
                    Workload.Mix.FULL, Duration.ofSeconds(10)).start();
            Waits.until("400 writes acknowledged", Duration.ofMinutes(3), () -> workload.writesAcked() >= 400);
            cluster.kill("t1");
            long killedAt = workload.history().now();
            cluster.restart("t1");
            Waits.until("writes acknowledged again", Duration.ofMinutes(2), () -> workload.lastAckNanos() > killedAt);
            History history = workload.await(Duration.ofMinutes(4));
            System.out.printf("[single] rounds %d, writes issued %d, acknowledged %d%n", workload.rounds(),
                    workload.writesIssued(), workload.writesAcked());
            HistoryChecker.Result result = ClusterVerdict.checkAndCompare(cluster, prefix, history, "single");
            assertThat(workload.writesIssued()).isGreaterThanOrEqualTo(1000);
            assertThat(result.stats()).containsEntry("t1 lost", 0);
        }
    }
}
