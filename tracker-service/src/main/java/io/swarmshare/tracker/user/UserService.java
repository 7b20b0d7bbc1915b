package io.swarmshare.tracker.user;

import io.swarmshare.common.api.Credentials;
import io.swarmshare.common.api.UserView;
import io.swarmshare.common.names.FileNames;
import io.swarmshare.tracker.config.TrackerProperties;
import io.swarmshare.tracker.idempotency.RequestIdempotency;
import io.swarmshare.tracker.state.CommandBus;
import io.swarmshare.tracker.state.DomainError;
import io.swarmshare.tracker.state.TrackerCommand.CreateUser;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Accounts: creation and password checks. Passwords are hashed with Argon2id before any command is built. */
@Service
public class UserService {

    /** Compared against when the user does not exist, so both failures cost the same time. */
    private final String decoyHash;

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final CommandBus commands;
    private final TrackerProperties properties;
    private final Clock clock;

    UserService(UserRepository users, PasswordEncoder passwordEncoder, CommandBus commands,
                TrackerProperties properties, Clock clock) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.commands = commands;
        this.properties = properties;
        this.clock = clock;
        this.decoyHash = passwordEncoder.encode("decoy password for unknown users");
    }

    public UserView create(Credentials credentials) {
        String username = credentials == null ? null : credentials.username();
        String password = credentials == null ? null : credentials.password();
        String problem = FileNames.accountProblem("user", username);
        if (problem != null) {
            throw DomainError.INVALID_REQUEST.because(capitalize(problem) + ".");
        }
        if (password == null || password.codePointCount(0, password.length()) < properties.minPasswordLength()) {
            throw DomainError.INVALID_REQUEST.because("The password must be at least "
                    + properties.minPasswordLength() + " characters long.");
        }
        // Saves an Argon2 hash for a taken name; the applier refuses it anyway. Not for a keyed retry, whose
        // first attempt may be what took the name: its stored answer is the one to give.
        if (!RequestIdempotency.present() && users.existsByUsername(username)) {
            throw DomainError.USERNAME_TAKEN.because("The username '" + username + "' is already taken.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return commands.submit(new CreateUser(username, passwordEncoder.encode(password), now));
    }

    /** The user if the password matches; empty for an unknown user or a wrong password alike. */
    public Optional<UserAccount> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Optional<UserAccount> user = users.findByUsername(username);
        String hash = user.map(UserAccount::passwordHash).orElse(decoyHash);
        boolean matches = passwordEncoder.matches(password, hash);
        return matches ? user : Optional.empty();
    }

    static String capitalize(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
