package io.swarmshare.systemtest.e2e;

import static io.swarmshare.systemtest.e2e.SharingWorkflowIT.assertOneLineError;
import static io.swarmshare.systemtest.e2e.SharingWorkflowIT.ok;
import static io.swarmshare.systemtest.e2e.SharingWorkflowIT.password;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;
import io.swarmshare.systemtest.support.AgentControl;
import io.swarmshare.systemtest.support.Cli;
import io.swarmshare.systemtest.support.LocalSwarm;
import io.swarmshare.systemtest.support.TestFiles;
import io.swarmshare.systemtest.support.TestFiles.RandomFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything the system must refuse, end to end: strangers, non-owners, wrong passwords, logged-out tokens,
 * piece requests without a valid ticket, and bad input for every command. Each refusal must be one clear line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REJECT = 7;
    private static final int BITFIELD = 2;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalSwarm swarm;
    private Cli alice;   // owner of "films", seeds movie.bin (agent 1)
    private Cli carol;   // member (agent 2)
    private Cli mallory; // not a member (agent 3)
    private RandomFile movie;

    @BeforeAll
    void start() throws Exception {
        swarm = LocalSwarm.builder(RefusalsIT.class.getSimpleName()).agents(3)
                .startTimeout(Duration.ofMinutes(3)).agentStartTimeout(Duration.ofMinutes(3)).start();
        alice = user(1, "alice");
        carol = user(2, "carol");
        mallory = user(3, "mallory");
        ok(alice.run("create_group", "films"));
        ok(carol.run("join_group", "films"));
        ok(alice.run("accept_request", "films", "carol"));
        movie = TestFiles.random(swarm.workDir().resolve("alice-files/movie.bin"), 4 * 1024 * 1024 + 5, 11);
        ok(alice.run("upload_file", movie.path().toString(), "films"));
    }

    @AfterAll
    void stop() {
        if (swarm != null) {
            swarm.close();
        }
    }

    // ---------------------------------------------------------------- access control

    @Test
    void nonMemberCanNeitherListNorDownload() {
        refused(mallory.run("list_files", "films"), 1, "member");
        refused(mallory.run("download_file", "films", "movie.bin", swarm.workDir().resolve("mallory").toString()), 1, "member");
        assertThat(swarm.workDir().resolve("mallory/movie.bin")).doesNotExist();
    }

    @Test
    void onlyTheOwnerManagesJoinRequests() {
        ok(mallory.run("join_group", "films"));
        try {
            refused(mallory.run("accept_request", "films", "mallory"), 1, "owner");
            refused(carol.run("accept_request", "films", "mallory"), 1, "owner");
            refused(carol.run("reject_request", "films", "mallory"), 1, "owner");
            refused(carol.run("list_requests", "films"), 1, "owner");
            // still pending, so still no access
            refused(mallory.run("list_files", "films"), 1, "member");
            assertThat(ok(alice.run("list_requests", "films")).stdout()).contains("mallory");
        } finally {
            ok(alice.run("reject_request", "films", "mallory"));
        }
        assertThat(ok(alice.run("list_requests", "films")).stdout()).doesNotContain("mallory");
    }

    @Test
    void wrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
        Cli stranger = swarm.cli(3, "someone-else");
        Cli.Result wrongPassword = stranger.run("login", "alice", "not-alices-password");
        Cli.Result noSuchUser = stranger.run("login", "nobody-here", "whatever-password");
        refused(wrongPassword, 1, "");
        refused(noSuchUser, 1, "");
        assertThat(wrongPassword.stderr()).isEqualTo(noSuchUser.stderr());
        assertThat(stranger.home().resolve("session")).doesNotExist();
    }

    @Test
    void loggedOutTokenIsRefused() throws Exception {
        Cli frank = new Cli(io.swarmshare.systemtest.support.ExecJars.cli(), swarm.gatewayUri(),
                swarm.workDir().resolve("no-agent"), swarm.workDir().resolve("cli-frank"), swarm.logDir(), "frank");
        ok(frank.run("create_user", "frank", password("frank")));
        frank.run("login", "frank", password("frank")); // no agent: may warn, but the tracker session exists
        Path session = frank.home().resolve("session");
        byte[] stolen = Files.readAllBytes(session);
        String token = JSON.readTree(stolen).path("token").asString();
        assertThat(get("/api/v1/groups", token).statusCode()).isEqualTo(200);

        frank.run("logout");
        assertThat(get("/api/v1/groups", token).statusCode()).isEqualTo(401);
        Files.write(session, stolen); // someone kept the old token
        refused(frank.run("list_groups"), 1, "");
    }

    @Test
    void pieceServerRefusesTicketlessForgedAndMismatchedHandshakes() throws Exception {
        String carolToken = JSON.readTree(Files.readString(carol.home().resolve("session"))).path("token").asString();
        JsonNode files = JSON.readTree(get("/api/v1/groups/films/files", carolToken).body());
        long fileId = files.get(0).path("id").asLong();
        String carolPeer = new AgentControl(swarm, 2).status().path("peerId").asString();
        int alicePort = new AgentControl(swarm, 1).status().path("listenPort").asInt();

        HttpResponse<String> planResponse = get("/api/v1/groups/films/files/movie.bin/download-plan?peerId="
                + URLEncoder.encode(carolPeer, StandardCharsets.UTF_8), carolToken);
        assertThat(planResponse.statusCode()).as(planResponse.body()).isEqualTo(200);
        String realTicket = JSON.readTree(planResponse.body()).path("ticket").asString();

        String forged = TicketCodec.sign(new Ticket(fileId, "mallory", "peer-x", Instant.now().plusSeconds(600)),
                TicketCodec.newKeyPair().getPrivate());

        assertThat(handshake(alicePort, fileId, "")).as("no ticket").isEqualTo(REJECT);
        assertThat(handshake(alicePort, fileId, "t1.garbage.garbage")).as("garbage ticket").isEqualTo(REJECT);
        assertThat(handshake(alicePort, fileId, forged)).as("ticket signed by someone else").isEqualTo(REJECT);
        assertThat(handshake(alicePort, fileId + 1000, realTicket)).as("real ticket, other file").isEqualTo(REJECT);
        // the control case: the same path with the tracker's real ticket is served
        assertThat(handshake(alicePort, fileId, realTicket)).as("real ticket").isEqualTo(BITFIELD);
    }

    // ---------------------------------------------------------------- bad input, every command

    @Test
    void missingOrExtraArgumentsGetAOneLineUsage() {
        String[][] usage = {
                {"create_user"}, {"create_user", "x"}, {"create_user", "x", "y", "z"}, {"login", "alice"},
                {"create_group"}, {"join_group"}, {"leave_group", "a", "b"}, {"list_requests"},
                {"accept_request", "films"}, {"reject_request", "films"}, {"list_groups", "extra"},
                {"list_my_groups", "extra"}, {"list_files"}, {"upload_file", "x"}, {"download_file", "films", "movie.bin"},
                {"show_downloads", "a", "b", "c"}, {"stop_share", "films"}, {"logout", "now"}, {"frobnicate"},
        };
        for (String[] args : usage) {
            Cli.Result result = alice.run(args);
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
            assertOneLineError(result, "");
        }
    }

    @Test
    void unknownUsersGroupsAndFilesAreNamedInTheRefusal() {
        refused(alice.run("list_files", "no-such-group"), 1, "no-such-group");
        refused(alice.run("join_group", "no-such-group"), 1, "no-such-group");
        refused(alice.run("leave_group", "no-such-group"), 1, "no-such-group");
        refused(alice.run("list_requests", "no-such-group"), 1, "no-such-group");
        refused(alice.run("accept_request", "films", "nobody"), 1, "nobody");
        refused(alice.run("reject_request", "films", "nobody"), 1, "nobody");
        refused(carol.run("download_file", "films", "no-such.bin", swarm.workDir().resolve("c1").toString()), 1, "no-such.bin");
        refused(alice.run("stop_share", "films", "no-such.bin"), 1, "");
        refused(alice.run("create_user", "alice", "another-password"), 1, "alice");
        refused(alice.run("create_group", "films"), 1, "films");
        refused(alice.run("create_user", "shortpw", "abc"), 1, "password");
    }

    @Test
    void hostileNamesAreRefusedAndNothingIsWrittenOutsideTheDestination() throws Exception {
        refused(alice.run("create_group", "../etc"), 1, "name");
        refused(alice.run("create_user", "a/b", "long-enough-password"), 1, "name");
        Path dest = swarm.workDir().resolve("carol-hostile");
        refused(carol.run("download_file", "films", "../../escape.bin", dest.toString()), 1, "");
        refused(carol.run("download_file", "films", "/etc/passwd", dest.toString()), 1, "");
        refused(carol.run("download_file", "films", "x".repeat(300), dest.toString()), 1, "");
        assertThat(swarm.workDir().resolve("escape.bin")).doesNotExist();

        Path controlChar = Files.writeString(swarm.workDir().resolve("bell\u0007name.txt"), "hello");
        refused(alice.run("upload_file", controlChar.toString(), "films"), 1, "control");
        refused(alice.run("upload_file", swarm.workDir().resolve("does-not-exist.bin").toString(), "films"), 1, "");

        Path notADirectory = Files.writeString(swarm.workDir().resolve("plain-file"), "x");
        refused(carol.run("download_file", "films", "movie.bin", notADirectory.toString()), 1, "");
        assertThat(Files.readString(notADirectory)).isEqualTo("x");
    }

    // ---------------------------------------------------------------- helpers

    private Cli user(int agent, String name) {
        Cli cli = swarm.cli(agent, name);
        ok(cli.run("create_user", name, password(name)));
        ok(cli.run("login", name, password(name)));
        return cli;
    }

    private static void refused(Cli.Result result, int exitCode, String mentions) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
        assertOneLineError(result, mentions);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(swarm.gatewayUri() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends one handshake frame by hand ({@code <len:u32><id=1><version=1><fileId:i64><ticketLen:u16><ticket>}) and
     * returns the id of the first frame the server answers with. After a Reject the server must close.
     */
    private static int handshake(int port, long fileId, String ticket) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 3000);
            socket.setSoTimeout(10_000);
            byte[] t = ticket.getBytes(StandardCharsets.UTF_8);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(1 + 1 + 8 + 2 + t.length);
            out.writeByte(1);
            out.writeByte(1);
            out.writeLong(fileId);
            out.writeShort(t.length);
            out.write(t);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int length = in.readInt();
            assertThat(length).isBetween(1, 2 * 1024 * 1024);
            int id = in.readUnsignedByte();
            in.readNBytes(length - 1);
            if (id == REJECT) {
                try {
                    assertThat(in.read()).as("connection closed after a reject").isEqualTo(-1);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("server kept the connection open after rejecting the handshake");
                } catch (IOException closed) {
                    // reset by peer also means closed
                }
            }
            return id;
        } catch (EOFException e) {
            throw new AssertionError("server closed without answering the handshake", e);
        }
    }
}
