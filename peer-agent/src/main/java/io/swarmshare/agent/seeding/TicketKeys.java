package io.swarmshare.agent.seeding;

import java.security.PublicKey;

/** The tracker's ticket-signing public key, as far as this agent knows it. */
public interface TicketKeys {

    /** @throws RuntimeException when the key cannot be had right now (tracker unreachable) */
    PublicKey current();

    /** A ticket failed its signature check: fetch the key again if that is allowed now; true if it changed. */
    default boolean refresh() {
        return false;
    }
}
