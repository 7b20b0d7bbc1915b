package io.swarmshare.systemtest.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import io.swarmshare.systemtest.cluster.History.Op;
import io.swarmshare.systemtest.cluster.History.Type;

/**
 * Checks a {@link History} against a sequential model of the tracker (users, groups, owners, membership, join
 * requests, files, swarms, peer bindings), and the trackers' final states against the model.
 *
 * <p>State is a set of facts: {@code user:<u>}, {@code group:<g>}, {@code owner:<g>:<u>}, {@code member:<u>:<g>},
 * {@code pending:<g>:<u>}, {@code file:<g>:<name>}, {@code swarm:<g>:<name>:<u>:<peer>}, {@code peer:<peer>:<u>}.
 * Each write adds and removes facts. Operations are replayed in invoke order; each fact is {@code PRESENT},
 * {@code ABSENT} or {@code MAYBE} (touched by a write whose outcome is unknown).
 *
 * <p>What counts as a violation:
 * <ul>
 *   <li>a write acknowledged twice (two {@code ok} creates of one name), or refused as a conflict with something no
 *       write ever created;</li>
 *   <li>a read that returns a fact no write (ok or unknown) invoked before the read completed could have made;</li>
 *   <li>a read that misses a fact its own client had certainly written, or shows one it had certainly removed
 *       (stale read; reads the tracker marked {@code X-Swarmshare-Stale} are exempt), facts written by one client
 *       only, so no concurrency excuses it;</li>
 *   <li>membership going backwards: a client saw itself a member, did not leave, and a later read says otherwise;</li>
 *   <li>in a final state: an acknowledged fact missing (a lost write), a certainly removed fact present, any fact
 *       present twice, or a fact of this run that no write could have made.</li>
 * </ul>
 */
public final class HistoryChecker {

    enum Status { PRESENT, ABSENT, MAYBE }

    /** What a history check found. */
    public record Result(List<String> violations, Map<String, Integer> stats) {
        public boolean valid() {
            return violations.isEmpty();
        }

        @Override
        public String toString() {
            return (valid() ? "valid" : violations.size() + " violation(s)") + " " + stats
                    + (valid() ? "" : "\n  " + String.join("\n  ", violations.subList(0, Math.min(50, violations.size()))));
        }
    }

    /** The facts a write adds and removes (removal by pattern for "leave"). */
    record Effect(List<String> adds, List<String> removes, Predicate<String> removeMatching, String key) {
    }

    private final String runPrefix;

    /** @param runPrefix names this run made start with it: facts naming them are checked for "never written" */
    public HistoryChecker(String runPrefix) {
        this.runPrefix = runPrefix;
    }

    public Result check(History history) {
        return check(history, Map.of());
    }

