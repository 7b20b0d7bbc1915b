package io.swarmshare.agent.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * Turns bytes into {@link PeerMessage}s. The declared length is checked against the maximum before a frame is
 * waited for, so a hostile length never makes it allocate; any malformed frame raises {@link ProtocolException}.
 */
public final class PeerFrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameLength;

    public PeerFrameDecoder() {
        this(PeerMessage.MAX_FRAME_LENGTH);
    }

    public PeerFrameDecoder(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // frame: <length:u32 of id+payload><id:u8><payload>
        if (in.readableBytes() < 4) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length < 1 || length > maxFrameLength) {
            in.skipBytes(in.readableBytes());
            throw new ProtocolException("declared frame length " + length + " outside 1.." + maxFrameLength);
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        ByteBuf frame = in.readSlice((int) length);
        out.add(decodeFrame(frame));
    }

    /** Decodes one frame (id + payload, length prefix already removed); the Piece's data is a retained slice. */
    static PeerMessage decodeFrame(ByteBuf frame) {
        byte id = frame.readByte();
        PeerMessage message = switch (id) {
            case PeerMessage.Handshake.CODE -> {
                // handshake: <version:u8><fileId:i64><ticketLen:u16><ticket utf8>
                need(frame, 1 + 8 + 2, "handshake");
                int version = frame.readUnsignedByte();
                long fileId = frame.readLong();
                int ticketLen = frame.readUnsignedShort();
                need(frame, ticketLen, "handshake ticket");
                String ticket = frame.readCharSequence(ticketLen, StandardCharsets.UTF_8).toString();
                yield new PeerMessage.Handshake(version, fileId, ticket);
            }
            case PeerMessage.Bitfield.CODE -> {
                // bitfield: <pieceCount:i32><bits, MSB first>
                need(frame, 4, "bitfield");
                int count = frame.readInt();
                if (count < 0) {
                    throw new ProtocolException("negative piece count " + count);
                }
                int bytes = (int) ((count + 7L) / 8);
                if (frame.readableBytes() != bytes) {
                    throw new ProtocolException("bitfield for " + count + " pieces needs " + bytes + " bytes, got "
                            + frame.readableBytes());
                }
                BitSet bits = new BitSet(count);
                for (int i = 0; i < bytes; i++) {
                    int b = frame.readUnsignedByte();
                    for (int bit = 0; bit < 8; bit++) {
                        if ((b & (0x80 >>> bit)) != 0) {
                            int index = i * 8 + bit;
                            if (index >= count) {
                                throw new ProtocolException("bitfield sets spare bit " + index);
                            }
                            bits.set(index);
                        }
                    }
                }
                yield new PeerMessage.Bitfield(count, bits);
            }
            case PeerMessage.Have.CODE -> new PeerMessage.Have(index(frame, "have"));
            case PeerMessage.Request.CODE -> new PeerMessage.Request(index(frame, "request"));
            case PeerMessage.Cancel.CODE -> new PeerMessage.Cancel(index(frame, "cancel"));
            case PeerMessage.Piece.CODE -> {
                // piece: <piece:i32><data>
                need(frame, 4, "piece");
                int piece = frame.readInt();
                if (piece < 0) {
                    throw new ProtocolException("negative piece index " + piece);
                }
                yield new PeerMessage.Piece(piece, frame.readRetainedSlice(frame.readableBytes()));
            }
            case PeerMessage.Reject.CODE -> {
                // reject: <code:u16>[<piece:i32> when code = PIECE_NOT_HELD]<reason utf8>
                need(frame, 2, "reject");
                int code = frame.readUnsignedShort();
                int piece = code == PeerMessage.Reject.PIECE_NOT_HELD ? index(frame, "reject") : -1;
                if (frame.readableBytes() > 1024) {
                    throw new ProtocolException("reject reason longer than 1024 bytes");
                }
                yield new PeerMessage.Reject(code, piece, frame.readCharSequence(frame.readableBytes(), StandardCharsets.UTF_8).toString());
            }
            default -> throw new ProtocolException("unknown message id " + id);
        };
        if (frame.isReadable()) {
            if (message instanceof PeerMessage.Piece p) {
                p.data().release();
            }
            throw new ProtocolException("trailing bytes after message " + id);
        }
        return message;
    }

    private static int index(ByteBuf frame, String what) {
        // have / request / cancel: <piece:i32>
        need(frame, 4, what);
        int piece = frame.readInt();
        if (piece < 0) {
            throw new ProtocolException("negative piece index " + piece + " in " + what);
        }
        return piece;
    }

    private static void need(ByteBuf frame, int bytes, String what) {
        if (frame.readableBytes() < bytes) {
            throw new ProtocolException("truncated " + what + " frame");
        }
    }
}
