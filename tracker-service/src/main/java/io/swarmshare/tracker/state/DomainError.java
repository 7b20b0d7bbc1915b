package io.swarmshare.tracker.state;

/**
 * Every way a tracker call can be refused for a domain reason. The slug is the stable tail of the problem
 * type {@code https://swarmshare.io/problems/<slug>}; clients may switch on it.
 */
public enum DomainError {
    INVALID_REQUEST("invalid-request", 400, "Invalid request"),
    BAD_CREDENTIALS("bad-credentials", 401, "Wrong username or password"),
    UNAUTHENTICATED("unauthenticated", 401, "Not logged in"),
    MEMBERS_ONLY("members-only", 403, "Members only"),
    OWNER_ONLY("owner-only", 403, "Group owner only"),
    PEER_NOT_YOURS("peer-not-yours", 403, "Peer belongs to another user"),
    PEER_NOT_ANNOUNCED("peer-not-announced", 403, "Peer not announced"),
    USER_NOT_FOUND("user-not-found", 404, "No such user"),
    GROUP_NOT_FOUND("group-not-found", 404, "No such group"),
    FILE_NOT_FOUND("file-not-found", 404, "No such file"),
    JOIN_REQUEST_NOT_FOUND("join-request-not-found", 404, "No such join request"),
    USERNAME_TAKEN("username-taken", 409, "Username taken"),
    GROUP_EXISTS("group-exists", 409, "Group exists"),
    ALREADY_MEMBER("already-member", 409, "Already a member"),
    REQUEST_PENDING("request-pending", 409, "Join request pending"),
    NOT_A_MEMBER("not-a-member", 409, "Not a member"),
    ALREADY_SHARED("already-shared", 409, "Already shared"),
    FILE_NAME_TAKEN("file-name-taken", 409, "File name taken"),
    /** An Idempotency-Key sent again by another session or to another endpoint than the write that first used it. */
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused"),
    /** A write could not be committed: fewer than a majority of trackers answer. Reads still work, maybe stale. */
    NO_QUORUM("no-quorum", 503, "No quorum"),
    CLUSTER_SECRET_REQUIRED("cluster-secret-required", 403, "Cluster secret required");

    private final String slug;
    private final int status;
    private final String title;

    DomainError(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The exception to throw: {@code detail} is one sentence a CLI prints as is. */
    public DomainException because(String detail) {
        return new DomainException(this, detail);
    }
}
