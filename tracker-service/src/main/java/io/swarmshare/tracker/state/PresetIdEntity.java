package io.swarmshare.tracker.state;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * An entity whose id is set before it is saved (assigned by the command applier, or a natural key such as a peer
 * id). Spring Data cannot tell "new" from a non-null id, so whether the row is stored is tracked here: a save of a
 * new object inserts, a save of a loaded one updates.
 */
@MappedSuperclass
public abstract class PresetIdEntity<ID> implements Persistable<ID> {

    @Transient
    private boolean stored;

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
