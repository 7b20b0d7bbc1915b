package io.swarmshare.agent.storage;

import java.io.IOException;

/** A path the agent refuses to write; the message is one sentence for the user. */
public class UnsafePathException extends IOException {
    public UnsafePathException(String message) {
        super(message);
    }
}
