package io.swarmshare.agent.tracker;

/**
 * The tracker said no (a problem detail, passed through: {@code status} and {@code detail} as it sent them), or no
 * gateway could be reached ({@code status} 503), or the answer made no sense ({@code status} 502).
 */
public class TrackerException extends RuntimeException {

    private final int status;
    private final String type;

    public TrackerException(int status, String type, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    /** Problem type URI of the tracker, or null. */
    public String type() {
        return type;
    }
}
