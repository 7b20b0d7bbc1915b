package io.swarmshare.tracker.file;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;

public interface SharedFileRepository extends JpaRepository<SharedFile, Long> {

    Optional<SharedFile> findByGroupIdAndName(Long groupId, String name);

    Optional<SharedFile> findByGroupIdAndAlgorithmAndFileDigest(Long groupId, String algorithm, String fileDigest);

    List<SharedFile> findByGroupIdOrderByNameAsc(Long groupId);
}
