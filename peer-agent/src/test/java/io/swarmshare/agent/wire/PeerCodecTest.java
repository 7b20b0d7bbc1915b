package io.swarmshare.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.RepeatedTest;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerCodecTest {

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new PeerFrameDecoder(), new PeerMessageEncoder());
    }

    /** Encodes through the pipeline's encoder, feeds the bytes back through the decoder. */
    private static Object roundTrip(PeerMessage message) {
        EmbeddedChannel out = channel();
        out.writeOutbound(message);
        ByteBuf bytes = Unpooled.buffer();
        for (Object o; (o = out.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            bytes.writeBytes(b);
            b.release();
        }
        EmbeddedChannel in = channel();
        in.writeInbound(bytes);
        Object decoded = in.readInbound();
        assertThat((Object) in.readInbound()).isNull();
        return decoded;
    }

    @Test
    void roundTripsEveryMessage() {
        BitSet bits = new BitSet();
        bits.set(0);
        bits.set(7);
        bits.set(8);
        bits.set(12);
        List<PeerMessage> messages = List.of(
                new PeerMessage.Handshake(42L, "t1.payload.sig"),
                new PeerMessage.Handshake(Long.MAX_VALUE, ""),
                new PeerMessage.Bitfield(13, bits),
                new PeerMessage.Bitfield(0, new BitSet()),
                new PeerMessage.Have(7),
                new PeerMessage.Request(Integer.MAX_VALUE),
                new PeerMessage.Cancel(3),
                new PeerMessage.Reject(PeerMessage.Reject.BAD_TICKET, "ticket expired — ünïcode"),
                PeerMessage.Reject.pieceNotHeld(1234));
        for (PeerMessage m : messages) {
            assertThat(roundTrip(m)).isEqualTo(m);
        }
    }

    @Test
    void rejectCarriesThePieceIndexOnlyForPieceNotHeld() {
        assertThat(((PeerMessage.Reject) roundTrip(PeerMessage.Reject.pieceNotHeld(99))).piece()).isEqualTo(99);
        assertThat(((PeerMessage.Reject) roundTrip(new PeerMessage.Reject(PeerMessage.Reject.BAD_TICKET, 5, "x"))).piece())
                .isEqualTo(-1);
        assertThatThrownBy(() -> new PeerMessage.Reject(PeerMessage.Reject.PIECE_NOT_HELD, "piece 3 not held"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roundTripsPieceData() {
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        PeerMessage.Piece decoded = (PeerMessage.Piece) roundTrip(new PeerMessage.Piece(9, Unpooled.wrappedBuffer(data)));
        try {
            assertThat(decoded.piece()).isEqualTo(9);
            byte[] back = new byte[decoded.data().readableBytes()];
            decoded.data().readBytes(back);
            assertThat(back).isEqualTo(data);
        } finally {
            decoded.data().release();
        }
    }

    @Test
    void bitfieldIsMostSignificantBitFirst() {
        BitSet bits = new BitSet();
        bits.set(0);
        bits.set(9);
        ByteBuf buf = Unpooled.buffer();
        PeerMessageEncoder.encode(new PeerMessage.Bitfield(10, bits), buf);
        // <len=7><id=2><count=10><0x80><0x40>
        assertThat(buf.readInt()).isEqualTo(7);
        assertThat(buf.readByte()).isEqualTo((byte) 2);
        assertThat(buf.readInt()).isEqualTo(10);
        assertThat(buf.readUnsignedByte()).isEqualTo((short) 0x80);
        assertThat(buf.readUnsignedByte()).isEqualTo((short) 0x40);
    }

    @Test
    void decodesFramesSplitAcrossReads() {
        ByteBuf all = Unpooled.buffer();
        PeerMessageEncoder.encode(new PeerMessage.Have(5), all);
        PeerMessageEncoder.encode(new PeerMessage.Request(6), all);
        EmbeddedChannel in = channel();
        while (all.isReadable()) {
            in.writeInbound(all.readRetainedSlice(1));
        }
        assertThat((Object) in.readInbound()).isEqualTo(new PeerMessage.Have(5));
        assertThat((Object) in.readInbound()).isEqualTo(new PeerMessage.Request(6));
    }

    @Test
    void rejectsDeclaredLengthAboveMaxBeforeAllocating() {
        EmbeddedChannel in = new EmbeddedChannel(new PeerFrameDecoder());
        ByteBuf hostile = Unpooled.buffer().writeInt(PeerMessage.MAX_FRAME_LENGTH + 1).writeByte(5);
        assertThatThrownBy(() -> in.writeInbound(hostile)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("declared frame length");
        ByteBuf huge = Unpooled.buffer().writeInt(0xFFFFFFFF);
        EmbeddedChannel in2 = new EmbeddedChannel(new PeerFrameDecoder());
        assertThatThrownBy(() -> in2.writeInbound(huge)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void acceptsLengthExactlyAtMax() {
        EmbeddedChannel in = new EmbeddedChannel(new PeerFrameDecoder());
        ByteBuf frame = Unpooled.buffer().writeInt(PeerMessage.MAX_FRAME_LENGTH).writeByte(5).writeInt(0)
                .writeZero(PeerMessage.MAX_FRAME_LENGTH - 5);
        in.writeInbound(frame);
        PeerMessage.Piece p = in.readInbound();
        assertThat(p.data().readableBytes()).isEqualTo(PeerMessage.MAX_PIECE_DATA);
        p.data().release();
    }

    @Test
    void rejectsZeroLengthFrame() {
        EmbeddedChannel in = new EmbeddedChannel(new PeerFrameDecoder());
        assertThatThrownBy(() -> in.writeInbound(Unpooled.buffer().writeInt(0))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void truncatedFramesWaitForMoreBytesAndProduceNothing() {
        ByteBuf all = Unpooled.buffer();
        PeerMessageEncoder.encode(new PeerMessage.Handshake(1, "ticket"), all);
        EmbeddedChannel in = new EmbeddedChannel(new PeerFrameDecoder());
        in.writeInbound(all.readRetainedSlice(all.readableBytes() - 1));
        assertThat((Object) in.readInbound()).isNull();
        all.release();
    }

    @Test
    void rejectsPayloadShorterThanItsMessageNeeds() {
        // a handshake frame whose ticket length points past the frame end
        ByteBuf frame = Unpooled.buffer().writeInt(1 + 1 + 8 + 2 + 2).writeByte(1).writeByte(1).writeLong(7)
                .writeShort(50).writeBytes("ab".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> new EmbeddedChannel(new PeerFrameDecoder()).writeInbound(frame))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
        ByteBuf have = Unpooled.buffer().writeInt(3).writeByte(3).writeShort(1);
        assertThatThrownBy(() -> new EmbeddedChannel(new PeerFrameDecoder()).writeInbound(have))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsTrailingBytesNegativeIndexesUnknownIdsAndBadBitfields() {
        List<ByteBuf> hostile = List.of(
                Unpooled.buffer().writeInt(6).writeByte(3).writeInt(1).writeByte(0),          // have + trailing byte
                Unpooled.buffer().writeInt(5).writeByte(4).writeInt(-1),                      // negative request
                Unpooled.buffer().writeInt(1).writeByte(99),                                  // unknown id
                Unpooled.buffer().writeInt(6).writeByte(2).writeInt(9).writeByte(0),          // 9 pieces need 2 bytes
                Unpooled.buffer().writeInt(6).writeByte(2).writeInt(3).writeByte(0x10),       // spare bit set
                Unpooled.buffer().writeInt(5).writeByte(2).writeInt(-4));                     // negative count
        for (ByteBuf b : hostile) {
            assertThatThrownBy(() -> new EmbeddedChannel(new PeerFrameDecoder()).writeInbound(b))
                    .isInstanceOf(ProtocolException.class);
        }
    }

    @RepeatedTest(20)
    void randomBytesGiveMessagesOrProtocolErrorsNeverCrashes() {
        Random random = new Random();
        for (int round = 0; round < 200; round++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            if (junk.length >= 4 && random.nextBoolean()) {
                // mostly small declared lengths so that whole frames get decoded, not just rejected
                junk[0] = 0;
                junk[1] = 0;
                junk[2] = 0;
                junk[3] = (byte) random.nextInt(junk.length);
            }
            EmbeddedChannel in = new EmbeddedChannel(new PeerFrameDecoder());
            try {
                in.writeInbound(Unpooled.wrappedBuffer(junk));
            } catch (ProtocolException expected) {
                // fine: a protocol error
            }
            for (Object o; (o = in.readInbound()) != null; ) {
                assertThat(o).isInstanceOf(PeerMessage.class);
                if (o instanceof PeerMessage.Piece p) {
                    p.data().release();
                }
            }
            try {
                in.finishAndReleaseAll();
            } catch (ProtocolException expected) {
                // the error is reported again when the channel closes
            }
        }
    }

    @Test
    void constructorsRejectValuesTheWireCannotCarry() {
        assertThatThrownBy(() -> new PeerMessage.Request(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Reject(70_000, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Handshake(300, 1, "x")).isInstanceOf(IllegalArgumentException.class);
        BitSet tooMany = new BitSet();
        tooMany.set(5);
        assertThatThrownBy(() -> new PeerMessage.Bitfield(5, tooMany)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerMessage.Handshake(1, "x".repeat(70_000))).isInstanceOf(IllegalArgumentException.class);
    }
}
