package io.swarmshare.agent.storage;

import io.swarmshare.common.manifest.FileManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything the agent keeps in its data directory, each in its own small file written atomically:
 * peer-id, session.json (0600), shares.json, manifests/{fileId}.json, downloads/{id}.json.
 */
public final class AgentStore {

    private static final Logger log = LoggerFactory.getLogger(AgentStore.class);

    private final Path dir;
    private final JsonMapper json;

    public AgentStore(Path dir, JsonMapper json) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.json = json;
        Files.createDirectories(this.dir);
    }

    public Path dir() {
        return dir;
    }

    /** The agent's identity: created on first start, the same ever after. */
    public synchronized String peerId() throws IOException {
        Path file = dir.resolve("peer-id");
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            return UUID.fromString(id).toString();
        }
        String id = UUID.randomUUID().toString();
        AtomicFiles.write(file, id.getBytes(StandardCharsets.UTF_8), false);
        return id;
    }

    public Optional<Session> loadSession() {
        return read(dir.resolve("session.json"), Session.class);
    }

    public void saveSession(Session session) throws IOException {
        AtomicFiles.write(dir.resolve("session.json"), json.writeValueAsBytes(session), true);
    }

    public void clearSession() throws IOException {
        Files.deleteIfExists(dir.resolve("session.json"));
    }

    public List<ShareRecord> loadShares() {
        Path file = dir.resolve("shares.json");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return json.readValue(file.toFile(), new TypeReference<List<ShareRecord>>() { });
        } catch (JacksonException e) {
            log.warn("ignoring unreadable {}: {}", file, e.getOriginalMessage());
            return List.of();
        }
    }

    public synchronized void saveShares(List<ShareRecord> shares) throws IOException {
        AtomicFiles.write(dir.resolve("shares.json"), json.writeValueAsBytes(shares), false);
    }

    public void saveManifest(long fileId, FileManifest manifest) throws IOException {
        Path file = dir.resolve("manifests").resolve(fileId + ".json");
        if (!Files.exists(file)) {
            AtomicFiles.write(file, json.writeValueAsBytes(manifest), false);
        }
    }

    public Optional<FileManifest> loadManifest(long fileId) {
        return read(dir.resolve("manifests").resolve(fileId + ".json"), FileManifest.class);
    }

    public void saveDownload(DownloadRecord record) throws IOException {
        AtomicFiles.write(dir.resolve("downloads").resolve(record.id() + ".json"), json.writeValueAsBytes(record), false);
    }

    public List<DownloadRecord> loadDownloads() {
        Path downloads = dir.resolve("downloads");
        List<DownloadRecord> out = new ArrayList<>();
        if (!Files.isDirectory(downloads)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(downloads, "*.json")) {
            for (Path f : files) {
                read(f, DownloadRecord.class).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private <T> Optional<T> read(Path file, Class<T> type) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(file.toFile(), type));
        } catch (JacksonException e) {
            log.warn("ignoring unreadable {}: {}", file, e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
