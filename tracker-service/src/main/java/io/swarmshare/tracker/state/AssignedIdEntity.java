package io.swarmshare.tracker.state;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * An entity whose id the command applier assigns (from a counter stored with the applied index, so every replica
 * assigns the same ids).
 */
@MappedSuperclass
public abstract class AssignedIdEntity extends PresetIdEntity<Long> {

    @Id
    private Long id;

    protected AssignedIdEntity() {
    }

    protected AssignedIdEntity(Long id) {
        this.id = id;
    }

    @Override
    public Long getId() {
        return id;
    }
}
