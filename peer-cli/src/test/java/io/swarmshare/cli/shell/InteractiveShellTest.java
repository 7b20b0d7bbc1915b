package io.swarmshare.cli.shell;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.swarmshare.cli.CliContext;
import io.swarmshare.cli.Fixtures;
import io.swarmshare.cli.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The shell on a dumb terminal fed from a string: prompts, errors that do not end it, history. */
class InteractiveShellTest {

    static WireMockServer gateway;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        gateway = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        gateway.start();
        gateway.stubFor(post("/api/v1/sessions").willReturn(aResponse().withStatus(201).withBody(
                "{\"token\":\"T\",\"username\":\"alice\",\"expiresAt\":null}")));
    }

    @AfterAll
    static void stop() {
        gateway.stop();
    }

    private record Session(String terminal, String out, String err, int exitCode) {
    }

    private Session type(String input) {
        Fixtures fx = new Fixtures(tmp);
        Settings settings = Settings.resolve(new Settings.Overrides(List.of(gateway.baseUrl()), fx.agentDir(), fx.home(),
                "2s", "5s", "20ms"), Map.of());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        int code;
        try (CliContext context = new CliContext(settings, new PrintWriter(out, true), new PrintWriter(err, true), false)) {
            code = new InteractiveShell(context, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), terminal)
                    .run();
        }
        return new Session(terminal.toString(StandardCharsets.UTF_8), out.toString(), err.toString(), code);
    }

    @Test
    void promptShowsTheUserOnceLoggedIn() {
        Session s = type("login alice password1\nexit\n");

        assertThat(s.exitCode()).isZero();
        assertThat(s.terminal()).contains("swarmshare> ").contains("swarmshare(alice)> ");
        assertThat(s.out()).contains("logged in as alice");
    }

    @Test
    void failingAndUnknownCommandsPrintOneLineAndTheShellGoesOn() {
        Session s = type("list_groups\nfrobnicate\nlogin alice\nlogin alice password1\n");

        assertThat(s.err().split("\\R")).containsExactly(
                "error: not logged in: run login <user> <password> first",
                "error: unknown command 'frobnicate': run 'help' to list the commands",
                "error: missing required parameter: '<password>' (usage: login <user> <password>)",
                "warning: the agent is not running (" + tmp.resolve("agent").toAbsolutePath()
                        + "): logged in on the tracker only; start peer-agent to share or download");
        assertThat(s.out()).contains("logged in as alice");
    }

    @Test
    void endOfInputLeavesTheShellCleanly() {
        Session s = type("help\n");

        assertThat(s.exitCode()).isZero();
        assertThat(s.out()).contains("download_file");
    }

    @Test
    void historyIsKeptButNeverHoldsPasswords() throws Exception {
        type("list_groups\ncreate_user bob secret-pass\nlogin alice password1\nshow_downloads\nexit\n");

        Path history = tmp.resolve("home/history");
        String text = Files.readString(history);
        assertThat(text).contains("list_groups").contains("show_downloads")
                .doesNotContain("password1").doesNotContain("secret-pass");
        assertThat(Files.getPosixFilePermissions(history).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }
}
