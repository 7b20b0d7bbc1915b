package io.swarmshare.systemtest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.TestInfo;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A replicated tracker cluster on 127.0.0.1 for one test: N tracker processes (ids {@code t1..tN}, free HTTP and
 * Raft ports, one data directory each, one random shared cluster secret), optionally a gateway in front of all of
 * them. Faults are real signals: {@link #kill} is SIGKILL, {@link #stop}/{@link #cont} SIGSTOP/SIGCONT.
 * {@link #canonicalDump} reads a <em>stopped</em> tracker's H2 file read-only into sorted rows, so two trackers'
 * databases can be compared with {@code equals}.
 *
 * <p>If the trackers do not serve {@code GET /api/v1/cluster} (a build without replication), {@link #replicated()}
 * is false and every tracker runs alone; tests that need consensus should assume it.
 */
public final class LocalCluster implements AutoCloseable {

    /** Tables and columns that are replication bookkeeping, not tracker state: left out of canonical dumps. */
    public static final Pattern VOLATILE = Pattern.compile("(?i).*(RAFT|RATIS|APPLIED|SNAPSHOT|REPLICATION|LAST_TERM|LAST_INDEX).*");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Builder config;
    private final Path workDir;
    private final Path logDir;
    private final String secret;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ServiceProcess gateway;
    private int gatewayPort;
    private Boolean replicated;
    private Path pinnedJar;

    /** One tracker: its ports, data directory and process (replaced on restart). */
    public static final class Member {
        private final String id;
        private final int httpPort;
        private final int raftPort;
        private final Path dataDir;
        private ServiceProcess process;

        Member(String id, int httpPort, int raftPort, Path dataDir) {
            this.id = id;
            this.httpPort = httpPort;
            this.raftPort = raftPort;
            this.dataDir = dataDir;
        }

        public String id() {
            return id;
        }

        public int httpPort() {
            return httpPort;
        }

        public int raftPort() {
            return raftPort;
        }

        public Path dataDir() {
            return dataDir;
        }

        public ServiceProcess process() {
            return process;
        }

        public URI uri() {
            return URI.create("http://127.0.0.1:" + httpPort);
        }

        String spec() {
            return id + "=127.0.0.1:" + raftPort + ":" + httpPort;
        }
    }

    private LocalCluster(Builder config) throws IOException {
        this.config = config;
        this.logDir = ItLogs.dirFor(config.testName);
        this.workDir = Files.createTempDirectory("swarmshare-cluster-");
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        this.secret = HexFormat.of().formatHex(bytes);
    }

    public static Builder builder(String testName) {
        return new Builder(testName);
    }

    /** Names the logs {@code <TestClass>.<testMethod>} (or just the class for a shared cluster). */
    public static Builder builder(TestInfo test) {
        String name = test.getTestClass().map(Class::getSimpleName).orElse("test")
                + test.getTestMethod().map(m -> "." + m.getName()).orElse("");
        return new Builder(name);
    }

    public static final class Builder {
        private final String testName;
        private int trackers = 3;
        private boolean gateway;
        private Duration startTimeout = Duration.ofSeconds(420);
        private final List<String> trackerArgs = new ArrayList<>();
        private List<String> jvmOptions = ServiceProcess.defaultJvmOptions();

        private Builder(String testName) {
            this.testName = testName;
        }

        public Builder trackers(int count) {
            this.trackers = count;
            return this;
        }

        /** Also start a gateway in front of every tracker. */
        public Builder gateway(boolean withGateway) {
            this.gateway = withGateway;
            return this;
        }

        /**
         * Bound on all trackers (started together) being healthy and a leader being known, and on each restart.
         * Default 420 s: three Spring Boot JVMs starting at once on 2 cores shared with other builds took over 3 min.
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public Builder trackerArgs(String... args) {
            trackerArgs.addAll(List.of(args));
            return this;
        }

        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        public LocalCluster start() {
            LocalCluster cluster;
            try {
                cluster = new LocalCluster(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the cluster's work directory", e);
            }
            try {
                cluster.startAll();
                return cluster;
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        }
    }

    private void startAll() {
        for (int i = 1; i <= config.trackers; i++) {
            String id = "t" + i;
            members.put(id, new Member(id, ServiceProcess.freePort(), ServiceProcess.freePort(), workDir.resolve(id)));
        }
        String list = membersSpec(members.values());
        for (Member m : members.values()) {
            launch(m, list, false);
        }
        for (Member m : members.values()) {
            awaitHealthy(m.id);
        }
        if (config.gateway) {
            gatewayPort = ServiceProcess.freePort();
            String trackers = members.values().stream().map(m -> m.uri().toString()).collect(Collectors.joining(","));
            gateway = ServiceProcess.start("gateway", ExecJars.gateway(), logDir,
                    List.of("--server.port=" + gatewayPort, "--swarmshare.gateway.trackers=" + trackers));
            gateway.waitUntilHealthy(gatewayUri().resolve("/actuator/health"), config.startTimeout);
        }
        leader(config.startTimeout);
    }

    private static String membersSpec(java.util.Collection<Member> ms) {
        return ms.stream().map(Member::spec).collect(Collectors.joining(","));
    }

    private void launch(Member m, String memberList, boolean join) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + m.httpPort,
                "--swarmshare.tracker.data-dir=" + m.dataDir,
                "--swarmshare.tracker.cluster.self-id=" + m.id,
                "--swarmshare.tracker.cluster.raft-port=" + m.raftPort,
                "--swarmshare.tracker.cluster.members=" + memberList,
                "--swarmshare.tracker.cluster.secret=" + secret));
        if (join) {
            args.add("--swarmshare.tracker.cluster.join=true");
        }
        args.addAll(config.trackerArgs);
        m.process = ServiceProcess.start("tracker-" + m.id, trackerJar(), logDir, config.jvmOptions, args);
    }

    /**
     * The tracker exec jar: {@code -Dswarmshare.cluster.tracker-jar=<path>} if given (to pin one build while the
     * module is being rebuilt), else {@link ExecJars#tracker()}. Copied once into the work directory, so a rebuild
     * during the test cannot change the jar a restarted tracker runs.
     */
    private Path trackerJar() {
        if (pinnedJar == null) {
            String configured = System.getProperty("swarmshare.cluster.tracker-jar");
            Path source = configured != null && !configured.isBlank() ? Path.of(configured) : ExecJars.tracker();
            try {
                pinnedJar = Files.copy(source, workDir.resolve("tracker-exec.jar"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + source, e);
            }
        }
        return pinnedJar;
    }

    private void awaitHealthy(String id) {
        Member m = member(id);
        m.process.waitUntilHealthy(m.uri().resolve("/actuator/health"), config.startTimeout);
    }

    // ------------------------------------------------------------------ topology and views

    public List<String> ids() {
        return List.copyOf(members.keySet());
    }

    public Member member(String id) {
        Member m = members.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no tracker " + id + " (have " + members.keySet() + ")");
        }
        return m;
    }

    public URI uri(String id) {
        return member(id).uri();
    }

    /** Base URIs of every tracker, in id order. */
    public List<URI> uris() {
        return members.values().stream().map(Member::uri).toList();
    }

    public URI gatewayUri() {
        if (gateway == null) {
            throw new IllegalStateException("started without a gateway");
        }
        return URI.create("http://127.0.0.1:" + gatewayPort);
    }

    public String secret() {
        return secret;
    }

    public Path logDir() {
        return logDir;
    }

    public Path workDir() {
        return workDir;
    }

    public boolean isAlive(String id) {
        return member(id).process.isAlive();
    }

    /** True if the trackers serve {@code /api/v1/cluster} (replication built in); asked once. */
    public boolean replicated() {
        if (replicated == null) {
            for (Member m : members.values()) {
                if (!m.process.isAlive()) {
                    continue;
                }
                Optional<HttpResponse<String>> r = send(HttpRequest.newBuilder(m.uri().resolve("/api/v1/cluster"))
                        .timeout(Duration.ofSeconds(5)).GET().build());
                if (r.isPresent()) {
                    replicated = r.get().statusCode() == 200;
                    break;
                }
            }
        }
        return Boolean.TRUE.equals(replicated);
    }

    /** {@code GET /api/v1/cluster} on tracker {@code id}, or empty if it does not answer (within 3 s). */
    public Optional<JsonNode> view(String id) {
        return send(HttpRequest.newBuilder(uri(id).resolve("/api/v1/cluster")).timeout(Duration.ofSeconds(3)).GET().build())
                .filter(r -> r.statusCode() == 200)
                .map(r -> JSON.readTree(r.body()));
    }

    /** The leader as reported by a live tracker that reports one (only live members count), waiting up to 60 s. */
    public String leader() {
        return leader(Duration.ofSeconds(60));
    }

    public String leader(Duration timeout) {
        if (!replicated()) {
            return members.values().stream().filter(m -> m.process.isAlive()).findFirst().orElseThrow().id;
        }
        Instant deadline = Instant.now().plus(timeout);
        String last = "no view yet";
        while (Instant.now().isBefore(deadline)) {
            for (Member m : members.values()) {
                if (!m.process.isAlive()) {
                    continue;
                }
                Optional<JsonNode> v = view(m.id);
                if (v.isEmpty()) {
                    continue;
                }
                last = v.get().toString();
                String leader = v.get().path("leaderId").asString("");
                if (!leader.isEmpty() && members.containsKey(leader) && member(leader).process.isAlive()
                        && leaderConfirms(leader)) {
                    return leader;
                }
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("no leader within " + timeout + " (last view: " + last + ")");
    }

    private boolean leaderConfirms(String leader) {
        return view(leader).map(v -> leader.equals(v.path("leaderId").asString(""))).orElse(false);
    }

    /** A tracker's own applied index as it reports it in {@code /api/v1/cluster}, or -1 if it does not answer. */
    public long appliedIndex(String id) {
        return view(id).map(v -> {
            for (JsonNode n : v.path("members")) {
                if (id.equals(n.path("id").asString(""))) {
                    return n.path("appliedIndex").asLong(-1);
                }
            }
            return -1L;
        }).orElse(-1L);
    }

    /** Waits until tracker {@code id} has applied at least {@code index}; returns how long that took. */
    public Duration awaitApplied(String id, long index, Duration timeout) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        long last = -1;
        while (Instant.now().isBefore(deadline)) {
            last = appliedIndex(id);
            if (last >= index) {
                return Duration.between(start, Instant.now());
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(id + " applied only " + last + " of " + index + " within " + timeout);
    }

    // ------------------------------------------------------------------ faults

    /** SIGKILL: a crash with no clean-up. */
    public void kill(String id) {
        member(id).process.sigkill();
    }

    /** SIGTERM (then SIGKILL after 10 s): a clean stop, e.g. before {@link #canonicalDump}. */
    public void shutdown(String id) {
        member(id).process.kill();
    }

    /** Starts {@code id} again on the same ports and data directory (stopping it first if it runs) and waits for health. */
    public void restart(String id) {
        Member m = member(id);
        m.process.kill();
        m.process.restart();
        awaitHealthy(id);
    }

    /** SIGSTOP: the tracker freezes with its sockets open; to the others it is gone, and it cannot talk. */
    public void stop(String id) {
        member(id).process.sigstop();
    }

    public void cont(String id) {
        member(id).process.sigcont();
    }

    // ------------------------------------------------------------------ membership changes

    /**
     * Starts a new empty tracker ({@code --swarmshare.tracker.cluster.join=true}) and asks the cluster to add it
     * ({@code POST /api/v1/cluster/members} on the leader with the secret). Returns its id once it is healthy and
     * the leader lists it.
     */
    public String addTracker(Duration timeout) {
        String id = "t" + (members.size() + 1);
        Member m = new Member(id, ServiceProcess.freePort(), ServiceProcess.freePort(), workDir.resolve(id));
        List<Member> all = new ArrayList<>(members.values());
        all.add(m);
        members.put(id, m);
        try {
            launch(m, membersSpec(all), true);
            awaitHealthy(id);
        } catch (RuntimeException | Error e) {
            if (m.process != null) {
                m.process.kill();
            }
            members.remove(id); // never joined: later faults and dumps must not pick it
            throw e;
        }
        String body = "{\"id\":\"" + id + "\",\"host\":\"127.0.0.1\",\"raftPort\":" + m.raftPort + ",\"httpPort\":"
                + m.httpPort + "}";
        Instant deadline = Instant.now().plus(timeout);
        String last = "not sent";
        while (Instant.now().isBefore(deadline)) {
            String leader = leader(Duration.between(Instant.now(), deadline).plusSeconds(1));
            Optional<HttpResponse<String>> r = send(HttpRequest.newBuilder(uri(leader).resolve("/api/v1/cluster/members"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Swarmshare-Cluster-Secret", secret)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            if (r.isPresent() && r.get().statusCode() / 100 == 2) {
                return id;
            }
            last = r.map(x -> x.statusCode() + " " + x.body()).orElse("no answer");
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("could not add " + id + " within " + timeout + " (last: " + last + ")");
    }

    /**
     * Takes {@code id} out of the running cluster ({@code DELETE /api/v1/cluster/members/{id}} on the leader with the
     * secret: a Raft configuration change), then stops its process and forgets it, so later faults and dumps leave it
     * alone. Together with {@link #addTracker} this is how a tracker is replaced.
     */
    public void removeTracker(String id, Duration timeout) {
        Member m = member(id);
        Instant deadline = Instant.now().plus(timeout);
        String last = "not sent";
        while (Instant.now().isBefore(deadline)) {
            String leader = leader(Duration.between(Instant.now(), deadline).plusSeconds(1));
            Optional<HttpResponse<String>> r = send(HttpRequest.newBuilder(uri(leader).resolve("/api/v1/cluster/members/" + id))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Swarmshare-Cluster-Secret", secret)
                    .DELETE().build());
            if (r.isPresent() && r.get().statusCode() / 100 == 2) {
                m.process.kill();
                members.remove(id);
                return;
            }
            last = r.map(x -> x.statusCode() + " " + x.body()).orElse("no answer");
            sleep(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("could not remove " + id + " within " + timeout + " (last: " + last + ")");
    }

    /** Posts a membership change as a stranger would (with the given secret, or none); answers the status. */
    public int postMember(String targetId, String secretOrNull, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(targetId).resolve("/api/v1/cluster/members"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (secretOrNull != null) {
            b.header("X-Swarmshare-Cluster-Secret", secretOrNull);
        }
        return send(b.build()).map(HttpResponse::statusCode).orElse(-1);
    }

    // ------------------------------------------------------------------ canonical dumps

    /** The H2 database file of a tracker ({@code *.mv.db} anywhere under its data dir, shallowest first). */
    public Path databaseFile(String id) {
        Path dir = member(id).dataDir;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".mv.db"))
                    .min(Comparator.comparingInt(Path::getNameCount).thenComparing(Comparator.naturalOrder()))
                    .orElseThrow(() -> new IllegalStateException("no H2 file under " + dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A canonical dump of tracker {@code id}'s database: for each table (but replication bookkeeping, see
     * {@link #VOLATILE}) its rows as {@code col=value} strings with columns sorted by name, rows sorted. The tracker
     * must not be running (H2 file lock): call {@link #shutdown} first.
     */
    public Map<String, List<String>> canonicalDump(String id) {
        if (member(id).process.isAlive()) {
            throw new IllegalStateException(id + " is running: shut it down before dumping its database");
        }
        return canonicalDump(databaseFile(id));
    }

    public static Map<String, List<String>> canonicalDump(Path mvDb) {
        return withDatabase(mvDb, c -> {
            Map<String, List<String>> dump = new TreeMap<>();
            for (String table : tables(c)) {
                if (VOLATILE.matcher(table).matches()) {
                    continue;
                }
                List<String> rows = new ArrayList<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        TreeMap<String, String> row = new TreeMap<>();
                        for (int i = 1; i <= n; i++) {
                            String col = rs.getMetaData().getColumnLabel(i);
                            if (VOLATILE.matcher(col).matches()) {
                                continue;
                            }
                            row.put(col.toLowerCase(java.util.Locale.ROOT), render(rs.getObject(i)));
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                dump.put(table.toLowerCase(java.util.Locale.ROOT), rows);
            }
            return dump;
        });
    }

    /**
     * The tracker's state as facts the history checker understands, as a list (a duplicate would appear twice):
     * {@code user:<u>}, {@code group:<g>}, {@code owner:<g>:<u>}, {@code member:<u>:<g>}, {@code pending:<g>:<u>},
     * {@code file:<g>:<name>}, {@code swarm:<g>:<name>:<u>:<peer>}, {@code peer:<peer>:<u>}. Tracker stopped.
     */
    public List<String> facts(String id) {
        if (member(id).process.isAlive()) {
            throw new IllegalStateException(id + " is running: shut it down before reading its database");
        }
        return facts(databaseFile(id));
    }

    public static List<String> facts(Path mvDb) {
        return withDatabase(mvDb, c -> {
            List<String> facts = new ArrayList<>();
            query(c, "SELECT username FROM user_account", rs -> "user:" + rs.getString(1), facts);
            query(c, "SELECT name FROM share_group", rs -> "group:" + rs.getString(1), facts);
            query(c, "SELECT name, owner FROM share_group", rs -> "owner:" + rs.getString(1) + ":" + rs.getString(2), facts);
            query(c, "SELECT m.username, g.name FROM group_member m JOIN share_group g ON g.id = m.group_id",
                    rs -> "member:" + rs.getString(1) + ":" + rs.getString(2), facts);
            query(c, "SELECT g.name, r.username FROM join_request r JOIN share_group g ON g.id = r.group_id",
                    rs -> "pending:" + rs.getString(1) + ":" + rs.getString(2), facts);
            query(c, "SELECT g.name, f.name FROM shared_file f JOIN share_group g ON g.id = f.group_id",
                    rs -> "file:" + rs.getString(1) + ":" + rs.getString(2), facts);
            query(c, "SELECT g.name, f.name, s.username, s.peer_id FROM swarm_member s JOIN shared_file f ON f.id = s.file_id"
                    + " JOIN share_group g ON g.id = f.group_id",
                    rs -> "swarm:" + rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getString(3) + ":" + rs.getString(4), facts);
            query(c, "SELECT peer_id, username FROM peer_binding", rs -> "peer:" + rs.getString(1) + ":" + rs.getString(2), facts);
            facts.sort(null);
            return facts;
        });
    }

    /** A column value as text; LOBs by content (their toString names an H2 object id that differs per database). */
    private static String render(Object v) throws SQLException {
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof java.sql.Blob blob) {
            return HexFormat.of().formatHex(blob.getBytes(1, (int) blob.length()));
        }
        if (v instanceof java.sql.Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return String.valueOf(v);
    }

    private interface Row {
        String map(ResultSet rs) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static void query(Connection c, String sql, Row row, List<String> out) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(row.map(rs));
            }
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        tables.sort(null);
        return tables;
    }

    private static <T> T withDatabase(Path mvDb, Work<T> work) {
        String file = mvDb.toAbsolutePath().toString();
        String base = file.substring(0, file.length() - ".mv.db".length());
        String url = "jdbc:h2:file:" + base + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + mvDb + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ plumbing

    private Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Resumes stopped trackers, stops every process (TERM, then KILL after 10 s) and deletes the work directory. */
    @Override
    public void close() {
        if (gateway != null) {
            gateway.kill();
        }
        members.values().parallelStream().filter(m -> m.process != null).forEach(m -> m.process.kill());
        if (!Boolean.getBoolean("swarmshare.keep-cluster-data")) {
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temp directory
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
