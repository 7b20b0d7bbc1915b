package io.swarmshare.systemtest.cluster;

import static io.swarmshare.systemtest.cluster.TrackerApi.q;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.swarmshare.systemtest.cluster.History.Op;
import io.swarmshare.systemtest.cluster.History.Type;
import io.swarmshare.systemtest.cluster.TrackerApi.Kind;
import io.swarmshare.systemtest.cluster.TrackerApi.Reply;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Concurrent clients driving the tracker REST API and recording every call in a {@link History}.
 *
 * <p>{@link Mix#FULL}: each client has two users (signed up and logged in once) and plays rounds with fresh names:
 * one user creates a group, the other asks to join; the owner accepts (or rejects); the member (whose peer is bound once) registers a file, maybe stops
 * sharing it and maybe leaves; sometimes the owner also races every other client to create a shared "hot" group
 * name. Reads in between (all groups, my groups, join requests, files) go to another tracker than the write before
 * them. {@link Mix#GROUPS}: cheap writes only (each client creates groups under one user), for volume.
 *
 * <p>Call {@code i} of a client goes to tracker {@code (client + i) % n}; a refused connection (certainly not
 * applied) moves the call to the next tracker. After an unknown outcome a client abandons the round, so it never
 * needs to guess; nothing is retried that might have been applied.
 */
public final class Workload {

    public enum Mix { FULL, GROUPS }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String prefix;
    private final Supplier<List<URI>> trackers;
    private final int clients;
    private final int targetWrites;
    private final Duration maxDuration;
    private final Mix mix;
    private final TrackerApi api;
    private final History history = new History();
    private final AtomicInteger writesIssued = new AtomicInteger();
    private final AtomicInteger writesAcked = new AtomicInteger();
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicLong lastAckNanos = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    /**
     * @param prefix       every name this workload makes starts with it (letters, digits, '-')
     * @param trackers     base URIs to use (asked again for each call, so a test can change the list)
     * @param targetWrites clients stop issuing writes once this many were issued in all
     * @param maxDuration  and in any case after this long
     */
    public Workload(String prefix, Supplier<List<URI>> trackers, int clients, int targetWrites, Duration maxDuration,
                    Mix mix, Duration callTimeout) {
        this.prefix = prefix;
        this.trackers = trackers;
        this.clients = clients;
        this.targetWrites = targetWrites;
        this.maxDuration = maxDuration;
        this.mix = mix;
        this.api = new TrackerApi(callTimeout);
    }

    public Workload start() {
        long deadline = System.nanoTime() + maxDuration.toNanos();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(c, deadline);
            Thread t = Thread.ofPlatform().name("workload-" + c).start(client::run);
            threads.add(t);
        }
        return this;
    }

    /** Waits for every client to finish, at most {@code timeout} (then asks them to stop and waits 30 s more). */
    public History await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        stopping = true;
        for (Thread t : threads) {
            t.join(30_000);
        }
        return history;
    }

    public void stop() {
        stopping = true;
    }

    public History history() {
        return history;
    }

    public int writesIssued() {
        return writesIssued.get();
    }

    public int writesAcked() {
        return writesAcked.get();
    }

    public int rounds() {
        return rounds.get();
    }

    /** {@link History#now()} of the last acknowledged write. */
    public long lastAckNanos() {
        return lastAckNanos.get();
    }

    /** Thrown to abandon a round after an unknown outcome or a refusal. */
    private static final class Abandon extends RuntimeException {
        Abandon() {
            super(null, null, false, false);
        }
    }

    private final class Client {
        private final int id;
        private final long deadline;
        private final SplittableRandom random;
        private long calls;

        Client(int id, long deadline) {
            this.id = id;
            this.deadline = deadline;
            this.random = new SplittableRandom(id * 7919L + prefix.hashCode());
        }

        boolean more() {
            return !stopping && System.nanoTime() < deadline && writesIssued.get() < targetWrites
                    && !Thread.currentThread().isInterrupted();
        }

        void run() {
            int round = 0;
            String owner = null;
            String token = null;
            while (more()) {
                round++;
                try {
                    if (mix == Mix.FULL) {
                        fullRound(round);
                    } else {
                        if (token == null) {
                            owner = prefix + "-c" + id + "-u" + round;
                            write("create-user", Map.of("user", owner), "POST", "/users", null, credentials(owner));
                            token = login(owner);
                        }
                        groupsRound(owner, token, round);
                    }
                    rounds.incrementAndGet();
                } catch (Abandon a) {
                    pause(); // e.g. every tracker refused the connection: do not spin
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void groupsRound(String owner, String token, int round) {
            for (int k = 0; k < 20 && more(); k++) {
                String g = owner + "-g" + round + "-" + k;
                write("create-group", Map.of("group", g, "user", owner), "POST", "/groups", token, "{\"name\":" + q(g) + "}");
            }
            read("read-mine", Map.of("user", owner), "/groups/mine", token);
        }

        // FULL: two users per client (signed up and logged in once; again with new names if that fails), a fresh
        // group and file every round
        private String o;
        private String j;
        private String tokO;
        private String tokJ;
        private String peer;

        private void fullRound(int round) {
            if (tokJ == null) {
                String base = prefix + "-c" + id + "-s" + round;
                o = base + "-o";
                j = base + "-j";
                peer = base + "-peer";
                write("create-user", Map.of("user", o), "POST", "/users", null, credentials(o));
                write("create-user", Map.of("user", j), "POST", "/users", null, credentials(j));
                tokO = login(o);
                String t = login(j);
                write("bind-peer", Map.of("peer", peer, "user", j), "PUT", "/peers/" + peer, t,
                        "{\"host\":\"127.0.0.1\",\"port\":" + (10000 + id) + "}");
                tokJ = t;
            }
            String g = prefix + "-c" + id + "-r" + round + "-g";
            String file = "f" + round + ".bin";
            write("create-group", Map.of("group", g, "user", o), "POST", "/groups", tokO, "{\"name\":" + q(g) + "}");
            if (round % 3 == 1) { // lists every group: not every round
                read("read-groups", Map.of(), "/groups", tokJ);
            }
            write("request-join", Map.of("group", g, "user", j), "POST", "/groups/" + g + "/join-requests", tokJ, null);
            read("read-requests", Map.of("group", g), "/groups/" + g + "/join-requests", tokO);
            if (random.nextInt(4) == 0) {
                write("reject", Map.of("group", g, "user", j), "POST", "/groups/" + g + "/join-requests/" + j + "/reject", tokO, null);
                read("read-mine", Map.of("user", j), "/groups/mine", tokJ);
                return;
            }
            write("accept", Map.of("group", g, "user", j), "POST", "/groups/" + g + "/join-requests/" + j + "/accept", tokO, null);
            read("read-mine", Map.of("user", j), "/groups/mine", tokJ);
            write("register-file", Map.of("group", g, "file", file, "user", j, "peer", peer), "POST", "/groups/" + g + "/files",
                    tokJ, "{\"peerId\":" + q(peer) + ",\"manifest\":" + manifest(file) + "}");
            read("read-files", Map.of("group", g), "/groups/" + g + "/files", tokO);
            if (random.nextInt(10) < 7) {
                write("stop-share", Map.of("group", g, "file", file, "user", j, "peer", peer), "DELETE",
                        "/groups/" + g + "/files/" + file + "/peers/" + peer, tokJ, null);
            }
            if (random.nextInt(2) == 0) {
                write("leave", Map.of("group", g, "user", j), "DELETE", "/groups/" + g + "/members/me", tokJ, null);
                read("read-mine", Map.of("user", j), "/groups/mine", tokJ);
            }
            if (random.nextInt(10) < 3) {
                String hot = prefix + "-hot-" + (round % 25);
                try {
                    write("create-group", Map.of("group", hot, "user", o, "hot", "true"), "POST", "/groups", tokO,
                            "{\"name\":" + q(hot) + "}");
                } catch (Abandon expectedForAllButOne) {
                    // 409 for every client but the first: the round is done anyway
                }
            }
        }

        private String credentials(String user) {
            return "{\"username\":" + q(user) + ",\"password\":" + q("pw-" + user) + "}";
        }

        private String login(String user) {
            Reply r = write("login", Map.of("user", user), "POST", "/sessions", null, credentials(user));
            return JSON.readTree(r.body()).path("token").asString();
        }

        private String manifest(String name) {
            byte[] digest = new byte[20];
            random.nextBytes(digest);
            String hex = HexFormat.of().formatHex(digest);
            return "{\"name\":" + q(name) + ",\"size\":1000,\"pieceSize\":524288,\"algorithm\":\"SHA-1\",\"fileDigest\":\""
                    + hex + "\",\"pieceDigests\":[\"" + hex + "\"]}";
        }

        /** One write, recorded; returns the reply if acknowledged, else abandons the round. */
        private Reply write(String f, Map<String, String> args, String method, String path, String token, String body) {
            if (!f.equals("login") && !more()) {
                throw new Abandon();
            }
            Reply r = call(f, args, method, path, token, body, false);
            if (!r.refused()) {
                writesIssued.incrementAndGet(); // reached a tracker: counts towards the target
            }
            if (!r.ok()) {
                throw new Abandon();
            }
            writesAcked.incrementAndGet();
            lastAckNanos.set(history.now());
            return r;
        }

        private void read(String f, Map<String, String> args, String path, String token) {
            Reply r = call(f, args, "GET", path, token, null, true);
            if (r.kind() == Kind.INFO) {
                throw new Abandon();
            }
        }

        private Reply call(String f, Map<String, String> args, String method, String path, String token, String body,
                           boolean isRead) {
            List<URI> uris = trackers.get();
            Reply r = null;
            URI target = null;
            long invoke = history.now();
            for (int attempt = 0; attempt < uris.size(); attempt++) {
                target = uris.get((int) ((id + calls + attempt) % uris.size()));
                invoke = history.now();
                r = api.send(target, method, path, token, body);
                if (!r.refused()) {
                    break;
                }
            }
            calls++;
            long complete = history.now();
            List<String> observed = isRead && r.ok() ? observed(f, args, r.body()) : List.of();
            Type type = r.kind() == Kind.OK ? Type.ok : r.kind() == Kind.FAIL ? Type.fail : Type.info;
            String note = r.error() != null ? r.error() : r.stale() ? "stale" : r.kind() == Kind.OK ? null : abbreviate(r.body());
            history.add(new Op(id, invoke, complete, f, new LinkedHashMap<>(args), type, observed, target.toString(),
                    r.status(), note));
            return r;
        }

        private List<String> observed(String f, Map<String, String> args, String body) {
            List<String> facts = new ArrayList<>();
            JsonNode array = JSON.readTree(body);
            for (JsonNode n : array) {
                switch (f) {
                    case "read-groups" -> facts.add("group:" + n.path("name").asString());
                    case "read-mine" -> {
                        String role = n.path("myRole").asString();
                        if (role.equals("OWNER") || role.equals("MEMBER")) {
                            facts.add("member:" + args.get("user") + ":" + n.path("name").asString());
                        }
                    }
                    case "read-requests" -> facts.add("pending:" + args.get("group") + ":" + n.path("username").asString());
                    case "read-files" -> facts.add("file:" + args.get("group") + ":" + n.path("name").asString());
                    default -> throw new IllegalArgumentException(f);
                }
            }
            return facts;
        }
    }

    private static String abbreviate(String s) {
        return s == null ? null : s.length() > 200 ? s.substring(0, 200) : s;
    }
}
