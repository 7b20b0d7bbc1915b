package io.swarmshare.tracker.replication;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterMembersTest {

    @TempDir
    Path dir;

    private static ClusterProperties props(String self, String members, Path file, String secret, boolean join) {
        return new ClusterProperties(self, null, members, file, secret, join, Duration.ofSeconds(3), Duration.ofSeconds(1),
                4000, org.springframework.util.unit.DataSize.ofMegabytes(1), Duration.ofSeconds(2), Duration.ofMillis(500), null);
    }

    @Test
    void defaultIsAOneMemberClusterOfThisTracker() {
        ClusterMembers m = ClusterMembers.resolve(props("t1", null, null, null, false), 9081, 8081);
        assertThat(m.isSingle()).isTrue();
        assertThat(m.self()).isEqualTo(new ClusterMembers.Member("t1", "127.0.0.1", 9081, 8081));
    }

    @Test
    void listAndFileDescribeTheSameCluster() throws Exception {
        String list = "t1=127.0.0.1:9081:8081, t2=127.0.0.1:9082:8082,t3=127.0.0.1:9083:8083";
        Path file = dir.resolve("tracker_info.txt");
        Files.writeString(file, "# id host raftPort httpPort\nt1 127.0.0.1 9081 8081\n\nt2 127.0.0.1 9082 8082  # second\nt3 127.0.0.1 9083 8083\n");

        ClusterMembers fromList = ClusterMembers.resolve(props("t2", list, null, "s", false), 1, 1);
        ClusterMembers fromFile = ClusterMembers.resolve(props("t2", null, file, "s", false), 1, 1);

        assertThat(fromList).isEqualTo(fromFile);
        assertThat(fromList.self().raftAddress()).isEqualTo("127.0.0.1:9082");
    }

    @Test
    void badConfigurationsAreRefusedWithTheReason() {
        String list = "t1=127.0.0.1:9081:8081,t2=127.0.0.1:9082:8082";
        assertThatThrownBy(() -> ClusterMembers.resolve(props("t1", list, null, null, false), 1, 1))
                .hasMessageContaining("needs a shared secret");
        assertThatThrownBy(() -> ClusterMembers.resolve(props("t9", list, null, "s", false), 1, 1))
                .hasMessageContaining("not in the member list");
        assertThatThrownBy(() -> ClusterMembers.parseList("t1=127.0.0.1:9081"))
                .hasMessageContaining("id=host:raftPort:httpPort");
        assertThatThrownBy(() -> ClusterMembers.resolve(props("t1", "t1=h:1:2,t1=h:3:4", null, "s", false), 1, 1))
                .hasMessageContaining("listed twice");
        assertThat(ClusterMembers.resolve(props("t4", list, null, "s", true), 9084, 8084).self().raftPort()).isEqualTo(9084);
    }
}
