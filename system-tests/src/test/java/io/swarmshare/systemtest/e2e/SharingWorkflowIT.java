package io.swarmshare.systemtest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.swarmshare.systemtest.support.AgentControl;
import io.swarmshare.systemtest.support.Cli;
import io.swarmshare.systemtest.support.LocalSwarm;
import io.swarmshare.systemtest.support.TestFiles;
import io.swarmshare.systemtest.support.TestFiles.RandomFile;
import tools.jackson.databind.JsonNode;

/**
 * The whole sharing workflow through the real CLI, real agents, gateway and tracker on 127.0.0.1, plus the faults a
 * swarm must survive: a seeder killed mid-download, a seeder serving corrupted data, an agent restarted mid-download,
 * and a second leecher pulling from a first that is still downloading. One swarm serves every test; each test uses
 * its own group and files, so they do not depend on each other's order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharingWorkflowIT {

    private static final long MIB = 1024 * 1024;
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(3);

    private LocalSwarm swarm;
    private Cli alice;
    private Cli bob;
    private Cli carol;
    private Cli dave;
    private Cli erin;

    @BeforeAll
    void startSwarm() {
        swarm = LocalSwarm.builder(SharingWorkflowIT.class.getSimpleName()).agents(5)
                .startTimeout(Duration.ofMinutes(3)).agentStartTimeout(Duration.ofMinutes(3)).start();
        alice = user(1, "alice");
        bob = user(2, "bob");
        carol = user(3, "carol");
        dave = user(4, "dave");
        erin = user(5, "erin");
    }

    @AfterAll
    void stopSwarm() {
        if (swarm != null) {
            swarm.close();
        }
    }

    @Test
    void twoSeedersToOneLeecherMoves64MiBAndVerifiesIt() throws Exception {
        group("films", alice, bob, carol);
        RandomFile original = TestFiles.random(swarm.workDir().resolve("alice-files/movie.bin"), 64 * MIB, 1);
        Path bobsCopy = copyFor("bob", original.path());

        assertThat(ok(alice.run("upload_file", original.path().toString(), "films")).stdout())
                .contains("movie.bin", "128 pieces", original.sha1(), "first seeder");
        assertThat(ok(bob.run("upload_file", bobsCopy.toString(), "films")).stdout())
                .contains("joined an existing share");
        Cli.Result twice = alice.run("upload_file", original.path().toString(), "films");
        assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(1);
        assertOneLineError(twice, "already");

        eventually(() -> ok(carol.run("list_files", "films")).stdout(),
                out -> out.contains("movie.bin") && out.contains("64.0 MiB") && out.contains("128")
                        && out.matches("(?s).*movie\\.bin\\s+64\\.0 MiB\\s+128\\s+2\\s+alice, bob.*"));

        Path dest = swarm.workDir().resolve("carol-downloads");
        Cli.Result download = ok(carol.run(DOWNLOAD_TIMEOUT, "download_file", "films", "movie.bin", dest.toString()));
        assertThat(download.stdout()).contains("verified SHA-1 " + original.sha1());
        assertThat(TestFiles.sha1(dest.resolve("movie.bin"))).isEqualTo(original.sha1());
        assertThat(dest.resolve("movie.bin.part")).doesNotExist();
        assertThat(ok(carol.run("show_downloads")).stdout()).contains("films/movie.bin", "completed");

        JsonNode status = new AgentControl(swarm, 3).download("movie.bin");
        assertThat(status.path("piecesFetched").asLong()).isEqualTo(128);
        assertThat(status.path("piecesRejected").asLong()).isZero();

        // The finished leecher re-shares: it now counts as a third seeder.
        eventually(() -> ok(alice.run("list_files", "films")).stdout(),
                out -> out.matches("(?s).*movie\\.bin\\s+64\\.0 MiB\\s+128\\s+3\\s+.*carol.*"));
    }

    @Test
    void sha256IsSelectablePerUpload() throws Exception {
        group("archive", alice, carol);
        RandomFile file = TestFiles.random(swarm.workDir().resolve("alice-files/notes.txt"), 3 * MIB + 17, 2);
        String sha256 = TestFiles.digestHex(file.path(), "SHA-256");
        assertThat(ok(alice.run("upload_file", file.path().toString(), "archive", "--sha256")).stdout())
                .contains("SHA-256", sha256);
        Path dest = swarm.workDir().resolve("carol-archive");
        assertThat(ok(carol.run(DOWNLOAD_TIMEOUT, "download_file", "archive", "notes.txt", dest.toString())).stdout())
                .contains("verified SHA-256 " + sha256);
        assertThat(TestFiles.digestHex(dest.resolve("notes.txt"), "SHA-256")).isEqualTo(sha256);
    }

    @Test
    void stopShareAndLogoutTakeThePeerOutOfTheListAtOnce() throws Exception {
        group("music", alice, bob, dave);
        RandomFile song = TestFiles.random(swarm.workDir().resolve("alice-files/song.flac"), 2 * MIB, 3);
        ok(alice.run("upload_file", song.path().toString(), "music"));
        ok(bob.run("upload_file", copyFor("bob", song.path()).toString(), "music"));
        eventually(() -> ok(dave.run("list_files", "music")).stdout(), out -> out.matches("(?s).*song\\.flac.*\\s2\\s+alice, bob.*"));

        ok(bob.run("stop_share", "music", "song.flac"));
        assertThat(ok(dave.run("list_files", "music")).stdout()).matches("(?s).*song\\.flac.*\\s1\\s+alice\\s*\\n.*");

        ok(alice.run("logout"));
        try {
            assertThat(ok(dave.run("list_files", "music")).stdout()).matches("(?s).*song\\.flac.*\\s0\\s+.*");
        } finally {
            ok(alice.run("login", "alice", password("alice")));
        }
        // Logging in again re-announces what alice's agent shares.
        eventually(() -> ok(dave.run("list_files", "music")).stdout(), out -> out.matches("(?s).*song\\.flac.*\\s1\\s+alice.*"));
    }

    @Test
    void secondLeecherPullsFromAFirstLeecherThatIsStillDownloading() throws Exception {
        group("crowd", alice, dave, erin);
        RandomFile big = TestFiles.random(swarm.workDir().resolve("alice-files/crowd.bin"), 256 * MIB, 4);
        ok(alice.run("upload_file", big.path().toString(), "crowd"));
        AgentControl daveAgent = new AgentControl(swarm, 4);
        AgentControl erinAgent = new AgentControl(swarm, 5);

        ok(dave.run("download_file", "crowd", "crowd.bin", swarm.workDir().resolve("dave-crowd").toString(), "--no-wait"));
        JsonNode partial = daveAgent.awaitDownload("crowd.bin", d -> AgentControl.fraction(d) >= 0.05 || AgentControl.finished(d),
                DOWNLOAD_TIMEOUT);
        swarm.agent(1).sigstop(); // the only complete seeder freezes: from now on, pieces can only come from dave
        try {
            partial = daveAgent.download("crowd.bin");
            assertThat(partial.path("state").asString()).as("dave must still be downloading when alice freezes")
                    .isEqualTo("RUNNING");
            int daveHas = partial.path("verifiedPieces").asInt();
            assertThat(daveHas).isPositive();

            ok(erin.run("download_file", "crowd", "crowd.bin", swarm.workDir().resolve("erin-crowd").toString(), "--no-wait"));
            JsonNode fromDave = erinAgent.awaitDownload("crowd.bin", d -> d.path("verifiedPieces").asInt() >= Math.min(daveHas, 10),
                    Duration.ofSeconds(60));
            assertThat(fromDave.path("verifiedPieces").asInt()).as("pieces erin got while the only seeder was frozen")
                    .isGreaterThanOrEqualTo(Math.min(daveHas, 10));
        } finally {
            swarm.agent(1).sigcont();
        }
        JsonNode daveDone = daveAgent.awaitDownload("crowd.bin", AgentControl::finished, DOWNLOAD_TIMEOUT);
        JsonNode erinDone = erinAgent.awaitDownload("crowd.bin", AgentControl::finished, DOWNLOAD_TIMEOUT);
        assertThat(daveDone.path("state").asString()).as(daveDone.toString()).isEqualTo("COMPLETED");
        assertThat(erinDone.path("state").asString()).as(erinDone.toString()).isEqualTo("COMPLETED");
        assertThat(TestFiles.sha1(swarm.workDir().resolve("dave-crowd/crowd.bin"))).isEqualTo(big.sha1());
        assertThat(TestFiles.sha1(swarm.workDir().resolve("erin-crowd/crowd.bin"))).isEqualTo(big.sha1());
    }

    @Test
    void seederKilledMidDownloadAndTheDownloadCompletesFromTheOther() throws Exception {
        group("resilient", alice, bob, carol);
        RandomFile big = TestFiles.random(swarm.workDir().resolve("alice-files/resilient.bin"), 256 * MIB, 5);
        ok(alice.run("upload_file", big.path().toString(), "resilient"));
        ok(bob.run("upload_file", copyFor("bob", big.path()).toString(), "resilient"));
        AgentControl carolAgent = new AgentControl(swarm, 3);

        ok(carol.run("download_file", "resilient", "resilient.bin", swarm.workDir().resolve("carol-res").toString(), "--no-wait"));
        carolAgent.awaitDownload("resilient.bin", d -> AgentControl.fraction(d) >= 0.05 || AgentControl.finished(d), DOWNLOAD_TIMEOUT);
        swarm.agent(2).sigkill();
        try {
            assertThat(carolAgent.download("resilient.bin").path("state").asString())
                    .as("carol must still be downloading when bob dies").isEqualTo("RUNNING");
            JsonNode done = carolAgent.awaitDownload("resilient.bin", AgentControl::finished, DOWNLOAD_TIMEOUT);
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
            assertThat(TestFiles.sha1(swarm.workDir().resolve("carol-res/resilient.bin"))).isEqualTo(big.sha1());
        } finally {
            swarm.restartAgent(2);
        }
    }

    @Test
    void corruptedSeederIsDetectedAndNotAskedAgain() throws Exception {
        group("integrity", alice, bob, dave);
        RandomFile file = TestFiles.random(swarm.workDir().resolve("alice-files/ledger.db"), 64 * MIB, 6);
        Path bobsCopy = copyFor("bob", file.path());
        ok(alice.run("upload_file", file.path().toString(), "integrity"));
        ok(bob.run("upload_file", bobsCopy.toString(), "integrity"));
        // bob's disk rots after he shared it: one flipped byte in every piece, so whatever bob serves is bad.
        try (var channel = java.nio.channels.FileChannel.open(bobsCopy, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            var one = java.nio.ByteBuffer.allocate(1);
            for (long offset = 1000; offset < file.size(); offset += 512 * 1024) {
                one.clear();
                channel.read(one, offset);
                one.flip();
                byte b = one.get(0);
                one.put(0, (byte) ~b);
                channel.write(one, offset);
            }
        }

        Path dest = swarm.workDir().resolve("dave-integrity");
        Cli.Result download = ok(dave.run(DOWNLOAD_TIMEOUT, "download_file", "integrity", "ledger.db", dest.toString()));
        assertThat(download.stdout()).contains("verified SHA-1 " + file.sha1());
        assertThat(TestFiles.sha1(dest.resolve("ledger.db"))).isEqualTo(file.sha1());
        JsonNode status = new AgentControl(swarm, 4).download("ledger.db");
        long rejected = status.path("piecesRejected").asLong();
        assertThat(rejected).as("bob's bad pieces must have been caught").isPositive();
        // Had bob been asked again after his first bad piece, he would have sent about half of the 128 pieces.
        assertThat(rejected).as("bob must be dropped after his first bad piece (only requests already in flight may fail)")
                .isLessThanOrEqualTo(16);
    }

    @Test
    void agentRestartedMidDownloadResumesWithoutFetchingAVerifiedPieceTwice() throws Exception {
        group("resume", alice, erin);
        RandomFile big = TestFiles.random(swarm.workDir().resolve("alice-files/resume.bin"), 256 * MIB, 7);
        ok(alice.run("upload_file", big.path().toString(), "resume"));
        AgentControl erinAgent = new AgentControl(swarm, 5);

        ok(erin.run("download_file", "resume", "resume.bin", swarm.workDir().resolve("erin-resume").toString(), "--no-wait"));
        erinAgent.awaitDownload("resume.bin", d -> AgentControl.fraction(d) >= 0.1 || AgentControl.finished(d), DOWNLOAD_TIMEOUT);
        swarm.agent(1).sigstop(); // hold the transfer still so the restart lands mid-download
        int before;
        try {
            JsonNode mid = erinAgent.download("resume.bin");
            assertThat(mid.path("state").asString()).isEqualTo("RUNNING");
            swarm.restartAgent(5);
            JsonNode resumed = erinAgent.download("resume.bin");
            before = resumed.path("verifiedPieces").asInt();
            assertThat(resumed.path("state").asString()).as(resumed.toString()).isEqualTo("RUNNING");
            assertThat(before).as("verified pieces survive the restart").isPositive().isLessThan(512);
        } finally {
            swarm.agent(1).sigcont();
        }
        JsonNode done = erinAgent.awaitDownload("resume.bin", AgentControl::finished, DOWNLOAD_TIMEOUT);
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.path("piecesFetched").asLong()).as("no verified piece fetched twice").isEqualTo(512);
        assertThat(TestFiles.sha1(swarm.workDir().resolve("erin-resume/resume.bin"))).isEqualTo(big.sha1());
    }

    // ---------------------------------------------------------------- helpers

    private Cli user(int agent, String name) {
        Cli cli = swarm.cli(agent, name);
        ok(cli.run("create_user", name, password(name)));
        ok(cli.run("login", name, password(name)));
        return cli;
    }

    static String password(String user) {
        return user + "-secret-pw";
    }

    /** Creates {@code name} owned by {@code owner}; every other user asks to join and is accepted. */
    private void group(String name, Cli owner, Cli... members) {
        ok(owner.run("create_group", name));
        for (Cli member : members) {
            if (member == owner) {
                continue;
            }
            ok(member.run("join_group", name));
            ok(owner.run("accept_request", name, userOf(member)));
        }
    }

    private String userOf(Cli cli) {
        return cli.home().getFileName().toString().substring("cli-".length());
    }

    private Path copyFor(String user, Path original) throws Exception {
        Path copy = swarm.workDir().resolve(user + "-files").resolve(original.getFileName());
        Files.createDirectories(copy.getParent());
        Files.copy(original, copy);
        return copy;
    }

    static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    static void assertOneLineError(Cli.Result result, String contains) {
        String err = result.stderr().strip();
        assertThat(err).as(result.toString()).startsWith("error: ").contains(contains).doesNotContain("\n")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Polls (bounded, 30 s) until {@code condition} holds for {@code value}; fails with the last value. */
    static String eventually(Supplier<String> value, java.util.function.Predicate<String> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = value.get();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("condition not reached within 30 s; last value:\n" + last);
    }
}
