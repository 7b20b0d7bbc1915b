package io.swarmshare.agent.seeding;

import io.swarmshare.agent.storage.AgentStore;
import io.swarmshare.agent.tracker.AgentSession;
import io.swarmshare.agent.tracker.TrackerClient;
import io.swarmshare.agent.tracker.TrackerException;
import io.swarmshare.common.api.RegisterFileRequest;
import io.swarmshare.common.api.RegisterFileResponse;
import io.swarmshare.common.manifest.DigestAlgorithm;
import io.swarmshare.common.manifest.FileManifest;
import io.swarmshare.common.manifest.ManifestBuilder;
import io.swarmshare.common.manifest.PieceLayout;
import io.swarmshare.common.names.FileNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** upload_file and stop_share: hash once, register with the tracker, remember the share. */
public final class ShareService {

    private static final Logger log = LoggerFactory.getLogger(ShareService.class);

    /** What POST /v1/shares answers. */
    public record Uploaded(String group, String name, long size, int pieces, String fileDigest, boolean joinedExisting) {
    }

    /** A request the user must fix; {@code status} is the HTTP status the control API answers (400, 404, 409). */
    public static class ShareException extends RuntimeException {
        private final int status;

        public ShareException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final ShareRegistry registry;
    private final TrackerClient tracker;
    private final AgentSession session;
    private final AgentStore store;
    private final String peerId;

    public ShareService(ShareRegistry registry, TrackerClient tracker, AgentSession session, AgentStore store, String peerId) {
        this.registry = registry;
        this.tracker = tracker;
        this.session = session;
        this.store = store;
        this.peerId = peerId;
    }

    public Uploaded upload(Path path, String group, String algorithm) throws IOException {
        session.require();
        DigestAlgorithm alg;
        try {
            alg = DigestAlgorithm.parse(algorithm == null ? "SHA-1" : algorithm);
        } catch (IllegalArgumentException e) {
            throw new ShareException(e.getMessage(), 400);
        }
        String groupProblem = FileNames.accountProblem("group", group);
        if (groupProblem != null) {
            throw new ShareException(groupProblem, 400);
        }
        Path file = path.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new ShareException("cannot read " + file + ": no such file", 400);
        }
        if (!Files.isRegularFile(file)) {
            throw new ShareException("cannot share " + file + ": not a regular file", 400);
        }
        if (!Files.isReadable(file)) {
            throw new ShareException("cannot read " + file + ": permission denied", 400);
        }
        String name = String.valueOf(file.getFileName());
        String nameProblem = FileNames.problem(name);
        if (nameProblem != null) {
            throw new ShareException("cannot share " + file + ": " + nameProblem, 400);
        }
        if (registry.byName(group, name).isPresent()) {
            throw new ShareException("this agent already shares " + name + " in group " + group, 409);
        }
        long size = Files.size(file);
        long[] lastLogged = {0};
        log.info("hashing {} ({} bytes, {})", file, size, alg.jcaName());
        FileManifest manifest = ManifestBuilder.build(file, alg, PieceLayout.DEFAULT_PIECE_SIZE, done -> {
            if (done - lastLogged[0] >= 256L * 1024 * 1024 || done == size) {
                lastLogged[0] = done;
                log.info("hashed {}: {}%", name, size == 0 ? 100 : done * 100 / size);
            }
        });
        RegisterFileResponse response = tracker.registerFile(group, new RegisterFileRequest(peerId, manifest));
        String trackerName = response.file().name();
        long fileId = response.file().id();
        store.saveManifest(fileId, manifest);
        if (!registry.add(Share.complete(group, trackerName, fileId, manifest, file))) {
            throw new ShareException("this agent already shares " + trackerName + " in group " + group, 409);
        }
        log.info("sharing {} as {}/{} (file id {}{})", file, group, trackerName, fileId,
                response.joinedExisting() ? ", joined an existing swarm" : "");
        return new Uploaded(group, trackerName, manifest.size(), manifest.pieceCount(), manifest.fileDigest(),
                response.joinedExisting());
    }

    /** stop_share: the tracker stops offering us for the file, and we stop serving it. */
    public void stop(String group, String name) {
        session.require();
        if (registry.byName(group, name).isEmpty()) {
            throw new ShareException("this agent does not share " + name + " in group " + group, 404);
        }
        try {
            tracker.leaveSwarm(group, name, peerId);
        } catch (TrackerException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        registry.remove(group, name);
        log.info("stopped sharing {}/{}", group, name);
    }
}
