package io.swarmshare.agent.transfer;

/** A download that cannot be started; {@code conflict} means it clashes with what exists (HTTP 409), else 400. */
public class DownloadException extends RuntimeException {

    private final boolean conflict;

    public DownloadException(String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    public boolean conflict() {
        return conflict;
    }
}
