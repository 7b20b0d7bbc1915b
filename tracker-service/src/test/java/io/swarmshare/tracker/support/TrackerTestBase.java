package io.swarmshare.tracker.support;

import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.SessionView;
import io.swarmshare.common.manifest.FileManifest;
import io.swarmshare.common.manifest.PieceLayout;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One tracker for all HTTP tests: a real H2 file in a temporary directory and a clock tests move by hand.
 * The context is shared (one start for the whole run), so every test makes its own users and groups with
 * {@link #unique(String)} names.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import({TrackerTestBase.TestClock.class, FailingController.class})
public abstract class TrackerTestBase {

    private static volatile Path contextDataDir;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        }
    }

    @DynamicPropertySource
    static void trackerProperties(DynamicPropertyRegistry registry) {
        // Called once per application context: each context gets its own H2 file and Raft log (two Raft servers
        // cannot share one log directory).
        Path dir = contextDataDir = createDataDir();
        registry.add("swarmshare.tracker.data-dir", dir::toString);
        // A one-member Raft cluster on a free port, so tests never collide with a running tracker.
        registry.add("swarmshare.tracker.cluster.raft-port", () -> "0");
    }

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected MutableClock clock;

    @BeforeEach
    void moveClockOn() {
        // Leases and sessions of earlier tests end before this one starts.
        clock.advance(java.time.Duration.ofDays(1));
    }

    protected static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet();
    }

    protected static Path dataDir() {
        return contextDataDir;
    }

    // --- HTTP helpers -------------------------------------------------------------------------------------

    protected ResultActions call(MockHttpServletRequestBuilder request, String token, Object body) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body instanceof String s ? s : json.writeValueAsString(body));
        }
        return mvc.perform(request);
    }

    protected <T> T read(MvcResult result, Class<T> type) {
        return json.readValue(result.getResponse().getContentAsByteArray(), type);
    }

    /** Creates a user and logs in; returns the session. */
    protected SessionView newUser(String prefix) throws Exception {
        String name = unique(prefix);
        call(post("/api/v1/users"), null, Map.of("username", name, "password", "correct horse")).andExpect(status().isCreated());
        return login(name, "correct horse");
    }

    protected SessionView login(String username, String password) throws Exception {
        MvcResult r = call(post("/api/v1/sessions"), null, Map.of("username", username, "password", password))
                .andExpect(status().isCreated()).andReturn();
        SessionView session = read(r, SessionView.class);
        assertThat(session.username()).isEqualTo(username);
        assertThat(session.token()).as("session token").isNotBlank();
        return session;
    }

    protected GroupView newGroup(SessionView owner, String prefix) throws Exception {
        MvcResult r = call(post("/api/v1/groups"), owner.token(), Map.of("name", unique(prefix)))
                .andExpect(status().isCreated()).andReturn();
        return read(r, GroupView.class);
    }

    /** {@code user} asks to join and {@code owner} accepts. */
    protected void join(GroupView group, SessionView owner, SessionView user) throws Exception {
        call(post("/api/v1/groups/" + group.name() + "/join-requests"), user.token(), null).andExpect(status().isAccepted());
        call(post("/api/v1/groups/" + group.name() + "/join-requests/" + user.username() + "/accept"), owner.token(), null)
                .andExpect(status().isOk());
    }

    /** Announces (heartbeats) a new peer of the session's user; returns its id. */
    protected String newPeer(SessionView session) throws Exception {
        String peerId = unique("peer-");
        announce(session, peerId, 7000 + SEQUENCE.get() % 1000);
        return peerId;
    }

    protected void announce(SessionView session, String peerId, int port) throws Exception {
        call(put("/api/v1/peers/" + peerId), session.token(), Map.of("host", "127.0.0.1", "port", port))
                .andExpect(status().isOk());
    }

    protected ResultActions register(SessionView session, String group, String peerId, FileManifest manifest) throws Exception {
        return call(post("/api/v1/groups/" + group + "/files"), session.token(), Map.of("peerId", peerId, "manifest", manifest));
    }

    protected ResultActions plan(SessionView session, String group, String file, String peerId) throws Exception {
        return call(get("/api/v1/groups/" + group + "/files/" + file + "/download-plan").param("peerId", peerId),
                session.token(), null);
    }

    protected ResultActions logout(SessionView session) throws Exception {
        return call(delete("/api/v1/sessions/current"), session.token(), null);
    }

    /** A manifest of {@code content} cut into pieces of 4 bytes, digested with SHA-1. */
    protected static FileManifest manifest(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        int pieceSize = 4;
        PieceLayout layout = new PieceLayout(data.length, pieceSize);
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < layout.pieceCount(); i++) {
            int from = (int) layout.offset(i);
            pieces.add(sha1(java.util.Arrays.copyOfRange(data, from, from + layout.length(i))));
        }
        return new FileManifest(name, data.length, pieceSize, "SHA-1", sha1(data), pieces);
    }

    private static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path createDataDir() {
        try {
            Path dir = Files.createTempDirectory("tracker-test-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
