package io.swarmshare.tracker.file;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface SwarmMemberRepository extends JpaRepository<SwarmMember, Long> {

    Optional<SwarmMember> findByFileIdAndPeerId(Long fileId, String peerId);

    List<SwarmMember> findByFileIdOrderByIdAsc(Long fileId);

    List<SwarmMember> findByFileIdIn(Collection<Long> fileIds);

    boolean existsByFileIdAndUsernameAndCompleteTrue(Long fileId, String username);

    @Modifying(flushAutomatically = true)
    @Query("delete from SwarmMember m where m.username = :username")
    int deleteByUsername(String username);

    @Modifying(flushAutomatically = true)
    @Query("delete from SwarmMember m where m.groupId = :groupId and m.username = :username")
    int deleteByGroupIdAndUsername(Long groupId, String username);

    @Modifying(flushAutomatically = true)
    @Query("delete from SwarmMember m where m.groupId = :groupId")
    int deleteByGroupId(Long groupId);
}
