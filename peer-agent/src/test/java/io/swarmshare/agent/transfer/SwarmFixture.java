package io.swarmshare.agent.transfer;

import io.swarmshare.agent.config.Json;
import io.swarmshare.agent.seeding.PieceServer;
import io.swarmshare.agent.seeding.Share;
import io.swarmshare.agent.seeding.ShareRegistry;
import io.swarmshare.agent.storage.AgentStore;
import io.swarmshare.common.api.DownloadPlan;
import io.swarmshare.common.api.FileView;
import io.swarmshare.common.api.PeerView;
import io.swarmshare.common.manifest.DigestAlgorithm;
import io.swarmshare.common.manifest.FileManifest;
import io.swarmshare.common.manifest.ManifestBuilder;
import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One place that builds small swarms in this JVM: a generated file, a real Ed25519 tracker key, seeders as real
 * Netty servers on 127.0.0.1, and a fake tracker that hands out plans with tickets. Close it to stop everything.
 */
final class SwarmFixture implements AutoCloseable {

    static final String GROUP = "team";
    static final long FILE_ID = 77;
    static final int PIECE_SIZE = 64 * 1024;

    final KeyPair trackerKey = TicketCodec.newKeyPair();
    final Clock clock = Clock.systemUTC();
    final Path dir;
    final Path source;
    final FileManifest manifest;
    final List<PeerView> peers = new CopyOnWriteArrayList<>();
    final List<String> joins = new CopyOnWriteArrayList<>();
    final AtomicInteger planCalls = new AtomicInteger();
    /** Peers listed only from the n-th plan call on (lets a test pick who is asked first). */
    volatile int laterPeersFromCall = 0;
    final List<PeerView> laterPeers = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    SwarmFixture(Path dir, int size) throws IOException {
        this.dir = dir;
        this.source = dir.resolve("seed").resolve("data.bin");
        Files.createDirectories(source.getParent());
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        Files.write(source, data);
        this.manifest = ManifestBuilder.build(source, DigestAlgorithm.SHA1, PIECE_SIZE, n -> { });
    }

    String ticketFor(String peerId, long fileId, Instant expires) {
        return TicketCodec.sign(new Ticket(fileId, "leecher", peerId, expires), trackerKey.getPrivate());
    }

    /** A complete seeder serving {@code file} (the source, or a corrupted copy) with the right manifest. */
    PeerView seeder(String name, Path file) throws InterruptedException {
        ShareRegistry registry = new ShareRegistry(null);
        registry.add(Share.complete(GROUP, manifest.name(), FILE_ID, manifest, file));
        return serve(name, registry);
    }

    PeerView serve(String name, ShareRegistry registry) throws InterruptedException {
        PieceServer server = new PieceServer(registry, trackerKey::getPublic, clock, 8);
        int port = server.start("127.0.0.1", 0);
        closeables.add(server);
        return new PeerView(name + "-" + UUID.randomUUID(), name, "127.0.0.1", port, true);
    }

    Path corruptCopy(int piece) throws IOException {
        Path copy = dir.resolve("corrupt").resolve("data.bin");
        Files.createDirectories(copy.getParent());
        byte[] data = Files.readAllBytes(source);
        data[piece * PIECE_SIZE + 17] ^= 0x5A;
        Files.write(copy, data);
        return copy;
    }

    SwarmTracker tracker(String selfPeerId) {
        return new SwarmTracker() {
            @Override
            public DownloadPlan plan(String group, String file) {
                int call = planCalls.incrementAndGet();
                List<PeerView> listed = new ArrayList<>(peers);
                if (call > laterPeersFromCall) {
                    listed.addAll(laterPeers);
                }
                FileView view = new FileView(FILE_ID, GROUP, manifest.name(), manifest.size(), manifest.pieceSize(),
                        manifest.pieceCount(), manifest.algorithm(), manifest.fileDigest(), listed.size(), List.of(), Instant.now());
                Instant expires = Instant.now().plus(Duration.ofMinutes(10));
                return new DownloadPlan(view, manifest, listed, ticketFor(selfPeerId, FILE_ID, expires), expires);
            }

            @Override
            public void joinSwarm(String group, String file, boolean complete) {
                joins.add(group + "/" + file + ":" + complete);
            }
        };
    }

    DownloadManager leecher(Path stateDir, TransferSettings settings) throws IOException {
        String self = "leecher-" + UUID.randomUUID();
        AgentStore store = stateDir == null ? null : new AgentStore(stateDir, Json.mapper());
        ShareRegistry registry = new ShareRegistry(store);
        DownloadManager manager = new DownloadManager(settings, clock, self, tracker(self), registry, store);
        closeables.add(manager);
        return manager;
    }

    /** A leecher that also serves what it verifies, as a real agent does. */
    record Leecher(DownloadManager manager, PeerView view) {
    }

    Leecher servingLeecher(TransferSettings settings) throws Exception {
        return servingLeecher(settings, null);
    }

    /** @param onlyPeers if not null, the plans this leecher gets list exactly these peers */
    Leecher servingLeecher(TransferSettings settings, List<PeerView> onlyPeers) throws Exception {
        ShareRegistry registry = new ShareRegistry(null);
        PeerView view = serve("leecher", registry);
        SwarmTracker base = tracker(view.peerId());
        SwarmTracker tracker = onlyPeers == null ? base : new SwarmTracker() {
            @Override
            public DownloadPlan plan(String group, String file) {
                DownloadPlan p = base.plan(group, file);
                return new DownloadPlan(p.file(), p.manifest(), onlyPeers, p.ticket(), p.ticketExpiresAt());
            }

            @Override
            public void joinSwarm(String group, String file, boolean complete) {
                base.joinSwarm(group, file, complete);
            }
        };
        DownloadManager manager = new DownloadManager(settings, clock, view.peerId(), tracker, registry, null);
        closeables.add(manager);
        return new Leecher(manager, view);
    }

    static TransferSettings fastSettings() {
        return new TransferSettings(Duration.ofSeconds(5), 3, 8, Duration.ofMillis(200));
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }
}
