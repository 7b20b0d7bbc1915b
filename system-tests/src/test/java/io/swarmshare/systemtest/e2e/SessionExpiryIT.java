package io.swarmshare.systemtest.e2e;

import static io.swarmshare.systemtest.e2e.SharingWorkflowIT.assertOneLineError;
import static io.swarmshare.systemtest.e2e.SharingWorkflowIT.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.swarmshare.systemtest.support.Cli;
import io.swarmshare.systemtest.support.ExecJars;
import io.swarmshare.systemtest.support.LocalSwarm;

/** A token past its lifetime is refused like a logged-out one (the tracker runs with a 20 s session lifetime, long enough for a CLI start on a loaded machine). */
class SessionExpiryIT {

    @Test
    void expiredTokenIsRefusedWithOneLine(TestInfo test) throws Exception {
        try (LocalSwarm swarm = LocalSwarm.builder(test).agents(0)
                .trackerArgs("--swarmshare.tracker.session-ttl=20s").startTimeout(Duration.ofMinutes(3)).start()) {
            Cli grace = new Cli(ExecJars.cli(), swarm.gatewayUri(), swarm.workDir().resolve("no-agent"),
                    swarm.workDir().resolve("cli-grace"), swarm.logDir(), "grace");
            ok(grace.run("create_user", "grace", "grace-secret-pw"));
            grace.run("login", "grace", "grace-secret-pw");
            long loggedIn = System.nanoTime();
            ok(grace.run("list_groups"));
            // The tracker stamps the expiry when it handles the login, which a loaded machine may delay by seconds;
            // so poll: the same token must be refused within the lifetime plus a bounded margin.
            Cli.Result expired = grace.run("list_groups");
            while (expired.ok() && System.nanoTime() - loggedIn < Duration.ofSeconds(80).toNanos()) {
                Thread.sleep(2000);
                expired = grace.run("list_groups");
            }
            assertThat(expired.exitCode()).as(expired.toString()).isEqualTo(1);
            assertOneLineError(expired, "");
            assertThat(expired.stderr().toLowerCase()).containsAnyOf("expired", "log in", "login");
        }
    }
}
