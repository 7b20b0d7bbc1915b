package io.swarmshare.tracker.state;

import io.swarmshare.common.api.GroupView;
import io.swarmshare.common.api.MembershipView;
import io.swarmshare.common.api.UserView;
import io.swarmshare.tracker.idempotency.RequestIdempotency;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a {@link TrackerCommand} is written into the Raft log and how the applier's answer travels back.
 * Both are small UTF-8 JSON objects, versioned so a later tracker can still read an old log:
 * <pre>
 * command: {"v":1,"type":"CreateUser","command":{"username":"ann","passwordHash":"$argon2id$...","at":"2030-01-01T00:00:00Z"}}
 * keyed:   {"v":1,"type":"CreateGroup","command":{...},"key":"&lt;Idempotency-Key&gt;#1","fp":"&lt;request fingerprint&gt;"}
 * result:  {"v":1,"ok":true,"result":{...}}   or   {"v":1,"ok":false,"error":"USERNAME_TAKEN","detail":"The username ..."}
 * </pre>
 * {@code type} is the record's simple name; {@code command} holds its components by name; instants are ISO-8601.
 * A domain refusal is an ordinary result (the log entry is applied and changed nothing), not an exception.
 */
public final class CommandCodec {

    public static final int VERSION = 1;
    /** A command larger than this is refused before it reaches the log: bulk data never goes through it. */
    public static final int MAX_COMMAND_BYTES = 1 << 20;

    private static final Map<String, Class<?>> TYPES = Arrays.stream(TrackerCommand.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private final JsonMapper json = JsonMapper.builder().build();

    public byte[] encode(TrackerCommand<?> command) {
        return encode(command, null);
    }

    /**
     * As {@link #encode(TrackerCommand)}, with the request's idempotency key ({@code "key"} and {@code "fp"} beside
     * {@code "command"}) when it has one: the state machine answers a key it has applied before from its store.
     */
    public byte[] encode(TrackerCommand<?> command, RequestIdempotency.LogKey key) {
        return encode(command, key, null);
    }

    /**
     * As {@link #encode(TrackerCommand, RequestIdempotency.LogKey)}, with the token hash of the session the command
     * was submitted under ({@code "session"}), or null for commands no session asked for.
     */
    public byte[] encode(TrackerCommand<?> command, RequestIdempotency.LogKey key, String session) {
        ObjectNode root = json.createObjectNode();
        root.put("v", VERSION);
        root.put("type", command.getClass().getSimpleName());
        root.set("command", json.valueToTree(command));
        if (key != null) {
            root.put("key", key.key());
            root.put("fp", key.fingerprint());
        }
        if (session != null) {
            root.put("session", session);
        }
        byte[] bytes = json.writeValueAsBytes(root);
        if (bytes.length > MAX_COMMAND_BYTES) {
            throw DomainError.INVALID_REQUEST.because("The request is too large.");
        }
        return bytes;
    }

    /** Reads a log entry's command back; rejects an unknown version or type and anything that does not validate. */
    public TrackerCommand<?> decode(byte[] bytes) {
        return decodeEntry(bytes).command();
    }

    /**
     * Reads a whole log entry back, its command and its {@link Envelope}, from one parse: every tracker decodes every
     * entry, so a second pass over the JSON for the envelope would cost each of them on every write.
     */
    public Entry decodeEntry(byte[] bytes) {
        if (bytes.length > MAX_COMMAND_BYTES) {
            throw new IllegalArgumentException("command of " + bytes.length + " bytes exceeds " + MAX_COMMAND_BYTES);
        }
        try {
            JsonNode root = json.readTree(bytes);
            int version = root.path("v").asInt(-1);
            if (version != VERSION) {
                throw new IllegalArgumentException("unsupported command version " + version);
            }
            Class<?> type = TYPES.get(root.path("type").asString(""));
            if (type == null || !root.hasNonNull("command")) {
                throw new IllegalArgumentException("unknown command type '" + root.path("type").asString("") + "'");
            }
            TrackerCommand<?> command = (TrackerCommand<?>) json.treeToValue(root.get("command"), type);
            return new Entry(command, envelopeOf(root));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable command: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * What a log entry carries beside its command: the request's idempotency key and the caller's session (token
     * hash), each null when absent (older entries have neither).
     */
    private static Envelope envelopeOf(JsonNode root) {
        RequestIdempotency.LogKey key = root.hasNonNull("key") && root.hasNonNull("fp")
                ? new RequestIdempotency.LogKey(root.get("key").asString(), root.get("fp").asString()) : null;
        String session = root.hasNonNull("session") ? root.get("session").asString() : null;
        return new Envelope(key, session);
    }

    /** A log entry read back. */
    public record Entry(TrackerCommand<?> command, Envelope envelope) {
    }

    public record Envelope(RequestIdempotency.LogKey key, String session) {
    }

    public byte[] encodeResult(Object result) {
        ObjectNode root = json.createObjectNode();
        root.put("v", VERSION);
        root.put("ok", true);
        root.set("result", json.valueToTree(result));
        return json.writeValueAsBytes(root);
    }

    public byte[] encodeRefusal(DomainException e) {
        ObjectNode root = json.createObjectNode();
        root.put("v", VERSION);
        root.put("ok", false);
        root.put("error", e.error().name());
        root.put("detail", e.getMessage());
        return json.writeValueAsBytes(root);
    }

    /** The applier's answer to {@code command}, or the {@link DomainException} it refused with. */
    @SuppressWarnings("unchecked")
    public <R> R decodeResult(TrackerCommand<R> command, byte[] bytes) {
        JsonNode root = json.readTree(bytes);
        if (!root.path("ok").asBoolean(false)) {
            DomainError error = DomainError.valueOf(root.path("error").asString("INVALID_REQUEST"));
            throw error.because(root.path("detail").asString(error.title()));
        }
        JsonNode result = root.get("result");
        if (result == null || result.isNull()) {
            return null;
        }
        return (R) json.treeToValue(result, resultType(command));
    }

    /** Bytes as text, for logs. */
    public static String describe(byte[] bytes) {
        return new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8);
    }

    private JavaType resultType(TrackerCommand<?> command) {
        Class<?> raw = switch (command) {
            case TrackerCommand.CreateUser c -> UserView.class;
            case TrackerCommand.CloseSession c -> null;
            case TrackerCommand.PurgeExpiredSessions c -> Integer.class;
            case TrackerCommand.CreateGroup c -> GroupView.class;
            case TrackerCommand.RequestJoin c -> MembershipView.class;
            case TrackerCommand.AcceptJoin c -> MembershipView.class;
            case TrackerCommand.RejectJoin c -> MembershipView.class;
            case TrackerCommand.LeaveGroup c -> MembershipView.class;
            case TrackerCommand.RegisterFile c -> TrackerCommand.FileRegistered.class;
            default -> Void.class;
        };
        return raw == null ? json.getTypeFactory().constructCollectionType(List.class, String.class)
                : json.getTypeFactory().constructType(raw);
    }
}
