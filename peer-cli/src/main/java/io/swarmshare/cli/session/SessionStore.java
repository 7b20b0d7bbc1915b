package io.swarmshare.cli.session;

import io.swarmshare.cli.CliException;
import io.swarmshare.cli.http.Json;
import tools.jackson.core.JacksonException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer token between commands, in {@code <home>/session}. The file is created 0600 (inside a 0700 home) before
 * the token is written to it and then moved into place, so the token is never readable by others, not even briefly.
 */
public final class SessionStore {

    public static final String NOT_LOGGED_IN = "not logged in: run login <user> <password> first";

    private final Path home;

    public SessionStore(Path home) {
        this.home = home;
    }

    public Path file() {
        return home.resolve("session");
    }

    public Optional<StoredSession> load() {
        try {
            StoredSession session = Json.MAPPER.readValue(Files.readString(file()), StoredSession.class);
            if (session.token() == null || session.token().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(session);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw CliException.refused("cannot read " + file() + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw CliException.refused("damaged session file " + file() + ": run logout, then login again");
        }
    }

    /** The stored session, or the one-line "not logged in" failure. */
    public StoredSession require() {
        return load().orElseThrow(() -> CliException.refused(NOT_LOGGED_IN));
    }

    public void save(StoredSession session) {
        try {
            createHome();
            Path temp = home.resolve("session.tmp");
            Files.deleteIfExists(temp);
            if (posix()) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            Files.writeString(temp, Json.MAPPER.writeValueAsString(session));
            try {
                Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix()) {
                // An older file kept by a move-less filesystem: make sure it ends up 0600 all the same.
                Files.setPosixFilePermissions(file(), PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw CliException.refused("cannot store the session in " + file() + ": " + e.getMessage());
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            throw CliException.refused("cannot delete " + file() + ": " + e.getMessage());
        }
    }

    /** Creates the home directory (0700) if missing. */
    public void createHome() throws IOException {
        if (Files.isDirectory(home)) {
            return;
        }
        Path parent = home.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            FileAttribute<?>[] attrs = posix()
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                                    PosixFilePermission.OWNER_EXECUTE))}
                    : new FileAttribute<?>[0];
            Files.createDirectory(home, attrs);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile: fine
        }
    }

    private boolean posix() {
        Path probe = home.toAbsolutePath();
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        return probe != null && Files.getFileAttributeView(probe,
                java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
