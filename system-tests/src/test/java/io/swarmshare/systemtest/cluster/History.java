package io.swarmshare.systemtest.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Jepsen-style record of client operations: each completed call is one {@link Op} with when it was invoked and
 * completed (nanoseconds since the history began), its outcome and, for reads, what it saw. Thread-safe.
 */
public final class History {

    /** Outcome of an operation: applied ({@code ok}), certainly not applied ({@code fail}), unknown ({@code info}). */
    public enum Type { ok, fail, info }

    /**
     * One client operation.
     *
     * @param process  the client (one thread, one operation at a time)
     * @param f        what it did: {@code create-user}, {@code create-group}, {@code read-mine}, ... (see {@link HistoryChecker})
     * @param args     its arguments ({@code user}, {@code group}, {@code file}, {@code peer}, {@code hot})
     * @param observed for an ok read: the facts it saw (same form as {@link HistoryChecker} facts)
     * @param tracker  which tracker answered (its base URI)
     * @param status   HTTP status, -1 without an answer
     * @param note     error text, or {@code stale} for a read marked possibly stale
     */
    public record Op(int process, long invoke, long complete, String f, Map<String, String> args, Type type,
                     List<String> observed, String tracker, int status, String note) {

        public boolean isRead() {
            return f.startsWith("read-");
        }

        public String arg(String name) {
            return args.get(name);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final long origin = System.nanoTime();
    private final List<Op> ops = new ArrayList<>();

    public History() {
    }

    private History(List<Op> ops) {
        this.ops.addAll(ops);
    }

    /** Nanoseconds since this history began: use for {@link Op#invoke()} and {@link Op#complete()}. */
    public long now() {
        return System.nanoTime() - origin;
    }

    public synchronized void add(Op op) {
        ops.add(op);
    }

    /** Every operation, ordered by invoke time. */
    public synchronized List<Op> ops() {
        List<Op> copy = new ArrayList<>(ops);
        copy.sort(Comparator.comparingLong(Op::invoke).thenComparingInt(Op::process));
        return copy;
    }

    public static History of(List<Op> ops) {
        return new History(ops);
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), ops());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot write history " + file, e);
        }
    }

    public static History read(Path file) {
        try {
            return new History(JSON.readValue(Files.readString(file), new TypeReference<List<Op>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String toJson(Object value) {
        return JSON.writeValueAsString(value);
    }

    public static <T> T fromJson(String json, TypeReference<T> type) {
        return JSON.readValue(json, type);
    }
}
