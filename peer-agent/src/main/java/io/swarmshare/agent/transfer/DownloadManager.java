package io.swarmshare.agent.transfer;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.swarmshare.agent.seeding.ShareRegistry;
import io.swarmshare.agent.storage.AgentStore;
import io.swarmshare.agent.wire.Transports;
import io.swarmshare.agent.storage.DownloadRecord;
import io.swarmshare.agent.storage.SafePaths;
import io.swarmshare.agent.storage.UnsafePathException;
import io.swarmshare.common.api.DownloadPlan;
import io.swarmshare.common.manifest.FileManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Starts, lists and resumes downloads; owns the Netty client threads and the timer thread they share. */
public final class DownloadManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DownloadManager.class);

    /** Downloads under way (and, for a moment, one that just ended). */
    private final ConcurrentHashMap<String, DownloadSession> sessions = new ConcurrentHashMap<>();
    /**
     * Ended downloads as show_downloads and the report still show them. The session itself is let go: it holds the
     * manifest (a digest per piece) and the swarm's state, and an agent that kept every session it ever ran filled its
     * heap (192 downloads of 1 GiB: the old generation full, 45 full collections).
     */
    private final ConcurrentHashMap<String, Ended> ended = new ConcurrentHashMap<>();
    /** Notified whenever a download ends: what {@link #awaitEnd} waits on. */
    private final Object anEnd = new Object();
    private final TransferContext ctx;
    private final EventLoopGroup clientGroup;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService writer;
    private final ExecutorService digester;

    public DownloadManager(TransferSettings settings, Clock clock, String selfPeerId, SwarmTracker tracker,
                           ShareRegistry registry, AgentStore store) {
        this.clientGroup = new MultiThreadIoEventLoopGroup(2, Transports.ioFactory());
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "download-timer");
            t.setDaemon(true);
            return t;
        });
        this.writer = Executors.newFixedThreadPool(2, daemon("piece-write"));
        this.digester = Executors.newSingleThreadExecutor(daemon("file-digest"));
        TokenBucket limit = settings.downloadRateLimit() > 0 ? new TokenBucket(settings.downloadRateLimit(), clock) : null;
        this.ctx = new TransferContext(settings, clock, selfPeerId, tracker, registry, store, clientGroup, scheduler,
                writer, digester, limit);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Resumes every persisted RUNNING download; finished ones are listed as they ended. */
    public void resumeAll() {
        if (ctx.store() == null) {
            return;
        }
        for (DownloadRecord r : ctx.store().loadDownloads()) {
            Optional<FileManifest> manifest = ctx.store().loadManifest(r.fileId());
            if (manifest.isEmpty()) {
                log.warn("download {}: manifest missing, cannot resume", r.id());
                continue;
            }
            DownloadSession s = new DownloadSession(r, manifest.get(), ctx, this::ended);
            if (s.state() != DownloadState.RUNNING) {
                ended(s);
                continue;
            }
            sessions.put(s.id(), s);
            log.info("resuming download {} of {}/{} ({}/{} pieces verified)", s.id(), r.group(), r.file(),
                    s.status().verifiedPieces(), s.status().pieceCount());
            scheduler.execute(() -> s.start(null));
        }
    }

    /**
     * Fetches the plan (tracker errors propagate as they are), checks the destination, and starts fetching.
     *
     * @throws DownloadException for a bad destination or a clash with an existing file or download
     */
    public DownloadStatus start(String group, String file, Path destination) {
        DownloadPlan plan = ctx.tracker().plan(group, file);
        FileManifest manifest = plan.manifest();
        long fileId = plan.file().id();
        Path output;
        try {
            output = SafePaths.resolve(destination, manifest.name());
        } catch (UnsafePathException e) {
            throw new DownloadException(e.getMessage(), false);
        } catch (IOException e) {
            throw new DownloadException("cannot use destination " + destination + ": " + e.getMessage(), false);
        }
        synchronized (this) {
            for (DownloadSession s : sessions.values()) {
                if (s.state() == DownloadState.RUNNING && (s.output().equals(output) || s.fileId() == fileId)) {
                    throw new DownloadException("already downloading " + s.group() + "/" + s.file() + " to "
                            + s.output() + " (download " + s.id() + ")", true);
                }
            }
            if (ctx.registry().byFileId(fileId).isPresent()) {
                throw new DownloadException("this agent already shares " + group + "/" + file, true);
            }
            try {
                if (Files.exists(output) && Files.size(output) != manifest.size()) {
                    throw new DownloadException(output + " already exists and is a different file; not overwriting it", true);
                }
            } catch (IOException e) {
                throw new DownloadException("cannot inspect " + output + ": " + e.getMessage(), false);
            }
            String id = UUID.randomUUID().toString().substring(0, 8);
            DownloadRecord record = new DownloadRecord(id, group, file, destination.toAbsolutePath().normalize().toString(),
                    output.toString(), fileId, DownloadState.RUNNING.name(), null, 0, 0, null, manifest.fileDigest(), null);
            try {
                if (ctx.store() != null) {
                    ctx.store().saveManifest(fileId, manifest);
                    ctx.store().saveDownload(record);
                }
            } catch (IOException e) {
                throw new DownloadException("cannot persist the download: " + e.getMessage(), false);
            }
            DownloadSession session = new DownloadSession(record, manifest, ctx, this::ended);
            sessions.put(id, session);
            log.info("download {}: {}/{} ({} bytes, {} pieces) to {}", id, group, file, manifest.size(),
                    manifest.pieceCount(), output);
            scheduler.execute(() -> session.start(plan));
            return session.status();
        }
    }

    /** The downloads' event loops by what they do. */
    public Map<String, EventLoopGroup> eventLoops() {
        return Map.of("the download connections", clientGroup);
    }

    /**
     * Keeps what an ended download still shows and lets the session go. Runs under the session's lock, so it touches
     * nothing but the two concurrent maps (added before removed: a reader finds the download in one or the other).
     */
    private void ended(DownloadSession s) {
        ended.put(s.id(), new Ended(s.status(), s.report()));
        sessions.remove(s.id(), s);
        synchronized (anEnd) {
            anEnd.notifyAll();
        }
    }

    /**
     * The download's status once it has ended, or after {@code max} if it is still running then: a watcher hears of
     * the end at once instead of at its next poll, and polls less often meanwhile.
     */
    public Optional<DownloadStatus> awaitEnd(String id, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (anEnd) {
            for (long left = max.toNanos(); sessions.containsKey(id) && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(anEnd, left);
            }
        }
        return get(id);
    }

    public List<DownloadStatus> list() {
        Map<String, DownloadStatus> all = new TreeMap<>();
        ended.forEach((id, e) -> all.put(id, e.status()));
        sessions.forEach((id, s) -> all.putIfAbsent(id, s.status()));
        return List.copyOf(all.values());
    }

    public Optional<DownloadReport> report(String id) {
        DownloadSession s = sessions.get(id);
        return s != null ? Optional.of(s.report()) : Optional.ofNullable(ended.get(id)).map(Ended::report);
    }

    public Optional<DownloadStatus> get(String id) {
        DownloadSession s = sessions.get(id);
        return s != null ? Optional.of(s.status()) : Optional.ofNullable(ended.get(id)).map(Ended::status);
    }

    /** Sessions still held (downloads under way); for tests. */
    int heldSessions() {
        return sessions.size();
    }

    private record Ended(DownloadStatus status, DownloadReport report) {
    }

    @Override
    public void close() {
        sessions.values().forEach(DownloadSession::stop);
        scheduler.shutdownNow();
        writer.shutdownNow();
        digester.shutdownNow();
        clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
