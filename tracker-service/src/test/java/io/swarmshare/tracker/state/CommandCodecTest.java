package io.swarmshare.tracker.state;

import io.swarmshare.common.api.MembershipView;
import io.swarmshare.common.api.UserView;
import io.swarmshare.common.manifest.FileManifest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandCodecTest {

    private static final Instant AT = Instant.parse("2030-01-02T03:04:05.678Z");
    private final CommandCodec codec = new CommandCodec();

    static List<TrackerCommand<?>> oneOfEach() {
        FileManifest manifest = new FileManifest("a.txt", 5, 4, "SHA-1", "a".repeat(40), List.of("b".repeat(40), "c".repeat(40)));
        return List.of(
                new TrackerCommand.CreateUser("ann", "$argon2id$v=19$m=16384,t=2,p=1$x$y", AT),
                new TrackerCommand.OpenSession("f".repeat(64), "ann", AT.plusSeconds(3600), AT),
                new TrackerCommand.CloseSession("f".repeat(64), AT),
                new TrackerCommand.PurgeExpiredSessions(AT),
                new TrackerCommand.CreateGroup("g", "ann", AT),
                new TrackerCommand.RequestJoin("g", "bob", AT),
                new TrackerCommand.AcceptJoin("g", "ann", "bob", AT),
                new TrackerCommand.RejectJoin("g", "ann", "bob", AT),
                new TrackerCommand.LeaveGroup("g", "bob", AT),
                new TrackerCommand.RegisterFile("g", "ann", "peer-1", manifest, AT),
                new TrackerCommand.JoinSwarm("g", "a.txt", "bob", "peer-2", false, AT),
                new TrackerCommand.LeaveSwarm("g", "a.txt", "bob", "peer-2", AT),
                new TrackerCommand.BindPeer("peer-1", "ann", AT),
                new TrackerCommand.CreateSigningKey("Ed25519", "pub", "priv", AT),
                new TrackerCommand.RenewPeerLeases(List.of(
                        new TrackerCommand.Lease("peer-1", "ann", "10.0.0.1", 7000, AT.plusSeconds(15)),
                        new TrackerCommand.Lease("peer-2", "bob", "::1", 7001, AT.plusSeconds(14))), AT),
                new TrackerCommand.DropPeerLease("peer-1", "ann", AT));
    }

    @Test
    void everyCommandTypeSurvivesARoundTrip() {
        List<TrackerCommand<?>> all = oneOfEach();
        Set<Class<?>> covered = all.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(TrackerCommand.class.getPermittedSubclasses());

        for (TrackerCommand<?> c : all) {
            byte[] bytes = codec.encode(c);
            String json = new String(bytes, StandardCharsets.UTF_8);
            assertThat(json).startsWith("{\"v\":1,\"type\":\"" + c.getClass().getSimpleName() + "\"");
            assertThat(codec.decode(bytes)).isEqualTo(c);
        }
    }

    @Test
    void resultsAndRefusalsTravelBack() {
        var create = new TrackerCommand.CreateUser("ann", "h", AT);
        assertThat(codec.decodeResult(create, codec.encodeResult(new UserView("ann", AT)))).isEqualTo(new UserView("ann", AT));
        var close = new TrackerCommand.CloseSession("x", AT);
        assertThat(codec.decodeResult(close, codec.encodeResult(List.of("p1", "p2")))).containsExactly("p1", "p2");
        var join = new TrackerCommand.RequestJoin("g", "bob", AT);
        MembershipView view = new MembershipView("g", "bob", "PENDING", "ann");
        assertThat(codec.decodeResult(join, codec.encodeResult(view))).isEqualTo(view);
        var purge = new TrackerCommand.PurgeExpiredSessions(AT);
        assertThat(codec.decodeResult(purge, codec.encodeResult(3))).isEqualTo(3);
        var register = new TrackerCommand.RegisterFile("g", "ann", "p", oneOfEachManifest(), AT);
        assertThat(codec.decodeResult(register, codec.encodeResult(new TrackerCommand.FileRegistered(42, true))))
                .isEqualTo(new TrackerCommand.FileRegistered(42, true));
        assertThat(codec.decodeResult(new TrackerCommand.BindPeer("p", "ann", AT), codec.encodeResult(null))).isNull();

        byte[] refusal = codec.encodeRefusal(DomainError.USERNAME_TAKEN.because("The username 'ann' is already taken."));
        assertThatThrownBy(() -> codec.decodeResult(create, refusal)).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.error()).isEqualTo(DomainError.USERNAME_TAKEN);
            assertThat(e.getMessage()).isEqualTo("The username 'ann' is already taken.");
        });
    }

    @Test
    void unknownVersionTypeOrGarbageIsRejected() {
        Stream.of("{\"v\":2,\"type\":\"CreateUser\",\"command\":{}}",
                        "{\"v\":1,\"type\":\"DropTables\",\"command\":{}}",
                        "{\"v\":1,\"type\":\"CreateUser\"}",
                        "{\"v\":1,\"type\":\"RegisterFile\",\"command\":{\"manifest\":{\"name\":\"../x\",\"size\":-1}}}",
                        "not json", "")
                .forEach(s -> assertThatThrownBy(() -> codec.decode(s.getBytes(StandardCharsets.UTF_8)))
                        .as(s).isInstanceOf(IllegalArgumentException.class));
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            try {
                codec.decode(junk);
            } catch (IllegalArgumentException expected) {
                // refused cleanly
            }
        }
    }

    private static FileManifest oneOfEachManifest() {
        return new FileManifest("a.txt", 5, 4, "SHA-1", "a".repeat(40), List.of("b".repeat(40), "c".repeat(40)));
    }
}
