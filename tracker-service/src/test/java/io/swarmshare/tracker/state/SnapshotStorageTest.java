package io.swarmshare.tracker.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotStorageTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestChecksummedSnapshotsAndDeletesOlderOnesWithTheirChecksums() throws IOException {
        for (long index : new long[]{10, 20, 30, 40}) {
            snapshot(index, true);
        }
        Files.writeString(dir.resolve("snapshot.1_5" + SnapshotFiles.CHECKSUM_SUFFIX), "orphan");
        Files.writeString(dir.resolve("raft-meta"), "not a snapshot");

        assertThat(SnapshotStorage.retainNewest(dir, 2)).isEqualTo(2);

        assertThat(names()).containsExactlyInAnyOrder("snapshot.1_30", "snapshot.1_30.sha256",
                "snapshot.1_40", "snapshot.1_40.sha256", "raft-meta");
    }

    @Test
    void aSnapshotWithoutItsChecksumDoesNotCountAsOneToKeep() throws IOException {
        snapshot(10, true);
        snapshot(20, true);
        snapshot(30, false); // e.g. its checksum not written yet: the two complete ones before it must stay

        assertThat(SnapshotStorage.retainNewest(dir, 2)).isZero();

        assertThat(names()).contains("snapshot.1_10", "snapshot.1_20", "snapshot.1_30");
    }

    @Test
    void snapshotsAreOrderedByIndexNotByName() throws IOException {
        snapshot(2, 9, true);
        snapshot(2, 100, true);
        snapshot(2, 20, true);

        SnapshotStorage.retainNewest(dir, 1);

        assertThat(names()).containsExactlyInAnyOrder("snapshot.2_100", "snapshot.2_100.sha256");
    }

    private void snapshot(long index, boolean withChecksum) throws IOException {
        snapshot(1, index, withChecksum);
    }

    private void snapshot(long term, long index, boolean withChecksum) throws IOException {
        String name = "snapshot." + term + "_" + index;
        Path file = Files.writeString(dir.resolve(name), "data " + index);
        if (withChecksum) {
            Files.writeString(SnapshotFiles.checksumFile(file), "sum " + name);
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
