package io.swarmshare.tracker.session;

import io.swarmshare.common.api.Credentials;
import io.swarmshare.common.api.SessionView;
import io.swarmshare.tracker.config.TrackerProperties;
import io.swarmshare.tracker.peer.LeaseRenewals;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.Freshness;
import io.swarmshare.tracker.state.TrackerCommand.CloseSession;
import io.swarmshare.tracker.state.TrackerCommand.OpenSession;
import io.swarmshare.tracker.user.UserAccount;
import io.swarmshare.tracker.user.UserService;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Logins: bearer tokens are 32 random bytes (base64url); only their SHA-256 is ever stored. */
@Service
public class SessionService {

    private final SecureRandom random = new SecureRandom();
    private final UserService users;
    private final SessionRepository sessions;
    private final SessionCache cache;
    private final CommandBus commands;
    private final LeaseRenewals leases;
    private final TrackerProperties properties;
    private final Clock clock;
    private final Freshness freshness;

    SessionService(UserService users, SessionRepository sessions, SessionCache cache, CommandBus commands,
                   LeaseRenewals leases, TrackerProperties properties, Clock clock, Freshness freshness) {
        this.cache = cache;
        this.freshness = freshness;
        this.users = users;
        this.sessions = sessions;
        this.commands = commands;
        this.leases = leases;
        this.properties = properties;
        this.clock = clock;
    }

    public SessionView login(Credentials credentials) {
        // An account created through another tracker a moment ago may not have reached this one yet.
        UserAccount user = freshness.lookAgainIfMissing(() -> users.authenticate(
                        credentials == null ? null : credentials.username(),
                        credentials == null ? null : credentials.password()))
                .orElseThrow(() -> DomainError.BAD_CREDENTIALS.because("Wrong username or password."));
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = now.plus(properties.sessionTtl());
        commands.submit(new OpenSession(hash(token), user.username(), expiresAt, now));
        return new SessionView(token, user.username(), expiresAt);
    }

    /** The caller behind a bearer token, if the session exists and has not expired. */
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 256) {
            return Optional.empty();
        }
        String tokenHash = hash(token);
        return cache.find(tokenHash, () -> sessions.findById(tokenHash))
                .filter(s -> clock.instant().isBefore(s.expiresAt()))
                .map(s -> new Caller(s.username(), tokenHash));
    }

    /** Ends the session; every peer of the user leaves every swarm and goes offline at once. */
    public void logout(Caller caller) {
        leases.forgetUser(caller.username());
        // Applying CloseSession releases the user's peers and takes them offline on every tracker.
        commands.submit(new CloseSession(caller.tokenHash(), clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }
}
