package io.swarmshare.agent.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the agent can be told, under {@code swarmshare.agent.*}. Validated here, at binding, so a bad value
 * stops the start with one sentence.
 *
 * @param dataDir           identity, control token/port, session, shares and download state (./data/agent)
 * @param gateways          tracker base URLs (gateways), tried in order with failover (http://127.0.0.1:8080)
 * @param listenHost        address the piece server binds (127.0.0.1)
 * @param listenPort        piece server port, 0 = any free one (0)
 * @param advertisedHost    host announced to the tracker for other peers (defaults to listenHost)
 * @param controlPort       control API port on 127.0.0.1, 0 = any free one (0)
 * @param heartbeatInterval how often the agent renews its lease (5s)
 * @param pieceTimeout      a requested piece that has not arrived by then is asked elsewhere (15s)
 * @param maxPieceAttempts  distinct peers a piece may fail on before the download fails (3)
 * @param pipelineDepth     most outstanding piece requests per peer (16): each peer's pipeline adapts to its measured
 *                          rate below this bound; also the server's per-connection send bound
 * @param planRefresh       how often a running download asks the tracker for peers and a fresh ticket (3s)
 * @param uploadSlots       leecher connections served at once, agent-wide; the others wait their turn (8)
 * @param uploadRotation    a served connection gives its slot to a waiting one after this long (2s)
 * @param uploadRateLimit   global upload limit in bytes/s, e.g. 20MB; 0 = none (0)
 * @param downloadRateLimit global download limit in bytes/s; 0 = none (0)
 * @param directWrites      write verified pieces with O_DIRECT where the file system allows it, past the page cache
 *                          (true); see transfer/NOTES.md
 */
@ConfigurationProperties(prefix = "swarmshare.agent")
public record AgentProperties(
        @DefaultValue("./data/agent") Path dataDir,
        @DefaultValue("http://127.0.0.1:8080") List<URI> gateways,
        @DefaultValue("127.0.0.1") String listenHost,
        @DefaultValue("0") int listenPort,
        String advertisedHost,
        @DefaultValue("0") int controlPort,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("15s") Duration pieceTimeout,
        @DefaultValue("3") int maxPieceAttempts,
        @DefaultValue("16") int pipelineDepth,
        @DefaultValue("3s") Duration planRefresh,
        @DefaultValue("8") int uploadSlots,
        @DefaultValue("2s") Duration uploadRotation,
        @DefaultValue("0") DataSize uploadRateLimit,
        @DefaultValue("0") DataSize downloadRateLimit,
        @DefaultValue("true") boolean directWrites) {

    public AgentProperties {
        if (dataDir == null) {
            throw new IllegalArgumentException("swarmshare.agent.data-dir must be set");
        }
        if (gateways == null || gateways.isEmpty()) {
            throw new IllegalArgumentException("swarmshare.agent.gateways needs at least one URL");
        }
        for (URI g : gateways) {
            if (g.getScheme() == null || !(g.getScheme().equals("http") || g.getScheme().equals("https")) || g.getHost() == null) {
                throw new IllegalArgumentException("swarmshare.agent.gateways: '" + g + "' is not an http(s) URL");
            }
        }
        gateways = List.copyOf(gateways);
        if (listenHost == null || listenHost.isBlank()) {
            throw new IllegalArgumentException("swarmshare.agent.listen-host must not be blank");
        }
        if (advertisedHost == null || advertisedHost.isBlank()) {
            advertisedHost = listenHost;
        }
        port("listen-port", listenPort);
        port("control-port", controlPort);
        positive("heartbeat-interval", heartbeatInterval);
        positive("piece-timeout", pieceTimeout);
        positive("plan-refresh", planRefresh);
        if (maxPieceAttempts < 1) {
            throw new IllegalArgumentException("swarmshare.agent.max-piece-attempts must be >= 1");
        }
        if (pipelineDepth < 1 || pipelineDepth > 256) {
            throw new IllegalArgumentException("swarmshare.agent.pipeline-depth must be 1..256");
        }
        if (uploadSlots < 1) {
            throw new IllegalArgumentException("swarmshare.agent.upload-slots must be >= 1");
        }
        positive("upload-rotation", uploadRotation);
        uploadRateLimit = nonNegative("upload-rate-limit", uploadRateLimit);
        downloadRateLimit = nonNegative("download-rate-limit", downloadRateLimit);
    }

    /** Defaults for tests and tools: the given data dir and gateways, everything else as documented. */
    public static AgentProperties defaults(Path dataDir, List<URI> gateways) {
        return new AgentProperties(dataDir, gateways, "127.0.0.1", 0, null, 0, Duration.ofSeconds(5),
                Duration.ofSeconds(15), 3, 16, Duration.ofSeconds(3), 8, Duration.ofSeconds(2), DataSize.ofBytes(0),
                DataSize.ofBytes(0), true);
    }

    private static DataSize nonNegative(String key, DataSize d) {
        if (d == null) {
            return DataSize.ofBytes(0);
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("swarmshare.agent." + key + " must be >= 0");
        }
        return d;
    }

    private static void port(String key, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("swarmshare.agent." + key + " must be 0..65535");
        }
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("swarmshare.agent." + key + " must be a positive duration");
        }
    }
}
