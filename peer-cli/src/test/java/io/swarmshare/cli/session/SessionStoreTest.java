package io.swarmshare.cli.session;

import io.swarmshare.cli.CliException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionStoreTest {

    @TempDir
    Path tmp;

    @Test
    void savedSessionFileIsOwnerReadWriteOnly() throws Exception {
        SessionStore store = new SessionStore(tmp.resolve("home"));

        store.save(new StoredSession("secret-token", "alice"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    }

    @Test
    void createdHomeIsOwnerOnly() throws Exception {
        Path home = tmp.resolve("nested/home");

        new SessionStore(home).save(new StoredSession("t", "alice"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    }

    @Test
    void overwritingAWorldReadableSessionLeavesIt0600() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path file = home.resolve("session");
        Files.writeString(file, "{\"token\":\"old\",\"username\":\"bob\"}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        new SessionStore(home).save(new StoredSession("new", "alice"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("\"new\"").doesNotContain("old");
    }

    @Test
    void savedSessionLoadsBackAndDeleteForgetsIt() {
        SessionStore store = new SessionStore(tmp.resolve("home"));
        store.save(new StoredSession("tok", "alice"));

        assertThat(store.load()).contains(new StoredSession("tok", "alice"));

        store.delete();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void missingSessionIsNotLoggedIn() {
        assertThatThrownBy(() -> new SessionStore(tmp).require())
                .isInstanceOf(CliException.class)
                .hasMessage("not logged in: run login <user> <password> first");
    }

    @Test
    void damagedSessionFileIsOneClearLine() throws Exception {
        Files.writeString(tmp.resolve("session"), "{\"tok");

        assertThatThrownBy(() -> new SessionStore(tmp).load())
                .isInstanceOf(CliException.class)
                .hasMessageContaining("damaged session file");
    }
}
