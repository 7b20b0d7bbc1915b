package io.swarmshare.tracker.state;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AppliedStateRepository extends JpaRepository<AppliedState, Integer> {

    /** The largest id any row took before ids came from the log (a database from before replication). */
    @Query(value = "select greatest("
            + "(select coalesce(max(id), 0) from user_account), (select coalesce(max(id), 0) from share_group), "
            + "(select coalesce(max(id), 0) from group_member), (select coalesce(max(id), 0) from join_request), "
            + "(select coalesce(max(id), 0) from shared_file), (select coalesce(max(id), 0) from swarm_member))",
            nativeQuery = true)
    long largestExistingId();
}
