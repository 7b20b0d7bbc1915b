package io.swarmshare.agent.seeding;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.swarmshare.agent.wire.PeerMessage;
import io.swarmshare.agent.wire.PeerMessageEncoder;
import io.swarmshare.common.manifest.DigestAlgorithm;
import io.swarmshare.common.manifest.FileManifest;
import io.swarmshare.common.manifest.ManifestBuilder;
import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The serving side over a real socket: what a handshake must carry, and what is served after it. */
@Timeout(30)
class PieceServerIT {

    private static final long FILE_ID = 5;
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path tmp;

    private final KeyPair trackerKey = TicketCodec.newKeyPair();
    private PieceServer server;
    private int port;
    private FileManifest manifest;
    private byte[] data;
    private ShareRegistry registry;

    @BeforeEach
    void start() throws Exception {
        data = new byte[PIECE * 4 + 100];
        new Random(3).nextBytes(data);
        Path file = tmp.resolve("f.bin");
        Files.write(file, data);
        manifest = ManifestBuilder.build(file, DigestAlgorithm.SHA256, PIECE, n -> { });
        registry = new ShareRegistry(null);
        BitSet partial = new BitSet();
        partial.set(0);
        partial.set(2);
        registry.add(new Share("g", "f.bin", FILE_ID, manifest, file, new PieceSet(manifest.pieceCount(), partial)));
        server = new PieceServer(registry, trackerKey::getPublic, Clock.systemUTC(), 4);
        port = server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String ticket(long fileId, Instant expires, KeyPair key) {
        return TicketCodec.sign(new Ticket(fileId, "bob", "peer-1", expires), key.getPrivate());
    }

    private String goodTicket() {
        return ticket(FILE_ID, Instant.now().plus(Duration.ofMinutes(10)), trackerKey);
    }

    private static void send(Socket s, PeerMessage m) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        PeerMessageEncoder.encode(m, buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }

    /** Reads one frame: returns id followed by payload. */
    private static byte[] read(DataInputStream in) throws IOException {
        int len = in.readInt();
        assertThat(len).isBetween(1, PeerMessage.MAX_FRAME_LENGTH);
        byte[] frame = new byte[len];
        in.readFully(frame);
        return frame;
    }

    private static void assertClosed(DataInputStream in) throws IOException {
        try {
            assertThat(in.read()).isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open", e);
        } catch (IOException e) {
            // reset by peer: closed too
        }
    }

    private void assertRejectedAndClosed(String ticket, long fileId, int code) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            send(s, new PeerMessage.Handshake(fileId, ticket));
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] frame = read(in);
            assertThat(frame[0]).isEqualTo(PeerMessage.Reject.CODE);
            assertThat(((frame[1] & 0xFF) << 8) | (frame[2] & 0xFF)).isEqualTo(code);
            assertClosed(in);
        }
    }

    @Test
    void validHandshakeGetsTheBitfieldOfHeldPieces() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            send(s, new PeerMessage.Handshake(FILE_ID, goodTicket()));
            byte[] frame = read(new DataInputStream(s.getInputStream()));
            // <id=2><count=5><0b10100000>
            assertThat(frame).containsExactly(2, 0, 0, 0, 5, (byte) 0xA0);
        }
    }

    @Test
    void forgedTicketIsRejectedAndClosed() throws IOException {
        assertRejectedAndClosed(ticket(FILE_ID, Instant.now().plusSeconds(600), TicketCodec.newKeyPair()), FILE_ID,
                PeerMessage.Reject.BAD_TICKET);
    }

    @Test
    void expiredTicketIsRejectedAndClosed() throws IOException {
        assertRejectedAndClosed(ticket(FILE_ID, Instant.now().minusSeconds(1), trackerKey), FILE_ID, PeerMessage.Reject.BAD_TICKET);
    }

    @Test
    void ticketlessHandshakeIsRejectedAndClosed() throws IOException {
        assertRejectedAndClosed("", FILE_ID, PeerMessage.Reject.BAD_TICKET);
    }

    @Test
    void ticketForAnotherFileIsRejectedAndClosed() throws IOException {
        assertRejectedAndClosed(ticket(FILE_ID + 1, Instant.now().plusSeconds(600), trackerKey), FILE_ID, PeerMessage.Reject.BAD_TICKET);
    }

    @Test
    void validTicketForAFileNotSharedHereIsRejectedAndClosed() throws IOException {
        assertRejectedAndClosed(ticket(99, Instant.now().plusSeconds(600), trackerKey), 99, PeerMessage.Reject.UNKNOWN_FILE);
    }

    @Test
    void requestBeforeHandshakeIsRejectedAndClosed() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            send(s, new PeerMessage.Request(0));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(read(in)[0]).isEqualTo(PeerMessage.Reject.CODE);
            assertClosed(in);
        }
    }

    @Test
    void hostileFrameLengthClosesTheConnection() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(new byte[]{(byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1});
            assertClosed(new DataInputStream(s.getInputStream()));
        }
    }

    @Test
    void servesHeldPiecesRejectsMissingOnesWithoutClosingAndAnnouncesNewOnes() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            send(s, new PeerMessage.Handshake(FILE_ID, goodTicket()));
            assertThat(read(in)[0]).isEqualTo(PeerMessage.Bitfield.CODE);

            send(s, new PeerMessage.Request(1));
            byte[] reject = read(in);
            assertThat(reject[0]).isEqualTo(PeerMessage.Reject.CODE);
            // reject: <id><code:u16><piece:i32><reason>: the piece travels as a field, not in the text
            assertThat(Arrays.copyOfRange(reject, 3, 7)).containsExactly(0, 0, 0, 1);
            assertThat(new String(reject, 7, reject.length - 7, StandardCharsets.UTF_8)).startsWith("piece 1 ");

            send(s, new PeerMessage.Request(2));
            byte[] piece = read(in);
            assertThat(piece[0]).isEqualTo(PeerMessage.Piece.CODE);
            assertThat(Arrays.copyOfRange(piece, 1, 5)).containsExactly(0, 0, 0, 2);
            assertThat(Arrays.copyOfRange(piece, 5, piece.length)).isEqualTo(Arrays.copyOfRange(data, 2 * PIECE, 3 * PIECE));

            registry.byFileId(FILE_ID).orElseThrow().pieceVerified(4);
            assertThat(read(in)).containsExactly(PeerMessage.Have.CODE, 0, 0, 0, 4);
            send(s, new PeerMessage.Request(4));
            byte[] last = read(in);
            assertThat(last.length - 5).isEqualTo(100);
        }
    }

    @Test
    void stoppingAShareClosesItsConnections() throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            send(s, new PeerMessage.Handshake(FILE_ID, goodTicket()));
            assertThat(read(in)[0]).isEqualTo(PeerMessage.Bitfield.CODE);
            registry.remove("g", "f.bin");
            assertThat(read(in)[0]).isEqualTo(PeerMessage.Reject.CODE);
            assertClosed(in);
        }
    }

    @Test
    void manyPipelinedRequestsAreAllServedInOrder() throws IOException {
        registry.byFileId(FILE_ID).orElseThrow().pieceVerified(1);
        registry.byFileId(FILE_ID).orElseThrow().pieceVerified(3);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            send(s, new PeerMessage.Handshake(FILE_ID, goodTicket()));
            assertThat(read(in)[0]).isEqualTo(PeerMessage.Bitfield.CODE);
            for (int round = 0; round < 10; round++) {
                for (int p = 0; p < 4; p++) {
                    send(s, new PeerMessage.Request(p));
                }
            }
            for (int i = 0; i < 40; i++) {
                byte[] frame = read(in);
                assertThat(frame[0]).isEqualTo(PeerMessage.Piece.CODE);
                assertThat(frame[4]).isEqualTo((byte) (i % 4));
            }
        } catch (EOFException e) {
            throw new AssertionError("server closed early", e);
        }
    }
}
