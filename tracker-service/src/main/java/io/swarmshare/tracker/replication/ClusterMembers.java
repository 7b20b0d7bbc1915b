package io.swarmshare.tracker.replication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tracker list: who is in the cluster and where. Read from {@code members} ({@code id=host:raftPort:httpPort}
 * comma list) or a members file like the classic tracker_info.txt ({@code id host raftPort httpPort} per line,
 * '#' comments); without either, just this tracker on 127.0.0.1.
 */
public record ClusterMembers(String selfId, List<Member> all) {

    static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,31}";

    public record Member(String id, String host, int raftPort, int httpPort) {
        public Member {
            if (id == null || !id.matches(ID_PATTERN)) {
                throw new IllegalArgumentException("a tracker id must be 1-32 letters, digits, '_' or '-', was '" + id + "'");
            }
            if (host == null || !host.matches("[A-Za-z0-9._:-]{1,253}")) {
                throw new IllegalArgumentException("tracker " + id + ": bad host '" + host + "'");
            }
            checkPort(id, "raft", raftPort);
            checkPort(id, "http", httpPort);
        }

        public String raftAddress() {
            return host + ":" + raftPort;
        }

        public String httpAddress() {
            return host + ":" + httpPort;
        }

        private static void checkPort(String id, String what, int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("tracker " + id + ": " + what + " port must be 1-65535, was " + port);
            }
        }
    }

    public ClusterMembers {
        all = List.copyOf(all);
    }

    public Member self() {
        return find(selfId);
    }

    public Member find(String id) {
        return all.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    public boolean isSingle() {
        return all.size() == 1;
    }

    /** Resolves and validates the configuration; {@code raftPort} and {@code httpPort} are this tracker's own. */
    public static ClusterMembers resolve(ClusterProperties p, int raftPort, int httpPort) {
        if (p.members() != null && !p.members().isBlank() && p.membersFile() != null) {
            throw new IllegalArgumentException("set swarmshare.tracker.cluster.members or members-file, not both");
        }
        List<Member> listed = new ArrayList<>();
        if (p.members() != null && !p.members().isBlank()) {
            listed.addAll(parseList(p.members()));
        } else if (p.membersFile() != null) {
            listed.addAll(parseFile(p.membersFile()));
        }
        Map<String, Member> byId = new LinkedHashMap<>();
        for (Member m : listed) {
            if (byId.put(m.id(), m) != null) {
                throw new IllegalArgumentException("tracker id '" + m.id() + "' is listed twice");
            }
        }
        if (!byId.containsKey(p.selfId())) {
            if (!listed.isEmpty() && !p.join()) {
                throw new IllegalArgumentException("this tracker's id '" + p.selfId()
                        + "' (swarmshare.tracker.cluster.self-id) is not in the member list");
            }
            byId.put(p.selfId(), new Member(p.selfId(), "127.0.0.1", raftPort, httpPort));
        }
        ClusterMembers members = new ClusterMembers(p.selfId(), List.copyOf(byId.values()));
        if (!members.isSingle() && !p.hasSecret()) {
            throw new IllegalArgumentException("a cluster of " + members.all().size()
                    + " trackers needs a shared secret: set SWARMSHARE_CLUSTER_SECRET or swarmshare.tracker.cluster.secret");
        }
        return members;
    }

    /** {@code t1=127.0.0.1:9081:8081,t2=...} */
    public static List<Member> parseList(String list) {
        List<Member> out = new ArrayList<>();
        for (String item : list.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            int eq = s.indexOf('=');
            String[] addr = eq < 0 ? new String[0] : s.substring(eq + 1).split(":");
            if (eq < 1 || addr.length != 3) {
                throw new IllegalArgumentException("member '" + s + "' is not id=host:raftPort:httpPort");
            }
            out.add(new Member(s.substring(0, eq).trim(), addr[0].trim(), port(s, addr[1]), port(s, addr[2])));
        }
        return out;
    }

    /** One {@code id host raftPort httpPort} per line; blank lines and '#' comments are ignored. */
    public static List<Member> parseFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tracker list " + file, e);
        }
        List<Member> out = new ArrayList<>();
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException(file + ": line '" + line + "' is not 'id host raftPort httpPort'");
            }
            out.add(new Member(f[0], f[1], port(line, f[2]), port(line, f[3])));
        }
        return out;
    }

    private static int port(String where, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + where + "': '" + value + "' is not a port number");
        }
    }
}
