package io.swarmshare.agent;

import io.netty.channel.EventLoopGroup;
import io.swarmshare.agent.config.AgentProperties;
import io.swarmshare.agent.control.ControlApi;
import io.swarmshare.agent.control.ControlServer;
import io.swarmshare.agent.seeding.PieceServer;
import io.swarmshare.agent.seeding.ShareRegistry;
import io.swarmshare.agent.seeding.ShareService;
import io.swarmshare.agent.seeding.UploadSlots;
import io.swarmshare.agent.transfer.TokenBucket;
import io.swarmshare.agent.wire.Transports;
import io.swarmshare.agent.storage.AgentStore;
import io.swarmshare.agent.tracker.AgentSession;
import io.swarmshare.agent.tracker.Heartbeat;
import io.swarmshare.agent.tracker.PublicKeyCache;
import io.swarmshare.agent.tracker.TrackerClient;
import io.swarmshare.agent.tracker.TrackerSwarm;
import io.swarmshare.agent.transfer.DownloadManager;
import io.swarmshare.agent.transfer.TransferSettings;
import io.swarmshare.common.api.AnnouncePeerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The whole agent, started in dependency order (piece server, shares, downloads, heartbeat, then the control API so
 * control.port appears only when everything answers) and stopped in reverse.
 */
public final class PeerAgent implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeerAgent.class);
    /** EX_SOFTWARE: an internal error, not a configuration one. */
    static final int EXIT_LOOP_ENDED = 70;
    private static final Duration LOOP_WATCH_EVERY = Duration.ofSeconds(1);

    private final AgentProperties props;
    private final JsonMapper json;
    private final Clock clock;
    private final IntConsumer exit;
    private volatile boolean running;
    private PieceServer pieceServer;
    private DownloadManager downloads;
    private Heartbeat heartbeat;
    private ControlServer control;
    private EventLoopWatch loopWatch;
    private int listenPort;
    private int controlPort;

    /** @param exit ends the process with a status (System::exit in the daemon) */
    public PeerAgent(AgentProperties props, JsonMapper json, Clock clock, IntConsumer exit) {
        this.props = props;
        this.json = json;
        this.clock = clock;
        this.exit = exit;
    }

    @Override
    public void start() {
        try {
            AgentStore store = new AgentStore(props.dataDir(), json);
            String peerId = store.peerId();
            AgentSession session = new AgentSession(store);
            TrackerClient tracker = new TrackerClient(props.gateways(), session, json, Duration.ofSeconds(10));
            ShareRegistry registry = new ShareRegistry(store);
            registry.load();
            PublicKeyCache ticketKeys = new PublicKeyCache(tracker, clock);
            TokenBucket uploadLimit = props.uploadRateLimit().toBytes() > 0
                    ? new TokenBucket(props.uploadRateLimit().toBytes(), clock) : null;
            UploadSlots slots = new UploadSlots(props.uploadSlots(), props.uploadRotation().toMillis(), clock, uploadLimit);
            pieceServer = new PieceServer(registry, ticketKeys, clock, props.pipelineDepth(), slots);
            listenPort = pieceServer.start(props.listenHost(), props.listenPort());
            log.info("peer {} serving pieces on {}:{} (advertised as {}; {} transport, {} upload slots, upload limit {}, "
                            + "download limit {})", peerId, props.listenHost(), listenPort, props.advertisedHost(),
                    Transports.epoll() ? "epoll" : "nio", props.uploadSlots(), props.uploadRateLimit(),
                    props.downloadRateLimit());
            downloads = new DownloadManager(TransferSettings.from(props), clock, peerId, new TrackerSwarm(tracker, peerId),
                    registry, store);
            downloads.resumeAll();
            heartbeat = new Heartbeat(tracker, session, registry, peerId,
                    new AnnouncePeerRequest(props.advertisedHost(), listenPort), props.heartbeatInterval(), clock);
            // fetch the ticket key off the event loop, before the first leecher's handshake needs it
            heartbeat.afterEachBeat(ticketKeys::current);
            heartbeat.start();
            ShareService shares = new ShareService(registry, tracker, session, store, peerId);
            control = new ControlServer(new ControlApi(peerId, props.listenHost(), listenPort, props.gateways(), session,
                    heartbeat, tracker, registry, shares, downloads), json, store.dir());
            controlPort = control.start(props.controlPort());
            Map<String, EventLoopGroup> loops = new LinkedHashMap<>(pieceServer.eventLoops());
            loops.putAll(downloads.eventLoops());
            loopWatch = new EventLoopWatch(loops, this::eventLoopEnded);
            loopWatch.start(LOOP_WATCH_EVERY);
            running = true;
            log.info("agent ready ({})", session.current().map(s -> "user " + s.username()).orElse("not logged in"));
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException("cannot start the agent: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    /**
     * An agent that cannot serve must not stay announced, and half an agent is not worth keeping: leave the tracker
     * at once (no lease to wait out), then exit so whatever supervises the agent starts a whole one. Downloads resume.
     */
    private void eventLoopEnded(String which) {
        log.error("{} stopped for good: this agent can no longer serve or download. Leaving the tracker and exiting "
                + "with status {}", which, EXIT_LOOP_ENDED);
        heartbeat.close();
        // on its own thread: the exit runs the shutdown hooks, and they close this watch's thread
        Thread.ofPlatform().name("agent-exit").start(() -> exit.accept(EXIT_LOOP_ENDED));
    }

    @Override
    public void stop() {
        running = false;
        if (loopWatch != null) {
            loopWatch.close();
        }
        if (control != null) {
            control.close();
        }
        if (downloads != null) {
            downloads.close();
        }
        if (heartbeat != null) {
            heartbeat.close();
        }
        if (pieceServer != null) {
            pieceServer.close();
        }
        log.info("agent stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    public int listenPort() {
        return listenPort;
    }

    public int controlPort() {
        return controlPort;
    }
}
