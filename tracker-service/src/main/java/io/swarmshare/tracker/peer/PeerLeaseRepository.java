package io.swarmshare.tracker.peer;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;

public interface PeerLeaseRepository extends JpaRepository<PeerLeaseRecord, String> {

    @Modifying
    @Query("delete from PeerLeaseRecord l where l.expiresAt <= :at")
    int deleteExpired(@Param("at") Instant at);
}
