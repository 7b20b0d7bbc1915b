package io.swarmshare.common.ticket;

/** A ticket that is malformed, forged or expired; the message is safe to send back to the requester. */
public class InvalidTicketException extends RuntimeException {
    public InvalidTicketException(String message) {
        super(message);
    }
}
