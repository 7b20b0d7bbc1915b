package io.swarmshare.tracker.state;

import org.h2.jdbcx.JdbcDataSource;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small H2 file databases for the snapshot tests, and plain JDBC on them. */
final class TestH2 {

    private TestH2() {
    }

    static JdbcDataSource db(Path file) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE");
        ds.setUser("sa");
        return ds;
    }

    static void sql(JdbcDataSource ds, String... statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    /** The whole database as a snapshot file at {@code target}, with its checksum beside it. */
    static void snapshot(JdbcDataSource ds, Path target) throws IOException, SQLException {
        try (Connection c = ds.getConnection()) {
            SnapshotFiles.publish(target, SnapshotFiles.writeUnpublished(c, target));
        }
    }

    /** The first column of the first row of {@code query}, as a number. */
    static long count(JdbcDataSource ds, String query) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
