package io.swarmshare.tracker.state;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/**
 * The one row saying how far this database has applied the Raft log, written in the same transaction as each
 * entry's changes: a log entry at or below {@link #logIndex()} is never applied again (restart replays skip it).
 * It also holds the id counter new rows take their ids from, so ids are the same on every tracker.
 */
@Entity
@Table(name = "raft_applied")
public class AppliedState extends PresetIdEntity<Integer> {

    static final int ID = 1;

    @Id
    private Integer id;

    @Column(nullable = false)
    private long term;

    @Column(nullable = false)
    private long logIndex;

    @Column(nullable = false)
    private long nextId;

    @Transient
    private boolean copy;

    protected AppliedState() {
    }

    AppliedState(long nextId) {
        this.id = ID;
        this.nextId = nextId;
    }

    /** A detached copy: what an entry is applied against, thrown away if its transaction rolls back. */
    AppliedState copy() {
        AppliedState c = new AppliedState(nextId);
        c.term = term;
        c.logIndex = logIndex;
        c.copy = true;
        return c;
    }

    /** Made by {@link #copy()}: not managed by JPA, so the state machine stores it with an update of its own. */
    boolean isCopy() {
        return copy;
    }

    long nextId() {
        return nextId;
    }

    public long term() {
        return term;
    }

    public long logIndex() {
        return logIndex;
    }

    long takeId() {
        return nextId++;
    }

    void appliedUpTo(long term, long logIndex) {
        this.term = term;
        this.logIndex = logIndex;
    }

    @Override
    public Integer getId() {
        return id;
    }
}
