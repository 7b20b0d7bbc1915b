package io.swarmshare.tracker.group;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;
import java.util.Optional;

public interface GroupRepository extends JpaRepository<TrackerGroup, Long> {

    Optional<TrackerGroup> findByName(String name);

    boolean existsByName(String name);

    List<TrackerGroup> findAllByOrderByNameAsc();
}
