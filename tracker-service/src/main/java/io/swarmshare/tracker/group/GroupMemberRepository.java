package io.swarmshare.tracker.group;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;

public interface GroupMemberRepository extends JpaRepository<GroupMember, Long> {

    Optional<GroupMember> findByGroupIdAndUsername(Long groupId, String username);

    boolean existsByGroupIdAndUsername(Long groupId, String username);

    /** Longest-standing first: the order of succession. */
    List<GroupMember> findByGroupIdOrderByAcceptedAtAscIdAsc(Long groupId);

    List<GroupMember> findByUsername(String username);

    long countByGroupId(Long groupId);
}
