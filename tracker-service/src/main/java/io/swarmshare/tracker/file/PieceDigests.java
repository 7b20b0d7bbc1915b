package io.swarmshare.tracker.file;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The piece digests of one file as one LOB of concatenated raw digests (a 4 GiB file has 8192 pieces:
 * 160 KiB with SHA-1 in one row instead of 8192 rows).
 */
@Entity
@Table(name = "piece_digests")
public class PieceDigests {

    @Id
    private Long fileId;

    @Lob
    @Column(nullable = false)
    private byte[] digests;

    protected PieceDigests() {
    }

    public PieceDigests(Long fileId, byte[] digests) {
        this.fileId = fileId;
        this.digests = digests;
    }

    /** Concatenates hex digests into raw bytes. */
    public static byte[] pack(List<String> hexDigests, int digestLength) {
        byte[] out = new byte[hexDigests.size() * digestLength];
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < hexDigests.size(); i++) {
            byte[] d = hex.parseHex(hexDigests.get(i));
            if (d.length != digestLength) {
                throw new IllegalArgumentException("piece digest " + i + " is " + d.length + " bytes, expected " + digestLength);
            }
            System.arraycopy(d, 0, out, i * digestLength, digestLength);
        }
        return out;
    }

    /** The inverse of {@link #pack}: lowercase hex digests in piece order. */
    public static List<String> unpack(byte[] packed, int digestLength) {
        if (packed.length % digestLength != 0) {
            throw new IllegalStateException("stored digests are not a multiple of " + digestLength + " bytes");
        }
        HexFormat hex = HexFormat.of();
        List<String> out = new ArrayList<>(packed.length / digestLength);
        for (int off = 0; off < packed.length; off += digestLength) {
            out.add(hex.formatHex(packed, off, off + digestLength));
        }
        return out;
    }

    public byte[] digests() {
        return digests;
    }
}
