package io.swarmshare.gateway.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swarmshare.gateway.routing.GatewayProperties;
import io.swarmshare.gateway.routing.LoadMeasure;
import io.swarmshare.gateway.routing.TrackerBreakers;
import io.swarmshare.gateway.routing.TrackerLoad;

/**
 * The classic tracker view and membership calls, on the gateway itself:
 * <ul>
 * <li>{@code GET /gateway/trackers}: every tracker with its load, health, last check and Raft role (GET_TRACKER);</li>
 * <li>{@code POST /gateway/trackers} {id, url}: a tracker that started (REGISTER);</li>
 * <li>{@code DELETE /gateway/trackers/{id}}: a tracker stopping gracefully (REMOVE).</li>
 * </ul>
 * The two writes need the cluster secret in {@code X-Swarmshare-Cluster-Secret}; without a configured secret they
 * are refused (registration off).
 */
@RestController
@RequestMapping("/gateway/trackers")
public class TrackersController {

    public static final String SECRET_HEADER = "X-Swarmshare-Cluster-Secret";
    private static final Logger log = LoggerFactory.getLogger(TrackersController.class);

    /** One tracker in {@code GET /gateway/trackers}. */
    public record TrackerView(String id, String url, String source, String health, int inFlight, double load,
                              double latencyMillis, String breaker, boolean ejected, Instant lastCheck,
                              String lastError, String raftRole) {
    }

    /** The whole answer: which load measure the balancer uses, then the trackers. */
    public record TrackersView(String loadMeasure, List<TrackerView> trackers) {
    }

    /** Body of a registration. */
    public record Registration(String id, String url) {
    }

    private final TrackerRegistry registry;
    private final TrackerLoad load;
    private final LoadMeasure measure;
    private final TrackerBreakers breakers;
    private final GatewayProperties properties;

    public TrackersController(TrackerRegistry registry, TrackerLoad load, LoadMeasure measure,
                              TrackerBreakers breakers, GatewayProperties properties) {
        this.registry = registry;
        this.load = load;
        this.measure = measure;
        this.breakers = breakers;
        this.properties = properties;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public TrackersView trackers() {
        List<TrackerView> views = registry.all().stream().map(t -> new TrackerView(t.id(), t.key(),
                t.source().name(), t.health().name(), load.inFlight(t.key()), measure.load(t.key(), load),
                Math.round(load.latencyMillis(t.key()) * 10) / 10.0, breakers.of(t.key()).getState().name(),
                load.isEjected(t.key()), t.lastCheck(), t.lastError(), t.raftRole())).toList();
        return new TrackersView(measure.name(), views);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> register(@RequestHeader(name = SECRET_HEADER, required = false) String secret,
                                      @RequestBody Registration body) {
        ResponseEntity<ProblemDetail> refused = checkSecret(secret);
        if (refused != null) {
            return refused;
        }
        if (body == null || body.id() == null || !body.id().matches("[A-Za-z0-9._-]{1,64}")) {
            return problem(HttpStatus.BAD_REQUEST, "bad-tracker-registration",
                    "A tracker id is 1 to 64 letters, digits, dots, dashes or underscores.");
        }
        URI url;
        try {
            url = URI.create(body.url() == null ? "" : body.url());
            GatewayProperties.requireBaseUri("url", url);
        } catch (IllegalArgumentException e) {
            return problem(HttpStatus.BAD_REQUEST, "bad-tracker-registration",
                    "A tracker url is a base URI like http://127.0.0.1:8081 (no path).");
        }
        boolean known = registry.byKey(TrackerRegistry.key(url)).isPresent();
        TrackerRegistry.Tracker tracker = registry.register(body.id(), url);
        if (!known) {
            log.info("tracker {} registered at {}", tracker.id(), tracker.key());
        }
        return ResponseEntity.status(known ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new Registration(tracker.id(), tracker.key()));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<?> deregister(@RequestHeader(name = SECRET_HEADER, required = false) String secret,
                                        @PathVariable String id) {
        ResponseEntity<ProblemDetail> refused = checkSecret(secret);
        if (refused != null) {
            return refused;
        }
        if (!registry.deregister(id)) {
            return problem(HttpStatus.NOT_FOUND, "unknown-tracker", "No tracker with id " + id + " is registered.");
        }
        log.info("tracker {} deregistered: no new requests go to it", id);
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<ProblemDetail> checkSecret(String given) {
        if (!properties.registrationEnabled()) {
            return problem(HttpStatus.FORBIDDEN, "registration-off",
                    "Tracker registration is off on this gateway: set swarmshare.gateway.secret.");
        }
        byte[] expected = properties.secret().getBytes(StandardCharsets.UTF_8);
        byte[] actual = (given == null ? "" : given).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, actual)) {
            return problem(HttpStatus.UNAUTHORIZED, "bad-cluster-secret",
                    "The " + SECRET_HEADER + " header is missing or wrong.");
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String slug, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://swarmshare.io/problems/" + slug));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
