package io.swarmshare.tracker.session;

import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.TrackerCommand.PurgeExpiredSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Expired sessions are already refused; this only keeps the table from growing forever. */
@Component
class SessionJanitor {

    private static final Logger log = LoggerFactory.getLogger(SessionJanitor.class);

    private final CommandBus commands;
    private final Clock clock;

    SessionJanitor(CommandBus commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
    void purgeExpired() {
        int purged = commands.submit(new PurgeExpiredSessions(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        if (purged > 0) {
            log.info("forgot {} expired sessions", purged);
        }
    }
}
