package io.swarmshare.agent.control;

import io.swarmshare.agent.seeding.Share;
import io.swarmshare.agent.seeding.ShareRegistry;
import io.swarmshare.agent.seeding.ShareService;
import io.swarmshare.agent.storage.Session;
import io.swarmshare.agent.tracker.AgentSession;
import io.swarmshare.agent.tracker.Heartbeat;
import io.swarmshare.agent.tracker.TrackerClient;
import io.swarmshare.agent.transfer.DownloadManager;
import io.swarmshare.agent.transfer.DownloadReport;
import io.swarmshare.agent.transfer.DownloadStatus;
import io.swarmshare.common.names.FileNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** What each control call does, free of HTTP: the server maps requests to these methods and errors to problems. */
public final class ControlApi {

    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);

    public record Status(String peerId, String user, String listenHost, int listenPort, List<URI> gateways, boolean online) {
    }

    public record SessionRequest(String token, String username) {
    }

    public record ShareRequest(String path, String group, String algorithm) {
    }

    public record ShareView(String group, String name, String path, long size, boolean complete) {
    }

    public record DownloadRequest(String group, String file, String destination) {
    }

    private final String peerId;
    private final String listenHost;
    private final int listenPort;
    private final List<URI> gateways;
    private final AgentSession session;
    private final Heartbeat heartbeat;
    private final TrackerClient tracker;
    private final ShareRegistry registry;
    private final ShareService shares;
    private final DownloadManager downloads;

    public ControlApi(String peerId, String listenHost, int listenPort, List<URI> gateways, AgentSession session,
                      Heartbeat heartbeat, TrackerClient tracker, ShareRegistry registry, ShareService shares,
                      DownloadManager downloads) {
        this.peerId = peerId;
        this.listenHost = listenHost;
        this.listenPort = listenPort;
        this.gateways = gateways;
        this.session = session;
        this.heartbeat = heartbeat;
        this.tracker = tracker;
        this.registry = registry;
        this.shares = shares;
        this.downloads = downloads;
    }

    public Status status() {
        return new Status(peerId, session.current().map(Session::username).orElse(null), listenHost, listenPort,
                gateways, heartbeat.online());
    }

    public void login(SessionRequest body) throws IOException {
        require(body, "body");
        String token = require(body.token(), "token");
        String username = require(body.username(), "username");
        session.login(new Session(token, username));
        log.info("acting as user {}", username);
    }

    public void logout() throws IOException {
        if (session.current().isPresent()) {
            try {
                tracker.leavePeer(peerId);
            } catch (RuntimeException e) {
                log.debug("cannot tell the tracker we leave: {}", e.getMessage());
            }
        }
        session.logout();
        log.info("logged out; shares stay on disk and are announced again at the next login");
    }

    public ShareService.Uploaded upload(ShareRequest body) throws IOException {
        require(body, "body");
        String path = require(body.path(), "path");
        String group = require(body.group(), "group");
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new ControlException(400, "bad-path", "'" + path + "' is not a valid path");
        }
        return shares.upload(p, group, body.algorithm());
    }

    public List<ShareView> listShares() {
        return registry.all().stream()
                .sorted(Comparator.comparing(Share::group).thenComparing(Share::name))
                .map(s -> new ShareView(s.group(), s.name(), s.path().toString(), s.manifest().size(), s.complete()))
                .toList();
    }

    public void stopShare(String group, String name) {
        shares.stop(group, name);
    }

    public DownloadStatus download(DownloadRequest body) {
        require(body, "body");
        String group = require(body.group(), "group");
        String file = require(body.file(), "file");
        String destination = require(body.destination(), "destination");
        String problem = FileNames.accountProblem("group", group);
        if (problem != null) {
            throw new ControlException(400, "bad-name", problem);
        }
        problem = FileNames.problem(file);
        if (problem != null) {
            throw new ControlException(400, "bad-name", problem);
        }
        session.require();
        Path dest;
        try {
            dest = Path.of(destination);
        } catch (InvalidPathException e) {
            throw new ControlException(400, "bad-path", "'" + destination + "' is not a valid path");
        }
        return downloads.start(group, file, dest);
    }

    public List<DownloadStatus> listDownloads() {
        return downloads.list();
    }

    public DownloadReport report(String id) {
        return downloads.report(id).orElseThrow(() -> new ControlException(404, "no-such-download", "no download with id " + id));
    }

    public DownloadStatus download(String id) {
        return downloads.get(id).orElseThrow(() -> new ControlException(404, "no-such-download", "no download with id " + id));
    }

    /** As {@link #download(String)}, but a running download is answered once it ends or after {@code wait}. */
    public DownloadStatus download(String id, Duration wait) throws InterruptedException {
        return downloads.awaitEnd(id, wait)
                .orElseThrow(() -> new ControlException(404, "no-such-download", "no download with id " + id));
    }

    private static <T> T require(T value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new ControlException(400, "missing-field", "missing field '" + field + "'");
        }
        return value;
    }
}
