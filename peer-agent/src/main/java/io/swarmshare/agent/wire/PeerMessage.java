package io.swarmshare.agent.wire;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Objects;

/**
 * The messages of the piece protocol (docs/DESIGN.md, "Piece protocol"). Each has a fixed byte code; constructors
 * reject values the codec could not carry. Only {@link Piece} holds a reference-counted buffer: whoever receives it
 * releases it.
 */
public sealed interface PeerMessage {

    /** Largest declared frame length (id + payload) a decoder accepts: one 1 MiB piece plus headers. */
    int MAX_FRAME_LENGTH = 1024 * 1024 + 64;
    /** Largest piece payload a frame can carry. */
    int MAX_PIECE_DATA = MAX_FRAME_LENGTH - 1 - 4;
    int PROTOCOL_VERSION = 1;

    byte code();

    record Handshake(int version, long fileId, String ticket) implements PeerMessage {
        public static final byte CODE = 1;

        public Handshake {
            if (version < 0 || version > 255) {
                throw new IllegalArgumentException("version must fit in a u8");
            }
            Objects.requireNonNull(ticket, "ticket");
            if (ticket.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
                throw new IllegalArgumentException("ticket longer than 65535 bytes");
            }
        }

        public Handshake(long fileId, String ticket) {
            this(PROTOCOL_VERSION, fileId, ticket);
        }

        @Override
        public byte code() {
            return CODE;
        }
    }

    /** {@code bits} has a set bit for every piece the sender holds; bits at or past {@code pieceCount} are never set. */
    record Bitfield(int pieceCount, BitSet bits) implements PeerMessage {
        public static final byte CODE = 2;

        public Bitfield {
            if (pieceCount < 0 || (pieceCount + 7L) / 8 > MAX_FRAME_LENGTH - 5) {
                throw new IllegalArgumentException("piece count " + pieceCount + " out of range");
            }
            bits = (BitSet) bits.clone();
            if (bits.length() > pieceCount) {
                throw new IllegalArgumentException("bit " + (bits.length() - 1) + " set beyond piece count " + pieceCount);
            }
        }

        @Override
        public BitSet bits() {
            return (BitSet) bits.clone();
        }

        @Override
        public byte code() {
            return CODE;
        }
    }

    record Have(int piece) implements PeerMessage {
        public static final byte CODE = 3;

        public Have {
            requireIndex(piece);
        }

        @Override
        public byte code() {
            return CODE;
        }
    }

    record Request(int piece) implements PeerMessage {
        public static final byte CODE = 4;

        public Request {
            requireIndex(piece);
        }

        @Override
        public byte code() {
            return CODE;
        }
    }

    /** A whole piece. {@code data} is owned by the message: release it once handled. */
    record Piece(int piece, ByteBuf data) implements PeerMessage {
        public static final byte CODE = 5;

        public Piece {
            requireIndex(piece);
            Objects.requireNonNull(data, "data");
            if (data.readableBytes() > MAX_PIECE_DATA) {
                throw new IllegalArgumentException("piece data longer than " + MAX_PIECE_DATA);
            }
        }

        @Override
        public byte code() {
            return CODE;
        }
    }

    record Cancel(int piece) implements PeerMessage {
        public static final byte CODE = 6;

        public Cancel {
            requireIndex(piece);
        }

        @Override
        public byte code() {
            return CODE;
        }
    }

    /**
     * A refusal. {@code piece} is the refused piece for {@link #PIECE_NOT_HELD} (carried on the wire only for that
     * code), -1 otherwise.
     */
    record Reject(int rejectCode, int piece, String reason) implements PeerMessage {
        public static final byte CODE = 7;
        /** The handshake's ticket is missing, malformed, forged, expired or for another file. */
        public static final int BAD_TICKET = 1;
        /** This agent does not share the file. */
        public static final int UNKNOWN_FILE = 2;
        /** The requested piece is not held (yet). */
        public static final int PIECE_NOT_HELD = 3;
        /** The peer broke the protocol (unexpected frame, bad version). */
        public static final int PROTOCOL = 4;

        public Reject {
            if (rejectCode < 0 || rejectCode > 0xFFFF) {
                throw new IllegalArgumentException("reject code must fit in a u16");
            }
            if (rejectCode == PIECE_NOT_HELD) {
                requireIndex(piece);
            } else {
                piece = -1;
            }
            Objects.requireNonNull(reason, "reason");
            if (reason.getBytes(StandardCharsets.UTF_8).length > 1024) {
                throw new IllegalArgumentException("reject reason longer than 1024 bytes");
            }
        }

        /** Any refusal but "piece not held". */
        public Reject(int rejectCode, String reason) {
            this(rejectCode, -1, reason);
        }

        /** "Piece not held": the piece travels as a field, the reason is for people. */
        public static Reject pieceNotHeld(int piece) {
            return new Reject(PIECE_NOT_HELD, piece, "piece " + piece + " not held");
        }

        @Override
        public byte code() {
            return CODE;
        }
    }

    private static void requireIndex(int piece) {
        if (piece < 0) {
            throw new IllegalArgumentException("piece index must be >= 0, was " + piece);
        }
    }
}
