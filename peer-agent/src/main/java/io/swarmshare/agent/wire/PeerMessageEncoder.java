package io.swarmshare.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.MessageToMessageEncoder;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * Writes {@link PeerMessage}s, and {@link FilePieceSend}s as a 9-byte header buffer followed by a
 * {@link DefaultFileRegion} so piece data goes from the page cache to the socket without passing through the heap.
 */
public final class PeerMessageEncoder extends MessageToMessageEncoder<Object> {

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof PeerMessage || msg instanceof FilePieceSend;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        if (msg instanceof FilePieceSend send) {
            // piece from file: <length=5+n:u32><id=5><piece:i32> then n bytes of the file region
            ByteBuf header = ctx.alloc().ioBuffer(9);
            header.writeInt(1 + 4 + send.length()).writeByte(PeerMessage.Piece.CODE).writeInt(send.piece());
            out.add(header);
            out.add(new DefaultFileRegion(send.file(), send.offset(), send.length()));
            return;
        }
        PeerMessage message = (PeerMessage) msg;
        if (message instanceof PeerMessage.Piece piece) {
            ByteBuf header = ctx.alloc().ioBuffer(9);
            header.writeInt(1 + 4 + piece.data().readableBytes()).writeByte(PeerMessage.Piece.CODE).writeInt(piece.piece());
            out.add(header);
            out.add(piece.data().retain());
            return;
        }
        ByteBuf buf = ctx.alloc().ioBuffer(64);
        encode(message, buf);
        out.add(buf);
    }

    /** Appends one whole frame for {@code message} to {@code buf} (Piece included, by copying its data). */
    public static void encode(PeerMessage message, ByteBuf buf) {
        int start = buf.writerIndex();
        buf.writeInt(0).writeByte(message.code());
        switch (message) {
            // handshake: <version:u8><fileId:i64><ticketLen:u16><ticket utf8>
            case PeerMessage.Handshake h -> {
                byte[] ticket = h.ticket().getBytes(StandardCharsets.UTF_8);
                buf.writeByte(h.version()).writeLong(h.fileId()).writeShort(ticket.length).writeBytes(ticket);
            }
            // bitfield: <pieceCount:i32><bits, MSB first>
            case PeerMessage.Bitfield b -> {
                buf.writeInt(b.pieceCount());
                BitSet bits = b.bits();
                int bytes = (b.pieceCount() + 7) / 8;
                for (int i = 0; i < bytes; i++) {
                    int v = 0;
                    for (int bit = 0; bit < 8; bit++) {
                        if (bits.get(i * 8 + bit)) {
                            v |= 0x80 >>> bit;
                        }
                    }
                    buf.writeByte(v);
                }
            }
            case PeerMessage.Have h -> buf.writeInt(h.piece());
            case PeerMessage.Request r -> buf.writeInt(r.piece());
            case PeerMessage.Cancel c -> buf.writeInt(c.piece());
            // piece: <piece:i32><data>
            case PeerMessage.Piece p -> buf.writeInt(p.piece()).writeBytes(p.data(), p.data().readerIndex(), p.data().readableBytes());
            // reject: <code:u16>[<piece:i32> when code = PIECE_NOT_HELD]<reason utf8>
            case PeerMessage.Reject r -> {
                buf.writeShort(r.rejectCode());
                if (r.rejectCode() == PeerMessage.Reject.PIECE_NOT_HELD) {
                    buf.writeInt(r.piece());
                }
                ByteBufUtil.writeUtf8(buf, r.reason());
            }
        }
        buf.setInt(start, buf.writerIndex() - start - 4);
    }
}
