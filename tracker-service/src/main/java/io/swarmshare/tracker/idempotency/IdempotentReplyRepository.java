package io.swarmshare.tracker.idempotency;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;

interface IdempotentReplyRepository extends JpaRepository<IdempotentReply, String> {

    @Modifying
    @Query("delete from IdempotentReply r where r.recordedAt < :before")
    int deleteRecordedBefore(Instant before);
}
