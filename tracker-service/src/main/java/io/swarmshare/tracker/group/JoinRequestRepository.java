package io.swarmshare.tracker.group;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;

public interface JoinRequestRepository extends JpaRepository<JoinRequest, Long> {

    Optional<JoinRequest> findByGroupIdAndUsername(Long groupId, String username);

    boolean existsByGroupIdAndUsername(Long groupId, String username);

    List<JoinRequest> findByGroupIdOrderByRequestedAtAscIdAsc(Long groupId);

    void deleteByGroupId(Long groupId);
}
