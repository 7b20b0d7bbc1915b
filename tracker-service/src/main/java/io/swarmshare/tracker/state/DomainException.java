package io.swarmshare.tracker.state;

/** A refused call; its message is the sentence shown to the user, so never put internals in it. */
public class DomainException extends RuntimeException {

    private final DomainError error;

    public DomainException(DomainError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    public DomainError error() {
        return error;
    }
}
