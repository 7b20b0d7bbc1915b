package io.swarmshare.tracker.file;

import io.swarmshare.tracker.state.AssignedIdEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/**
 * A file shared in a group. Its identity there is (algorithm, fileDigest); the name is the one it was first
 * shared under. Piece digests live apart in {@link PieceDigests} so listing files never loads them.
 */
@Entity
@Table(name = "shared_file", uniqueConstraints = {
        @UniqueConstraint(name = "uk_file_name", columnNames = {"groupId", "name"}),
        @UniqueConstraint(name = "uk_file_digest", columnNames = {"groupId", "algorithm", "fileDigest"})})
public class SharedFile extends AssignedIdEntity {

    @Column(nullable = false)
    private Long groupId;

    @Column(nullable = false, length = 1024)
    private String name;

    @Column(nullable = false)
    private long size;

    @Column(nullable = false)
    private int pieceSize;

    @Column(nullable = false)
    private int pieceCount;

    @Column(nullable = false, length = 16)
    private String algorithm;

    @Column(nullable = false, length = 64)
    private String fileDigest;

    @Column(nullable = false)
    private Instant sharedAt;

    protected SharedFile() {
    }

    public SharedFile(Long id, Long groupId, String name, long size, int pieceSize, int pieceCount, String algorithm,
                      String fileDigest, Instant sharedAt) {
        super(id);
        this.groupId = groupId;
        this.name = name;
        this.size = size;
        this.pieceSize = pieceSize;
        this.pieceCount = pieceCount;
        this.algorithm = algorithm;
        this.fileDigest = fileDigest;
        this.sharedAt = sharedAt;
    }

    public Long id() {
        return getId();
    }

    public Long groupId() {
        return groupId;
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public int pieceSize() {
        return pieceSize;
    }

    public int pieceCount() {
        return pieceCount;
    }

    public String algorithm() {
        return algorithm;
    }

    public String fileDigest() {
        return fileDigest;
    }

    public Instant sharedAt() {
        return sharedAt;
    }
}
