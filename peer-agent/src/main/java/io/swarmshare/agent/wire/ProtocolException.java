package io.swarmshare.agent.wire;

import io.netty.handler.codec.DecoderException;

/** Bytes from a peer that are not a valid frame: the connection is closed, nothing else happens. */
public class ProtocolException extends DecoderException {
    public ProtocolException(String message) {
        super(message);
    }
}
