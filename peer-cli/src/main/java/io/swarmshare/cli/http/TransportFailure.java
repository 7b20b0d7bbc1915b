package io.swarmshare.cli.http;

import java.io.IOException;

/** An HTTP exchange that produced no answer. {@link Kind#CONNECT} means nothing was sent, so trying elsewhere is safe. */
public final class TransportFailure extends Exception {

    public enum Kind { CONNECT, TIMEOUT, BROKEN }

    private final Kind kind;

    public TransportFailure(Kind kind, String message, IOException cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
