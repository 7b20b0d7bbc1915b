package io.swarmshare.agent.control;

/** An error the control API answers as a problem detail: {@code slug} names its type, the message is the detail. */
public class ControlException extends RuntimeException {

    private final int status;
    private final String slug;

    public ControlException(int status, String slug, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }
}
