package io.swarmshare.tracker.state;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import static io.swarmshare.tracker.state.TestH2.count;
import static io.swarmshare.tracker.state.TestH2.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotFilesTest {

    @TempDir
    Path dir;

    @Test
    void snapshotRestoresTheDatabaseAndCarriesItsChecksum() throws Exception {
        JdbcDataSource source = db("source");
        sql(source, "create table t(id bigint primary key, name varchar(20))", "insert into t values (1, 'ann'), (2, 'bob')");
        Path snapshot = dir.resolve("snapshot.1_10");

        TestH2.snapshot(source, snapshot);
        SnapshotFiles.verify(snapshot);
        assertThat(Files.readString(SnapshotFiles.checksumFile(snapshot))).matches("[0-9a-f]{64}  snapshot.1_10\n");

        JdbcDataSource target = db("target");
        sql(target, "create table junk(x int)", "insert into junk values (1)");
        SnapshotFiles.load(target, snapshot);
        assertThat(count(target, "select count(*) from t")).isEqualTo(2);
        assertThatThrownBy(() -> count(target, "select count(*) from junk")).isInstanceOf(SQLException.class);
    }

    @Test
    void corruptSnapshotIsRejectedBeforeTheDatabaseIsTouched() throws Exception {
        JdbcDataSource source = db("source2");
        sql(source, "create table t(id bigint primary key)", "insert into t values (1)");
        Path snapshot = dir.resolve("snapshot.2_20");
        TestH2.snapshot(source, snapshot);
        byte[] bytes = Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(snapshot, bytes);

        JdbcDataSource target = db("target2");
        sql(target, "create table keep(x int)", "insert into keep values (7)");
        assertThatThrownBy(() -> SnapshotFiles.load(target, snapshot))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
        assertThat(count(target, "select x from keep")).isEqualTo(7);

        Files.delete(SnapshotFiles.checksumFile(snapshot));
        assertThatThrownBy(() -> SnapshotFiles.verify(snapshot)).hasMessageContaining("no checksum");
    }

    private JdbcDataSource db(String name) {
        return TestH2.db(dir.resolve(name));
    }
}
