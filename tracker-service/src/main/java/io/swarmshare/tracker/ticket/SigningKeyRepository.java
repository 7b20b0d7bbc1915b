package io.swarmshare.tracker.ticket;

import org.springframework.data.jpa.repository.JpaRepository;

public interface SigningKeyRepository extends JpaRepository<SigningKey, Integer> {
}
