package io.swarmshare.tracker.file;

import org.springframework.data.jpa.repository.JpaRepository;

public interface PieceDigestsRepository extends JpaRepository<PieceDigests, Long> {
}
