package io.swarmshare.agent.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.swarmshare.agent.seeding.ShareRegistry;
import io.swarmshare.agent.wire.PeerMessage;
import io.swarmshare.agent.wire.PeerMessageEncoder;
import io.swarmshare.common.api.PeerView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A peer that takes requests and never answers loses them to others once pieceTimeout passes on the clock. */
@Timeout(60)
class SilentPeerIT {

    @TempDir
    Path tmp;

    /**
     * Was "requeued elsewhere after pieceTimeout": since work stealing a silent peer loses its requests once it has
     * delivered nothing for its stall time (well under a second), so the download no longer waits for the 15 s
     * piece timeout; the clock is never advanced here.
     */
    @Test
    void silentPeersInFlightPiecesAreStolenByTheGoodPeerLongBeforePieceTimeout() throws Exception {
        MutableClock clock = new MutableClock();
        try (SwarmFixture swarm = new SwarmFixture(tmp, 1024 * 1024);
             ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int pieces = swarm.manifest.pieceCount();
            AtomicInteger requestsSwallowed = new AtomicInteger();
            Thread silentPeer = Thread.ofVirtual().start(() -> swallow(silent, pieces, requestsSwallowed));
            swarm.peers.add(new PeerView("silent", "mallory", "127.0.0.1", silent.getLocalPort(), true));
            swarm.laterPeersFromCall = 1;
            swarm.laterPeers.add(swarm.seeder("good", swarm.source));
            TransferSettings settings = new TransferSettings(Duration.ofSeconds(15), 3, 8, Duration.ofMillis(200));
            try (DownloadManager leecher = new DownloadManager(settings, clock, "leecher", swarm.tracker("leecher"),
                    new ShareRegistry(null), null)) {
                DownloadStatus started = leecher.start(SwarmFixture.GROUP, swarm.manifest.name(), tmp.resolve("out"));
                SwarmFixture.await("download to finish without the piece timeout", Duration.ofSeconds(10),
                        () -> leecher.get(started.id()).orElseThrow().state() != DownloadState.RUNNING);
                DownloadStatus done = leecher.get(started.id()).orElseThrow();
                assertThat(done.state()).as(done.error()).isEqualTo(DownloadState.COMPLETED);
                assertThat(Files.mismatch(tmp.resolve("out").resolve(swarm.manifest.name()), swarm.source)).isEqualTo(-1);
                assertThat(requestsSwallowed.get()).isPositive();
                DownloadReport report = leecher.report(started.id()).orElseThrow();
                PeerReport mallory = report.peers().stream().filter(p -> p.peerId().equals("silent")).findFirst().orElseThrow();
                assertThat(mallory.pieces()).isZero();
                assertThat(mallory.stolenFrom() + report.duplicates()).isPositive();
                assertThat(report.piecesPerBand().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(pieces);
            } finally {
                silent.close();
                silentPeer.join(5000);
            }
        }
    }

    /** Accepts connections, answers handshakes with a full bitfield, reads requests and never sends a piece. */
    private static void swallow(ServerSocket server, int pieces, AtomicInteger requests) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] handshake = new byte[in.readInt()];
                in.readFully(handshake);
                BitSet all = new BitSet();
                all.set(0, pieces);
                ByteBuf buf = Unpooled.buffer();
                PeerMessageEncoder.encode(new PeerMessage.Bitfield(pieces, all), buf);
                s.getOutputStream().write(buf.array(), buf.arrayOffset(), buf.readableBytes());
                while (true) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    if (frame[0] == PeerMessage.Request.CODE) {
                        requests.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // closed: accept the next one or stop
            }
        }
    }
}