    /** Checks the history, then each tracker's final facts (tracker id → facts as {@code LocalCluster.facts}). */
    public Result check(History history, Map<String, List<String>> finalStates) {
        List<Op> ops = history.ops();
        List<String> violations = new ArrayList<>();
        Map<String, Integer> stats = new LinkedHashMap<>();
        Map<String, Status> model = new HashMap<>();
        Map<String, Long> firstPossibleWrite = new HashMap<>();
        Map<String, Set<Integer>> writers = new HashMap<>();
        Map<String, Integer> okCreates = new HashMap<>();
        Map<Integer, Set<String>> seenMember = new HashMap<>();

        // who may write each fact (for the strict, single-writer read check) and when it may first exist
        for (Op op : ops) {
            if (op.isRead()) {
                continue;
            }
            Effect e = effect(op);
            for (String fact : e.adds()) {
                writers.computeIfAbsent(fact, k -> new HashSet<>()).add(op.process());
                if (op.type() != Type.fail) {
                    firstPossibleWrite.merge(fact, op.invoke(), Math::min);
                }
            }
            for (String fact : e.removes()) {
                writers.computeIfAbsent(fact, k -> new HashSet<>()).add(op.process());
            }
        }

        for (Op op : ops) {
            count(stats, op.isRead() ? "reads " + op.type() : "writes " + op.type());
            if (op.isRead()) {
                if (op.type() == Type.ok) {
                    checkRead(op, model, firstPossibleWrite, writers, seenMember, violations);
                }
                continue;
            }
            Effect e = effect(op);
            switch (op.type()) {
                case ok -> {
                    if (e.key() != null) {
                        int n = okCreates.merge(e.key(), 1, Integer::sum);
                        if (n > 1) {
                            violations.add("acknowledged twice: " + e.key() + " (" + describe(op) + ")");
                        }
                    }
                    for (String fact : e.removes()) {
                        model.put(fact, Status.ABSENT);
                    }
                    if (e.removeMatching() != null) {
                        model.replaceAll((fact, s) -> e.removeMatching().test(fact) ? Status.ABSENT : s);
                    }
                    for (String fact : e.adds()) {
                        model.put(fact, Status.PRESENT);
                    }
                    if (op.f().equals("accept")) {
                        seenMember.computeIfAbsent(op.process(), k -> new HashSet<>())
                                .add("member:" + op.arg("user") + ":" + op.arg("group"));
                    }
                }
                case info -> {
                    for (String fact : e.removes()) {
                        model.computeIfPresent(fact, (k, s) -> s == Status.ABSENT ? s : Status.MAYBE);
                    }
                    if (e.removeMatching() != null) {
                        model.replaceAll((fact, s) -> e.removeMatching().test(fact) && s != Status.ABSENT ? Status.MAYBE : s);
                    }
                    for (String fact : e.adds()) {
                        model.merge(fact, Status.MAYBE, (old, x) -> old == Status.PRESENT ? old : Status.MAYBE);
                    }
                }
                case fail -> {
                    if (op.status() == 409 && e.key() != null && !"true".equals(op.arg("hot"))
                            && !firstPossibleWrite.containsKey(e.key())) {
                        violations.add("refused as a conflict, but nothing ever created " + e.key() + " (" + describe(op) + ")");
                    }
                }
            }
            if (op.f().equals("leave")) {
                Set<String> seen = seenMember.get(op.process());
                if (seen != null) {
                    seen.remove("member:" + op.arg("user") + ":" + op.arg("group"));
                }
            }
        }

        stats.put("facts present", (int) model.values().stream().filter(s -> s == Status.PRESENT).count());
        stats.put("facts unknown", (int) model.values().stream().filter(s -> s == Status.MAYBE).count());
        for (Map.Entry<String, List<String>> entry : new TreeMap<>(finalStates).entrySet()) {
            checkFinal(entry.getKey(), entry.getValue(), model, firstPossibleWrite, violations, stats);
        }
        return new Result(List.copyOf(violations), stats);
    }

    private void checkRead(Op read, Map<String, Status> model, Map<String, Long> firstPossibleWrite,
                           Map<String, Set<Integer>> writers, Map<Integer, Set<String>> seenMember, List<String> violations) {
        String scope = scope(read);
        Set<String> observed = new HashSet<>(read.observed());
        for (String fact : observed) {
            if (!fact.startsWith(scope) || !ours(fact)) {
                continue;
            }
            Long first = firstPossibleWrite.get(fact);
            if (first == null || first > read.complete()) {
                violations.add("read of something never written: " + fact + " (" + describe(read) + ")");
            }
        }
        boolean stale = "stale".equals(read.note());
        if (!stale) {
            for (Map.Entry<String, Status> e : model.entrySet()) {
                String fact = e.getKey();
                if (!fact.startsWith(scope) || !Set.of(read.process()).equals(writers.get(fact))) {
                    continue;
                }
                if (e.getValue() == Status.PRESENT && !observed.contains(fact)) {
                    violations.add("stale read: misses " + fact + " that its client wrote (" + describe(read) + ")");
                } else if (e.getValue() == Status.ABSENT && observed.contains(fact)) {
                    violations.add("stale read: shows " + fact + " that its client removed (" + describe(read) + ")");
                }
            }
        }
        if (read.f().equals("read-mine")) {
            Set<String> seen = seenMember.computeIfAbsent(read.process(), k -> new HashSet<>());
            for (String fact : seen) {
                if (fact.startsWith(scope) && !observed.contains(fact) && !stale) {
                    violations.add("membership went backwards: " + fact + " seen before, missing now (" + describe(read) + ")");
                }
            }
            for (String fact : observed) {
                if (fact.startsWith(scope)) {
                    seen.add(fact);
                }
            }
        }
    }

