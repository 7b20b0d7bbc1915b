package io.swarmshare.tracker.ticket;

import io.swarmshare.common.api.PublicKeyView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tickets")
class TicketController {

    private final TicketService tickets;

    TicketController(TicketService tickets) {
        this.tickets = tickets;
    }

    @GetMapping("/public-key")
    PublicKeyView publicKey() {
        return tickets.publicKeyView();
    }
}
