package io.swarmshare.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command refuses missing and extra arguments with exit 2 and exactly one line naming its synopsis, before
 * anything is sent anywhere (the gateway here is a closed port: reaching it would give exit 3).
 */
class ArgumentHandlingTest {

    @TempDir
    Path tmp;

    /** command, its full valid arguments, its synopsis. */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("create_user", List.of("alice", "password1"), "create_user <user> <password>"),
                Arguments.of("login", List.of("alice", "password1"), "login <user> <password>"),
                Arguments.of("logout", List.of(), "logout"),
                Arguments.of("create_group", List.of("g"), "create_group <group>"),
                Arguments.of("join_group", List.of("g"), "join_group <group>"),
                Arguments.of("leave_group", List.of("g"), "leave_group <group>"),
                Arguments.of("list_requests", List.of("g"), "list_requests <group>"),
                Arguments.of("accept_request", List.of("g", "bob"), "accept_request <group> <user>"),
                Arguments.of("reject_request", List.of("g", "bob"), "reject_request <group> <user>"),
                Arguments.of("list_groups", List.of(), "list_groups"),
                Arguments.of("list_my_groups", List.of(), "list_my_groups"),
                Arguments.of("list_files", List.of("g"), "list_files <group>"),
                Arguments.of("upload_file", List.of("a.txt", "g"), "upload_file [--sha256] <path> <group>"),
                Arguments.of("download_file", List.of("g", "a.txt", "out"),
                        "download_file [--no-wait] <group> <file> <destination>"),
                Arguments.of("show_downloads", List.of("d1"), "show_downloads [<id>]"),
                Arguments.of("stop_share", List.of("g", "a.txt"), "stop_share <group> <file>"),
                Arguments.of("exit", List.of(), "exit"));
    }

    /** Commands whose every parameter is required (show_downloads' id is optional). */
    static Stream<Arguments> commandsWithParameters() {
        return commands().filter(a -> !((List<?>) a.get()[1]).isEmpty() && !a.get()[0].equals("show_downloads"));
    }

    private CliRun.Result run(String command, List<String> args) {
        List<String> all = new ArrayList<>(List.of("--home", tmp.resolve("home").toString(),
                "--agent-dir", tmp.resolve("agent").toString(),
                "--gateway", "http://127.0.0.1:" + Fixtures.closedPort(), command));
        all.addAll(args);
        return CliRun.run(all.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsWithParameters")
    void missingArgumentIsOneLineUsageErrorWithExit2(String command, List<String> valid, String synopsis) {
        CliRun.Result result = run(command, valid.subList(0, valid.size() - 1));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLine()).startsWith("error: missing required parameter")
                .endsWith("(usage: swarmshare " + synopsis + ")");
        assertThat(result.out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void extraArgumentIsOneLineUsageErrorWithExit2(String command, List<String> valid, String synopsis) {
        List<String> args = new ArrayList<>(valid);
        args.add("surplus");

        CliRun.Result result = run(command, args);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLine())
                .isEqualTo("error: unexpected argument 'surplus' (usage: swarmshare " + synopsis + ")");
    }

    @Test
    void noArgumentsAtAllForATwoParameterCommandNamesBothMissing() {
        CliRun.Result result = run("accept_request", List.of());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLine()).contains("'<group>'").contains("'<user>'");
    }

    @Test
    void unknownCommandSuggestsHelpInOneLine() {
        CliRun.Result result = run("upload", List.of("x"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLine()).isEqualTo("error: unknown command 'upload': run 'help' to list the commands");
    }

    @Test
    void unknownOptionOfACommandIsAUsageError() {
        CliRun.Result result = run("upload_file", List.of("--sha512", "a.txt", "g"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLine()).contains("--sha512").endsWith("(usage: swarmshare upload_file [--sha256] <path> <group>)");
    }

    @Test
    void badGatewayUrlIsAUsageError() {
        CliRun.Result result = CliRun.run("--home", tmp.toString(), "--gateway", "ftp://somewhere", "list_groups");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLine()).startsWith("error: bad gateway URL 'ftp://somewhere'");
    }

    @Test
    void badTimeoutIsAUsageError() {
        CliRun.Result result = CliRun.run("--home", tmp.toString(), "--request-timeout", "soon", "list_groups");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.errorLine()).startsWith("error: bad duration for --request-timeout: 'soon'");
    }

    @Test
    void helpListsEveryCommandAndExitsZero() {
        CliRun.Result result = CliRun.run("help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains(commands().map(a -> (String) a.get()[0]).toArray(String[]::new));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void trackerCommandWithoutSessionSaysNotLoggedIn() {
        CliRun.Result result = run("list_groups", List.of());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.errorLine()).isEqualTo("error: not logged in: run login <user> <password> first");
    }
}
