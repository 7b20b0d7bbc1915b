package io.swarmshare.tracker.state;

import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id the command applier assigns (from a counter stored with the applied index, so every replica
 * assigns the same ids). Spring Data cannot tell "new" from a non-null id, so whether the row is stored is tracked
 * here instead.
 */
@MappedSuperclass
public abstract class AssignedIdEntity implements Persistable<Long> {

    @Id
    private Long id;

    @Transient
    private boolean stored;

    protected AssignedIdEntity() {
    }

    protected AssignedIdEntity(Long id) {
        this.id = id;
    }

    @Override
    public Long getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }
}
