package io.swarmshare.agent.transfer;

import io.swarmshare.agent.config.Json;
import io.swarmshare.agent.storage.AgentStore;
import io.swarmshare.agent.storage.DownloadRecord;
import io.swarmshare.common.api.PeerView;
import io.swarmshare.common.manifest.FileManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real TCP on 127.0.0.1: seeders and leechers as Netty servers and clients in this JVM. */
@Timeout(60)
class PeerTransferIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void leecherCompletesFromTwoSeedersAndVerifiesTheWholeFile() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 3 * 1024 * 1024 + 12345)) {
            swarm.peers.add(swarm.seeder("s1", swarm.source));
            swarm.peers.add(swarm.seeder("s2", swarm.source));
            DownloadManager leecher = swarm.leecher(tmp.resolve("state"), SwarmFixture.fastSettings());

            DownloadStatus started = leecher.start(SwarmFixture.GROUP, swarm.manifest.name(), tmp.resolve("out"));
            SwarmFixture.await("download to finish", WAIT, () -> leecher.get(started.id()).orElseThrow().state() != DownloadState.RUNNING);

            DownloadStatus done = leecher.get(started.id()).orElseThrow();
            assertThat(done.state()).as(done.error()).isEqualTo(DownloadState.COMPLETED);
            assertThat(done.actualDigest()).isEqualTo(swarm.manifest.fileDigest()).isEqualTo(done.expectedDigest());
            assertThat(done.piecesFetched()).isEqualTo(swarm.manifest.pieceCount());
            assertThat(done.bytesDone()).isEqualTo(swarm.manifest.size());
            Path out = tmp.resolve("out").resolve(swarm.manifest.name());
            assertThat(Files.mismatch(out, swarm.source)).isEqualTo(-1);
            assertThat(Files.exists(tmp.resolve("out").resolve(swarm.manifest.name() + ".part"))).isFalse();
            // announced as complete last (as partial first, unless the download ended before that announce)
            SwarmFixture.await("the complete announce", WAIT, () -> !swarm.joins.isEmpty()
                    && swarm.joins.getLast().equals(SwarmFixture.GROUP + "/" + swarm.manifest.name() + ":true"));
            assertThat(swarm.joins).isSubsetOf(SwarmFixture.GROUP + "/" + swarm.manifest.name() + ":false",
                    SwarmFixture.GROUP + "/" + swarm.manifest.name() + ":true");
            // ended: the session (manifest, swarm state) is let go; list, status and report still answer
            assertThat(leecher.heldSessions()).isZero();
            assertThat(leecher.list()).singleElement().isEqualTo(done);
            assertThat(leecher.report(started.id())).hasValueSatisfying(r -> {
                assertThat(r.state()).isEqualTo("COMPLETED");
                assertThat(r.piecesFetched()).isEqualTo(swarm.manifest.pieceCount());
            });
        }
    }

    @Test
    void awaitEndAnswersAfterItsWaitWhileRunningAndAtOnceWhenTheDownloadEnds() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 2 * 1024 * 1024)) {
            swarm.laterPeersFromCall = Integer.MAX_VALUE; // no peer until the test lets the seeder in
            swarm.laterPeers.add(swarm.seeder("s1", swarm.source));
            DownloadManager leecher = swarm.leecher(null, SwarmFixture.fastSettings());
            DownloadStatus started = leecher.start(SwarmFixture.GROUP, swarm.manifest.name(), tmp.resolve("out"));

            assertThat(leecher.awaitEnd(started.id(), Duration.ofMillis(100)))
                    .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo(DownloadState.RUNNING));
            assertThat(leecher.awaitEnd("no-such-id", Duration.ofSeconds(30))).isEmpty();

            swarm.laterPeersFromCall = 0; // the next plan refresh lists the seeder
            long asked = System.nanoTime();
            DownloadStatus ended = leecher.awaitEnd(started.id(), Duration.ofSeconds(30)).orElseThrow();
            assertThat(ended.state()).as(ended.error()).isEqualTo(DownloadState.COMPLETED);
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("answered at the end, not at the wait's bound")
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void corruptSeederIsDetectedDroppedAndTheFileStillCompletesFromTheOther() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 2 * 1024 * 1024)) {
            // the corrupt seeder is the only one in the first plan, so it is asked for piece 0 (the corrupted one)
            swarm.peers.add(swarm.seeder("corrupt", swarm.corruptCopy(0)));
            swarm.laterPeersFromCall = 1;
            swarm.laterPeers.add(swarm.seeder("good", swarm.source));
            DownloadManager leecher = swarm.leecher(null, SwarmFixture.fastSettings());

            DownloadStatus started = leecher.start(SwarmFixture.GROUP, swarm.manifest.name(), tmp.resolve("out"));
            SwarmFixture.await("download to finish", WAIT, () -> leecher.get(started.id()).orElseThrow().state() != DownloadState.RUNNING);

            DownloadStatus done = leecher.get(started.id()).orElseThrow();
            assertThat(done.state()).as(done.error()).isEqualTo(DownloadState.COMPLETED);
            assertThat(done.piecesRejected()).isEqualTo(1);
            assertThat(done.piecesFetched()).isEqualTo(swarm.manifest.pieceCount());
            assertThat(Files.mismatch(tmp.resolve("out").resolve(swarm.manifest.name()), swarm.source)).isEqualTo(-1);
        }
    }

    @Test
    void pieceThatFailsOnAsManyPeersAsAllowedFailsTheDownload() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 512 * 1024)) {
            Path bad = swarm.corruptCopy(3);
            swarm.peers.add(swarm.seeder("bad1", bad));
            swarm.peers.add(swarm.seeder("bad2", bad));
            DownloadManager leecher = swarm.leecher(null, new TransferSettings(Duration.ofSeconds(5), 2, 8, Duration.ofMillis(200)));

            DownloadStatus started = leecher.start(SwarmFixture.GROUP, swarm.manifest.name(), tmp.resolve("out"));
            SwarmFixture.await("download to fail", WAIT, () -> leecher.get(started.id()).orElseThrow().state() != DownloadState.RUNNING);

            DownloadStatus done = leecher.get(started.id()).orElseThrow();
            assertThat(done.state()).isEqualTo(DownloadState.FAILED);
            assertThat(done.error()).contains("piece 3 failed on 2 different peers");
            assertThat(done.piecesRejected()).isEqualTo(2);
            assertThat(Files.exists(tmp.resolve("out").resolve(swarm.manifest.name()))).isFalse();
            assertThat(leecher.heldSessions()).isZero();
        }
    }

    @Test
    void wholeFileDigestMismatchDeletesThePartFileAndReportsBothDigests() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 300 * 1024)) {
            swarm.peers.add(swarm.seeder("s1", swarm.source));
            FileManifest real = swarm.manifest;
            String wrong = "0".repeat(40);
            // a tracker whose manifest has right piece digests but a wrong whole-file digest
            FileManifest bent = new FileManifest(real.name(), real.size(), real.pieceSize(), real.algorithm(), wrong, real.pieceDigests());
            SwarmTracker base = swarm.tracker("leecher-x");
            SwarmTracker tracker = new SwarmTracker() {
                @Override
                public io.swarmshare.common.api.DownloadPlan plan(String group, String file) {
                    var p = base.plan(group, file);
                    return new io.swarmshare.common.api.DownloadPlan(p.file(), bent, p.peers(), p.ticket(), p.ticketExpiresAt());
                }

                @Override
                public void joinSwarm(String group, String file, boolean complete) {
                }
            };
            try (DownloadManager leecher = new DownloadManager(SwarmFixture.fastSettings(), swarm.clock, "leecher-x", tracker,
                    new io.swarmshare.agent.seeding.ShareRegistry(null), null)) {
                DownloadStatus started = leecher.start(SwarmFixture.GROUP, real.name(), tmp.resolve("out"));
                SwarmFixture.await("download to end", WAIT, () -> leecher.get(started.id()).orElseThrow().state() != DownloadState.RUNNING);
                DownloadStatus done = leecher.get(started.id()).orElseThrow();
                assertThat(done.state()).isEqualTo(DownloadState.FAILED);
                assertThat(done.expectedDigest()).isEqualTo(wrong);
                assertThat(done.actualDigest()).isEqualTo(real.fileDigest());
                assertThat(done.error()).contains("digest mismatch");
                assertThat(Files.list(tmp.resolve("out")).toList()).isEmpty();
            }
        }
    }

    @Test
    void resumeFromPersistedBitfieldFetchesOnlyTheMissingPieces() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 2 * 1024 * 1024 + 100)) {
            swarm.peers.add(swarm.seeder("s1", swarm.source));
            Path state = tmp.resolve("state");
            Path out = tmp.resolve("out");
            Files.createDirectories(out);
            FileManifest m = swarm.manifest;
            // an earlier run verified the even pieces and persisted that
            BitSet verified = new BitSet();
            try (FileChannel src = FileChannel.open(swarm.source);
                 FileChannel part = FileChannel.open(out.resolve(m.name() + ".part"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                for (int i = 0; i < m.pieceCount(); i += 2) {
                    ByteBuffer buf = ByteBuffer.allocate(m.layout().length(i));
                    src.read(buf, m.layout().offset(i));
                    buf.flip();
                    part.write(buf, m.layout().offset(i));
                    verified.set(i);
                }
            }
            AgentStore store = new AgentStore(state, Json.mapper());
            store.saveManifest(SwarmFixture.FILE_ID, m);
            store.saveDownload(new DownloadRecord("resume1", SwarmFixture.GROUP, m.name(), out.toString(),
                    out.resolve(m.name()).toString(), SwarmFixture.FILE_ID, "RUNNING",
                    Base64.getEncoder().encodeToString(verified.toByteArray()), verified.cardinality(), 0, null, m.fileDigest(), null));

            DownloadManager leecher = swarm.leecher(state, SwarmFixture.fastSettings());
            leecher.resumeAll();
            SwarmFixture.await("resumed download to finish", WAIT,
                    () -> leecher.get("resume1").map(s -> s.state() != DownloadState.RUNNING).orElse(false));

            DownloadStatus done = leecher.get("resume1").orElseThrow();
            assertThat(done.state()).as(done.error()).isEqualTo(DownloadState.COMPLETED);
            assertThat(done.piecesFetched()).isEqualTo(m.pieceCount());
            assertThat(Files.mismatch(out.resolve(m.name()), swarm.source)).isEqualTo(-1);
            // what is on disk says the same, for the next restart
            DownloadRecord persisted = store.loadDownloads().stream().filter(r -> r.id().equals("resume1")).findFirst().orElseThrow();
            assertThat(persisted.state()).isEqualTo("COMPLETED");
            assertThat(persisted.piecesFetched()).isEqualTo(m.pieceCount());
            assertThat(store.loadShares()).singleElement().satisfies(s -> assertThat(s.complete()).isTrue());
            // the next start lists the ended download without holding a session for it
            DownloadManager next = swarm.leecher(state, SwarmFixture.fastSettings());
            next.resumeAll();
            assertThat(next.heldSessions()).isZero();
            assertThat(next.get("resume1")).hasValueSatisfying(s -> {
                assertThat(s.state()).isEqualTo(DownloadState.COMPLETED);
                assertThat(s.bytesDone()).isEqualTo(m.size());
            });
        }
    }

    @Test
    void secondLeecherFetchesFromAPartialSeederWhileItIsStillDownloading() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 2 * 1024 * 1024)) {
            swarm.peers.add(swarm.seeder("s1", swarm.source));
            SwarmFixture.Leecher first = swarm.servingLeecher(SwarmFixture.fastSettings());
            // the second leecher only ever hears of the first one, never of the seeder
            SwarmFixture.Leecher second = swarm.servingLeecher(SwarmFixture.fastSettings(), List.of(first.view()));

            DownloadStatus b = second.manager().start(SwarmFixture.GROUP, swarm.manifest.name(), tmp.resolve("b"));
            DownloadStatus a = first.manager().start(SwarmFixture.GROUP, swarm.manifest.name(), tmp.resolve("a"));
            SwarmFixture.await("both downloads", WAIT, () -> first.manager().get(a.id()).orElseThrow().state() != DownloadState.RUNNING
                    && second.manager().get(b.id()).orElseThrow().state() != DownloadState.RUNNING);

            DownloadStatus done = second.manager().get(b.id()).orElseThrow();
            assertThat(done.state()).as(done.error()).isEqualTo(DownloadState.COMPLETED);
            assertThat(done.piecesFetched()).isEqualTo(swarm.manifest.pieceCount());
            assertThat(Files.mismatch(tmp.resolve("b").resolve(swarm.manifest.name()), swarm.source)).isEqualTo(-1);
        }
    }

    @Test
    void restartMidDownloadNeverFetchesAVerifiedPieceTwice() throws Exception {
        try (SwarmFixture swarm = new SwarmFixture(tmp, 2 * 1024 * 1024)) {
            FileManifest m = swarm.manifest;
            // a seeder that holds only the first half for now
            java.util.BitSet half = new java.util.BitSet();
            half.set(0, m.pieceCount() / 2);
            io.swarmshare.agent.seeding.ShareRegistry registry = new io.swarmshare.agent.seeding.ShareRegistry(null);
            io.swarmshare.agent.seeding.Share share = new io.swarmshare.agent.seeding.Share(SwarmFixture.GROUP, m.name(),
                    SwarmFixture.FILE_ID, m, swarm.source, new io.swarmshare.agent.seeding.PieceSet(m.pieceCount(), half));
            registry.add(share);
            swarm.peers.add(swarm.serve("half", registry));
            Path state = tmp.resolve("state");

            DownloadManager first = swarm.leecher(state, SwarmFixture.fastSettings());
            String id = first.start(SwarmFixture.GROUP, m.name(), tmp.resolve("out")).id();
            SwarmFixture.await("the first half", WAIT, () -> first.get(id).orElseThrow().verifiedPieces() == m.pieceCount() / 2);
            first.close();

            for (int i = m.pieceCount() / 2; i < m.pieceCount(); i++) {
                share.pieceVerified(i);
            }
            DownloadManager second = swarm.leecher(state, SwarmFixture.fastSettings());
            second.resumeAll();
            SwarmFixture.await("the resumed download", WAIT,
                    () -> second.get(id).map(s -> s.state() != DownloadState.RUNNING).orElse(false));
            DownloadStatus done = second.get(id).orElseThrow();
            assertThat(done.state()).as(done.error()).isEqualTo(DownloadState.COMPLETED);
            assertThat(done.piecesFetched()).isEqualTo(m.pieceCount());
            assertThat(Files.mismatch(tmp.resolve("out").resolve(m.name()), swarm.source)).isEqualTo(-1);
        }
    }
}
