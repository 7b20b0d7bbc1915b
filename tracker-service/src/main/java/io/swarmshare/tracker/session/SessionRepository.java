package io.swarmshare.tracker.session;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;

public interface SessionRepository extends JpaRepository<UserSession, String> {

    @Modifying(flushAutomatically = true)
    @Query("delete from UserSession s where s.expiresAt <= :at")
    int deleteExpired(Instant at);
}
