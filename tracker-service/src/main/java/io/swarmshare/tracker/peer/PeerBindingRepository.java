package io.swarmshare.tracker.peer;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

public interface PeerBindingRepository extends JpaRepository<PeerBinding, String> {

    List<PeerBinding> findByUsername(String username);
}
