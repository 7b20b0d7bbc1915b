package io.swarmshare.systemtest.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.swarmshare.systemtest.cluster.History.Op;
import io.swarmshare.systemtest.cluster.History.Type;

class HistoryCheckerTest {

    private final HistoryChecker checker = new HistoryChecker("run");
    private final List<Op> ops = new ArrayList<>();
    private long clock;

    private Op op(int process, String f, Map<String, String> args, Type type, int status, String... observed) {
        long invoke = clock += 10;
        long complete = clock += 10;
        Op op = new Op(process, invoke, complete, f, args, type, List.of(observed), "t1", status, null);
        ops.add(op);
        return op;
    }

    private HistoryChecker.Result check(Map<String, List<String>> finals) {
        return checker.check(History.of(ops), finals);
    }

    @Test
    void acceptsAConsistentRound() {
        op(0, "create-user", Map.of("user", "run-o"), Type.ok, 201);
        op(0, "create-user", Map.of("user", "run-j"), Type.ok, 201);
        op(0, "create-group", Map.of("group", "run-g", "user", "run-o"), Type.ok, 201);
        op(0, "read-groups", Map.of(), Type.ok, 200, "group:run-g", "group:other");
        op(0, "request-join", Map.of("group", "run-g", "user", "run-j"), Type.ok, 202);
        op(0, "read-requests", Map.of("group", "run-g"), Type.ok, 200, "pending:run-g:run-j");
        op(0, "accept", Map.of("group", "run-g", "user", "run-j"), Type.ok, 200);
        op(0, "read-mine", Map.of("user", "run-j"), Type.ok, 200, "member:run-j:run-g");
        op(0, "register-file", Map.of("group", "run-g", "file", "f", "user", "run-j", "peer", "p"), Type.ok, 201);
        op(0, "leave", Map.of("group", "run-g", "user", "run-j"), Type.ok, 200);
        op(0, "read-mine", Map.of("user", "run-j"), Type.ok, 200);
        var result = check(Map.of("t1", List.of("user:run-o", "user:run-j", "group:run-g", "owner:run-g:run-o",
                "member:run-o:run-g", "file:run-g:f")));
        assertThat(result.violations()).isEmpty();
        assertThat(result.stats()).containsEntry("t1 lost", 0);
    }

    @Test
    void findsALostAcknowledgedWrite() {
        op(0, "create-user", Map.of("user", "run-o"), Type.ok, 201);
        var result = check(Map.of("t1", List.of()));
        assertThat(result.violations()).containsExactly("t1: acknowledged write lost: user:run-o");
    }

    @Test
    void unknownOutcomeMayOrMayNotBeApplied() {
        op(0, "create-user", Map.of("user", "run-a"), Type.info, -1);
        op(1, "create-user", Map.of("user", "run-b"), Type.info, 503);
        assertThat(check(Map.of("t1", List.of("user:run-a"), "t2", List.of("user:run-a"))).violations()).isEmpty();
    }

    @Test
    void findsAFactPresentTwice() {
        op(0, "create-user", Map.of("user", "run-a"), Type.info, -1);
        assertThat(check(Map.of("t1", List.of("user:run-a", "user:run-a"))).violations())
                .containsExactly("t1: user:run-a present 2 times");
    }

    @Test
    void findsAReadOfSomethingNeverWritten() {
        op(0, "read-groups", Map.of(), Type.ok, 200, "group:run-ghost");
        op(1, "create-group", Map.of("group", "run-late", "user", "u"), Type.ok, 201);
        op(0, "read-groups", Map.of(), Type.ok, 200, "group:run-ghost");
        assertThat(check(Map.of()).violations()).hasSize(2).allMatch(v -> v.startsWith("read of something never written"));
    }

    @Test
    void readMayNotSeeAWriteInvokedAfterItCompleted() {
        Op read = op(0, "read-groups", Map.of(), Type.ok, 200, "group:run-g");
        op(1, "create-group", Map.of("group", "run-g", "user", "u"), Type.ok, 201);
        assertThat(read.complete()).isLessThan(ops.get(1).invoke());
        assertThat(check(Map.of()).violations()).singleElement().asString().contains("never written");
    }

    @Test
    void findsMembershipGoingBackwards() {
        op(0, "accept", Map.of("group", "run-g", "user", "run-j"), Type.ok, 200);
        op(0, "read-mine", Map.of("user", "run-j"), Type.ok, 200, "member:run-j:run-g");
        op(0, "read-mine", Map.of("user", "run-j"), Type.ok, 200);
        assertThat(check(Map.of()).violations()).anyMatch(v -> v.startsWith("membership went backwards"));
    }

    @Test
    void staleMarkedReadsAreExempt() {
        op(0, "create-group", Map.of("group", "run-g", "user", "run-o"), Type.ok, 201);
        ops.add(new Op(0, clock += 10, clock += 10, "read-groups", Map.of(), Type.ok, List.of(), "t3", 200, "stale"));
        assertThat(check(Map.of()).violations()).isEmpty();
    }

    @Test
    void findsAStaleReadOfOwnWrite() {
        op(0, "create-group", Map.of("group", "run-g", "user", "run-o"), Type.ok, 201);
        op(0, "read-groups", Map.of(), Type.ok, 200);
        assertThat(check(Map.of()).violations()).singleElement().asString().startsWith("stale read: misses group:run-g");
    }

    @Test
    void aHotNameIsAcknowledgedAtMostOnce() {
        op(0, "create-group", Map.of("group", "run-hot", "user", "a", "hot", "true"), Type.ok, 201);
        op(1, "create-group", Map.of("group", "run-hot", "user", "b", "hot", "true"), Type.fail, 409);
        op(2, "create-group", Map.of("group", "run-hot", "user", "c", "hot", "true"), Type.ok, 201);
        assertThat(check(Map.of()).violations()).singleElement().asString().startsWith("acknowledged twice: group:run-hot");
    }

    @Test
    void findsAConflictWithNothing() {
        op(0, "create-user", Map.of("user", "run-a"), Type.fail, 409);
        assertThat(check(Map.of()).violations()).singleElement().asString().startsWith("refused as a conflict");
    }

    @Test
    void removedFactMustStayRemoved() {
        op(0, "request-join", Map.of("group", "run-g", "user", "run-j"), Type.ok, 202);
        op(0, "reject", Map.of("group", "run-g", "user", "run-j"), Type.ok, 200);
        assertThat(check(Map.of("t1", List.of("pending:run-g:run-j"))).violations())
                .containsExactly("t1: pending:run-g:run-j present although certainly removed");
    }

    @Test
    void historyRoundTripsThroughJson(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        op(0, "create-user", Map.of("user", "run-a"), Type.ok, 201);
        op(0, "read-groups", Map.of(), Type.ok, 200, "group:x");
        History.of(ops).write(dir.resolve("h.json"));
        assertThat(History.read(dir.resolve("h.json")).ops()).isEqualTo(History.of(ops).ops());
    }
}