    private void checkFinal(String tracker, List<String> facts, Map<String, Status> model,
                            Map<String, Long> firstPossibleWrite, List<String> violations, Map<String, Integer> stats) {
        Map<String, Integer> counts = new HashMap<>();
        for (String fact : facts) {
            counts.merge(fact, 1, Integer::sum);
        }
        int lost = 0;
        int unknownApplied = 0;
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            if (c.getValue() > 1 && ours(c.getKey())) {
                violations.add(tracker + ": " + c.getKey() + " present " + c.getValue() + " times");
            }
            if (ours(c.getKey()) && !firstPossibleWrite.containsKey(c.getKey())) {
                violations.add(tracker + ": " + c.getKey() + " present but never written");
            }
        }
        for (Map.Entry<String, Status> e : model.entrySet()) {
            boolean there = counts.containsKey(e.getKey());
            switch (e.getValue()) {
                case PRESENT -> {
                    if (!there) {
                        lost++;
                        violations.add(tracker + ": acknowledged write lost: " + e.getKey());
                    }
                }
                case ABSENT -> {
                    if (there) {
                        violations.add(tracker + ": " + e.getKey() + " present although certainly removed");
                    }
                }
                case MAYBE -> unknownApplied += there ? 1 : 0;
            }
        }
        stats.put(tracker + " facts", facts.size());
        stats.put(tracker + " lost", lost);
        stats.put(tracker + " unknown facts present", unknownApplied);
    }

    private boolean ours(String fact) {
        return fact.contains(runPrefix);
    }

    /** The fact prefix a read covers. */
    static String scope(Op read) {
        return switch (read.f()) {
            case "read-groups" -> "group:";
            case "read-mine" -> "member:" + read.arg("user") + ":";
            case "read-requests" -> "pending:" + read.arg("group") + ":";
            case "read-files" -> "file:" + read.arg("group") + ":";
            default -> throw new IllegalArgumentException("unknown read " + read.f());
        };
    }

    /** The model: what each write adds and removes, and the fact it creates uniquely (if any). */
    static Effect effect(Op op) {
        String u = op.arg("user");
        String g = op.arg("group");
        String f = op.arg("file");
        String p = op.arg("peer");
        return switch (op.f()) {
            case "create-user" -> new Effect(List.of("user:" + u), List.of(), null, "user:" + u);
            case "login" -> new Effect(List.of(), List.of(), null, null);
            case "create-group" -> new Effect(List.of("group:" + g, "owner:" + g + ":" + u, "member:" + u + ":" + g),
                    List.of(), null, "group:" + g);
            case "request-join" -> new Effect(List.of("pending:" + g + ":" + u), List.of(), null, "pending:" + g + ":" + u);
            case "accept" -> new Effect(List.of("member:" + u + ":" + g), List.of("pending:" + g + ":" + u), null, null);
            case "reject" -> new Effect(List.of(), List.of("pending:" + g + ":" + u), null, null);
            case "leave" -> new Effect(List.of(), List.of("member:" + u + ":" + g, "pending:" + g + ":" + u),
                    fact -> fact.startsWith("swarm:" + g + ":") && fact.contains(":" + u + ":"), null);
            case "bind-peer" -> new Effect(List.of("peer:" + p + ":" + u), List.of(), null, null);
            case "register-file" -> new Effect(List.of("file:" + g + ":" + f, "swarm:" + g + ":" + f + ":" + u + ":" + p),
                    List.of(), null, "file:" + g + ":" + f);
            case "stop-share" -> new Effect(List.of(), List.of("swarm:" + g + ":" + f + ":" + u + ":" + p), null, null);
            default -> throw new IllegalArgumentException("unknown write " + op.f());
        };
    }

    private static String describe(Op op) {
        return "process " + op.process() + " " + op.f() + " " + op.args() + " " + op.type() + " " + op.status()
                + " on " + op.tracker() + " at " + op.invoke() / 1_000_000 + "-" + op.complete() / 1_000_000 + " ms";
    }

    private static void count(Map<String, Integer> stats, String key) {
        stats.merge(key, 1, Integer::sum);
    }
}
