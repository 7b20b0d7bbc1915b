package io.swarmshare.agent.transfer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.swarmshare.agent.seeding.PieceSet;
import io.swarmshare.agent.seeding.Share;
import io.swarmshare.agent.storage.DownloadRecord;
import io.swarmshare.agent.storage.SafePaths;
import io.swarmshare.agent.wire.PeerFrameDecoder;
import io.swarmshare.agent.wire.PeerMessage;
import io.swarmshare.agent.wire.PeerMessageEncoder;
import io.swarmshare.agent.wire.Transports;
import io.swarmshare.common.api.DownloadPlan;
import io.swarmshare.common.api.PeerView;
import io.swarmshare.common.manifest.FileManifest;
import io.swarmshare.common.manifest.PieceLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One file being fetched from its swarm: connects to the plan's peers, picks pieces (PiecePicker), verifies each
 * piece before writing it into {@code <name>.part}, serves verified pieces to others meanwhile (a partial Share),
 * feeds the whole-file digest in index order, and on success renames the part file and seeds it whole.
 * Mutable state is guarded by {@code this}; Netty threads, timers and control calls all come through it.
 */
public final class DownloadSession {

    private static final Logger log = LoggerFactory.getLogger(DownloadSession.class);
    private static final long FLUSH_EVERY_MS = 500;
    /** How often stalls are looked for (work stealing) and timeouts checked. */
    private static final long TICK_MS = 100;

    private final String id;
    private final String group;
    private final String file;
    private final Path destination;
    private final Path output;
    private final Path partPath;
    private final long fileId;
    private final FileManifest manifest;
    private final PieceLayout layout;
    private final int pieceCount;
    private final TransferContext ctx;
    private final PieceSet verified;
    private final RequestScheduler scheduler;
    private final RateMeter rate;
    /** Peers that left, for the assignment report. */
    private final List<PeerReport> departed = new ArrayList<>();
    private final Map<String, PeerLink> links = new HashMap<>();
    private final Set<String> banned = new HashSet<>();
    private final Map<Integer, Set<String>> failedOn = new HashMap<>();
    private WholeFileDigest whole;

    private DownloadState state;
    private String error;
    private String expectedDigest;
    private String actualDigest;
    private long piecesFetched;
    private long piecesRejected;
    private long bytesDone;
    private String ticket = "";
    private boolean dirty;
    /** The agent is shutting down: the state stays RUNNING on disk, but nothing more is written here. */
    private boolean stopped;
    private long lastFlush;
    private long startedAt;
    private long finishedAt;
    /** When 10 % and 90 % of the pieces were verified: the steady-state rate is measured in between. */
    private long at10;
    private long at90;
    private PartFile part;
    private Share share;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final Consumer<DownloadSession> ended;
    /** Orders this download's announces to the tracker (taken before {@code this}, never inside it). */
    private final Object announcing = new Object();
    /** The scheduler held requests back until the whole-file digest makes room (read without the lock). */
    private volatile boolean waitingForDigest;

    /** @param ended told (under this session's lock) once the download has completed or failed */
    DownloadSession(DownloadRecord record, FileManifest manifest, TransferContext ctx, Consumer<DownloadSession> ended) {
        this.ended = ended;
        this.id = record.id();
        this.group = record.group();
        this.file = record.file();
        this.destination = Path.of(record.destination());
        this.output = Path.of(record.output());
        this.partPath = output.resolveSibling(output.getFileName() + ".part");
        this.fileId = record.fileId();
        this.manifest = manifest;
        this.layout = manifest.layout();
        this.pieceCount = manifest.pieceCount();
        this.ctx = ctx;
        BitSet bits = record.verified() == null ? new BitSet() : BitSet.valueOf(Base64.getDecoder().decode(record.verified()));
        bits.clear(pieceCount, Math.max(pieceCount, bits.length()));
        this.state = DownloadState.valueOf(record.state());
        if (state == DownloadState.RUNNING && !bits.isEmpty() && !Files.isRegularFile(partPath)) {
            log.warn("download {}: {} is gone, starting over", id, partPath);
            bits.clear();
        }
        this.verified = new PieceSet(pieceCount, bits);
        this.scheduler = new RequestScheduler(pieceCount, layout.pieceSize(), bits,
                RequestScheduler.Tuning.defaults(ctx.settings().pipelineDepth(),
                        (int) (ctx.settings().digestHoldBytes() / layout.pieceSize())));
        this.rate = new RateMeter(ctx.clock());
        this.error = record.error();
        this.expectedDigest = record.expectedDigest() != null ? record.expectedDigest() : manifest.fileDigest();
        this.actualDigest = record.actualDigest();
        this.piecesFetched = record.piecesFetched();
        this.piecesRejected = record.piecesRejected();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            bytesDone += layout.length(i);
        }
        if (state == DownloadState.COMPLETED) {
            bytesDone = manifest.size();
        }
    }

    public String id() {
        return id;
    }

    public String group() {
        return group;
    }

    public String file() {
        return file;
    }

    public Path output() {
        return output;
    }

    public long fileId() {
        return fileId;
    }

    /**
     * Opens the part file, offers the verified pieces, and starts connecting. {@code plan} may be null: it is fetched.
     * Runs on the scheduler.
     */
    public void start(DownloadPlan plan) {
        guarded(() -> "starting", () -> begin(plan)).run();
    }

    private void begin(DownloadPlan plan) {
        synchronized (this) {
            if (state != DownloadState.RUNNING || stopped) {
                return;
            }
            try {
                if (Files.exists(output)) {
                    adoptExisting();
                    return;
                }
                SafePaths.partFile(output);
                part = new PartFile(partPath, ctx.settings().directWrites());
                part.truncate(manifest.size());
                share = new Share(group, file, fileId, manifest, partPath, verified);
                if (!ctx.registry().add(share)) {
                    fail("this agent already shares " + group + "/" + file);
                    return;
                }
                PartFile partNow = part;
                whole = new WholeFileDigest(manifest.digestAlgorithm().newDigest(), layout, pieceCount,
                        verified.snapshot(), ctx.settings().digestHoldBytes(), ctx.digester(),
                        (into, offset, length) -> partNow.read(into, offset, length), this::digestDone,
                        e -> failLater("cannot read back " + partPath + ": " + e.getMessage()),
                        guarded(() -> "asking for pieces after the digest moved on", this::digestAdvanced));
                dirty = true;
                flush();
            } catch (IOException e) {
                fail("cannot write " + partPath + ": " + e.getMessage());
                return;
            }
            startedAt = ctx.clock().millis();
            long tick = Math.max(20, Math.min(TICK_MS, ctx.settings().pieceTimeout().toMillis() / 4));
            timers.add(ctx.scheduler().scheduleWithFixedDelay(guarded(() -> "checking for stalled peers", this::tick),
                    tick, tick, TimeUnit.MILLISECONDS));
            long refresh = ctx.settings().planRefresh().toMillis();
            timers.add(ctx.scheduler().scheduleWithFixedDelay(guarded(() -> "refreshing the plan", this::refresh),
                    refresh, refresh, TimeUnit.MILLISECONDS));
            whole.start(); // a resumed download digests what it already has; a complete one finishes here
        }
        if (plan != null) {
            applyPlan(plan);
        } else {
            refresh();
        }
        // Announced after the connections are under way: this tracker round trip (a replicated write) used to delay
        // the first request.
        announcePartial();
    }

    /** As a partial seeder, unless the download has ended meanwhile (then "complete" is, or will be, the last word). */
    private void announcePartial() {
        synchronized (announcing) {
            synchronized (this) {
                if (state != DownloadState.RUNNING || stopped) {
                    return;
                }
            }
            try {
                ctx.tracker().joinSwarm(group, file, false);
            } catch (RuntimeException e) {
                log.warn("download {}: cannot announce as partial seeder yet: {}", id, e.getMessage());
            }
        }
    }

    /** The output already exists: fine if it is this very file (then seed it), else refuse to touch it. */
    private void adoptExisting() throws IOException {
        MessageDigest d = manifest.digestAlgorithm().newDigest();
        if (Files.size(output) == manifest.size()) {
            try (var in = Files.newInputStream(output)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    d.update(buf, 0, n);
                }
            }
            String actual = HexFormat.of().formatHex(d.digest());
            if (actual.equals(manifest.fileDigest())) {
                actualDigest = actual;
                state = DownloadState.COMPLETED;
                bytesDone = manifest.size();
                share = Share.complete(group, file, fileId, manifest, output);
                ctx.registry().add(share);
                dirty = true;
                flush();
                ctx.scheduler().execute(() -> announceComplete());
                ended.accept(this);
                return;
            }
        }
        fail(output + " already exists with different content; not overwriting it");
    }

    // ---- messages from peers (Netty threads) ----

    PeerMessage.Handshake handshake() {
        synchronized (this) {
            return new PeerMessage.Handshake(fileId, ticket);
        }
    }

    void onMessage(PeerLink link, PeerMessage msg) {
        if (msg instanceof PeerMessage.Piece p) {
            onPiece(link, p.piece(), p.data());
            return;
        }
        synchronized (this) {
            if (state != DownloadState.RUNNING || stopped || link.dropped) {
                link.close();
                return;
            }
            switch (msg) {
                case PeerMessage.Bitfield b -> {
                    if (link.ready || b.pieceCount() != pieceCount) {
                        drop(link, "sent a bitfield for " + b.pieceCount() + " pieces, expected " + pieceCount + " once");
                        return;
                    }
                    link.has.or(b.bits());
                    link.ready = true;
                    scheduler.addPeer(link.peerId, link.has, ctx.clock().millis());
                    log.debug("download {}: peer {} has {}/{} pieces", id, link, link.has.cardinality(), pieceCount);
                    pumpAll();
                }
                case PeerMessage.Have h -> {
                    if (h.piece() >= pieceCount) {
                        drop(link, "announced piece " + h.piece() + " of " + pieceCount);
                        return;
                    }
                    if (link.ready) {
                        scheduler.peerHas(link.peerId, h.piece());
                    } else {
                        link.has.set(h.piece());
                    }
                    pumpAll();
                }
                case PeerMessage.Reject r -> onReject(link, r);
                default -> drop(link, "sent an unexpected " + msg.getClass().getSimpleName());
            }
        }
    }

    private void onReject(PeerLink link, PeerMessage.Reject r) {
        if (!link.ready) {
            log.info("download {}: peer {} refused the handshake: {}", id, link, r.reason());
            drop(link, "refused the handshake");
            return;
        }
        if (r.rejectCode() == PeerMessage.Reject.PIECE_NOT_HELD && r.piece() >= 0) {
            scheduler.rejected(link.peerId, r.piece());
            pumpAll();
            return;
        }
        drop(link, "rejected: " + r.reason());
    }

    /**
     * On the event loop: the copy out of the decoder's buffer, the bookkeeping (the next requests go out at once) and
     * the piece's digest check; the positional write then runs on a writer thread, straight from that copy.
     */
    private void onPiece(PeerLink link, int piece, ByteBuf received) {
        // The frame is a slice of the decoder's cumulation buffer: kept until verified and digested it would pin that
        // whole buffer, so the cumulation could not be reused and direct memory ran into its limit (each time a
        // System.gc() and a full collection). One copy into an exact-size pooled buffer frees it at once; that
        // buffer is aligned so the part file can take it with O_DIRECT.
        ByteBuf data = PieceBuffers.SHARED.allocate(received.readableBytes());
        try {
            data.writeBytes(received);
        } finally {
            received.release();
        }
        synchronized (this) {
            List<RequestScheduler.Action> cancels = state != DownloadState.RUNNING || stopped || link.dropped
                    ? null : scheduler.received(link.peerId, piece, data.readableBytes(), ctx.clock().millis());
            if (cancels == null) {
                data.release(); // not asked of this peer (any more): ignore
                return;
            }
            send(cancels);
            pumpAll();
        }
        // Checked here, while the piece is still in this core's cache, and only if it was still wanted (a late endgame
        // copy is dropped above unhashed). On a verifier thread the check itself took 0.3 ms but a piece waited a
        // median 9 ms for it (a per-piece trace), and that wait held the pipeline back: 1 GiB from one seeder took
        // 3.3-4.5 s that way, 1.8-2.2 s this way (A/B, 6 downloads each).
        boolean good = piece < pieceCount && data.readableBytes() == layout.length(piece)
                && MessageDigest.isEqual(digestOf(data), manifest.pieceDigest(piece));
        TokenBucket limit = ctx.downloadLimit();
        if (limit != null) {
            long pause = limit.take(data.readableBytes());
            Channel ch = link.channel;
            if (pause > 0 && ch != null) { // the global download limit: stop reading from this peer for a while
                ch.config().setAutoRead(false);
                ch.eventLoop().schedule(() -> ch.config().setAutoRead(true), pause, TimeUnit.MILLISECONDS);
            }
        }
        try {
            ctx.writer().execute(guarded(() -> "writing piece " + piece, () -> write(link, piece, data, good)));
        } catch (RuntimeException e) { // writer shut down: the agent is stopping
            data.release();
        }
    }

    /** A piece whose check ({@code good}) is done: a bad one is traced to its peer, a good one written and digested. */
    private void write(PeerLink link, int piece, ByteBuf data, boolean good) {
        try {
            PartFile target;
            synchronized (this) {
                target = part;
                if (state != DownloadState.RUNNING || stopped || target == null) {
                    return;
                }
                if (!good) {
                    piecesRejected++;
                    dirty = true;
                    log.warn("download {}: piece {} from peer {} failed its digest check; not asking that peer again", id, piece, link);
                    banned.add(link.peerId);
                    scheduler.corrupt(piece);
                    if (recordFailure(piece, link.peerId)) {
                        return;
                    }
                    drop(link, "sent a corrupt piece");
                    return;
                }
            }
            try {
                target.write(data, layout.offset(piece));
            } catch (IOException e) {
                synchronized (this) {
                    if (state == DownloadState.RUNNING && !stopped) {
                        fail("cannot write " + partPath + ": " + e.getMessage());
                    }
                }
                return;
            }
            WholeFileDigest digest;
            synchronized (this) {
                if (state != DownloadState.RUNNING || stopped) {
                    return;
                }
                scheduler.verified(piece);
                share.pieceVerified(piece);
                piecesFetched++;
                bytesDone += data.readableBytes();
                long done = verified.cardinality();
                if (at10 == 0 && done * 10 >= pieceCount) {
                    at10 = ctx.clock().millis();
                }
                if (at90 == 0 && done * 10 >= 9L * pieceCount) {
                    at90 = ctx.clock().millis();
                }
                rate.add(data.readableBytes());
                dirty = true;
                digest = whole;
            }
            digest.offer(piece, data);
        } finally {
            data.release();
        }
    }

    private byte[] digestOf(ByteBuf data) {
        MessageDigest d = manifest.digestAlgorithm().newDigest();
        d.update(data.nioBuffer());
        return d.digest();
    }

    /** The whole-file digest has seen every piece (digester thread). */
    private void digestDone(String hex) {
        synchronized (this) {
            if (state == DownloadState.RUNNING && !stopped) {
                finish(hex);
            }
        }
    }

    /**
     * Every task this download hands to an executor runs through here. An executor keeps what a task throws to itself
     * (a periodic one silently stops), which left a piece "awaiting its check" or the stall detection gone for good:
     * a download stuck RUNNING. Errors too: one that ends with its reason beats one that never ends.
     */
    private Runnable guarded(Supplier<String> what, Runnable task) { // what: built only on failure, not per piece
        return () -> {
            try {
                task.run();
            } catch (Throwable e) {
                log.error("download {}: internal error while {}", id, what.get(), e);
                failLater("internal error while " + what.get() + ": " + e);
            }
        };
    }

    private void failLater(String why) {
        synchronized (this) {
            if (state == DownloadState.RUNNING && !stopped) {
                fail(why);
            }
        }
    }

    /** Returns true if the download failed because the piece has now failed on too many peers. */
    private boolean recordFailure(int piece, String peerId) {
        Set<String> peers = failedOn.computeIfAbsent(piece, k -> new HashSet<>());
        peers.add(peerId);
        if (peers.size() >= ctx.settings().maxPieceAttempts()) {
            fail("piece " + piece + " failed on " + peers.size() + " different peers");
            return true;
        }
        return false;
    }

    void onLinkClosed(PeerLink link, String why) {
        synchronized (this) {
            if (!link.dropped) {
                drop(link, why);
            }
        }
    }

    /** Forgets a peer connection: its in-flight pieces go back to the queue for the others. */
    private void drop(PeerLink link, String why) {
        if (link.dropped) {
            return;
        }
        link.dropped = true;
        log.debug("download {}: dropping peer {}: {}", id, link, why);
        links.remove(link.peerId, link);
        if (link.ready) {
            RequestScheduler.Peer gone = scheduler.peer(link.peerId);
            if (gone != null) {
                departed.add(PeerReport.of(gone, scheduler.score(gone), why));
            }
            scheduler.removePeer(link.peerId);
        }
        link.ready = false;
        link.close();
        if (state == DownloadState.RUNNING) {
            pumpAll();
        }
    }

    /** Fills every peer's pipeline (RequestScheduler.assign) and sends the requests, one flush per peer. */
    private void pumpAll() {
        if (state != DownloadState.RUNNING || stopped) {
            return;
        }
        while (true) {
            int digested = whole == null ? 0 : whole.cursor();
            scheduler.digestedUpTo(digested);
            send(scheduler.assign(ctx.clock().millis(), (peerId, piece) -> {
                Set<String> failed = failedOn.get(piece);
                return failed == null || !failed.contains(peerId);
            }));
            if (!scheduler.heldBack()) {
                waitingForDigest = false;
                return;
            }
            // flag first, then look again: a digest that moved on in between either sees the flag or is seen here
            // (both volatile). Without the second look that wake-up was lost and the download sat until the next
            // 100 ms tick, many times over (4 GiB took 57 s).
            waitingForDigest = true;
            if (whole == null || whole.cursor() == digested) {
                return;
            }
        }
    }

    /** The digest moved on (digester thread): requests held back for room in its hold can go out now. */
    private void digestAdvanced() {
        if (!waitingForDigest) {
            return;
        }
        synchronized (this) {
            if (waitingForDigest) {
                pumpAll();
            }
        }
    }

    private void send(List<RequestScheduler.Action> actions) {
        if (actions.isEmpty()) {
            return;
        }
        Set<PeerLink> touched = new HashSet<>();
        for (RequestScheduler.Action a : actions) {
            PeerLink link = links.get(a.peerId());
            if (link == null || link.channel == null) {
                continue;
            }
            link.channel.write(a.cancel() ? new PeerMessage.Cancel(a.piece()) : new PeerMessage.Request(a.piece()));
            touched.add(link);
        }
        for (PeerLink l : touched) {
            l.channel.flush();
        }
    }

    // ---- timers ----

    /**
     * Work stealing (a stalled peer's requests go to the others, RequestScheduler.steal), piece timeouts (a peer
     * silent for pieceTimeout is dropped and the pieces count as failed on it) and batched progress writes.
     */
    void tick() {
        synchronized (this) {
            if (state != DownloadState.RUNNING || stopped) {
                return;
            }
            long now = ctx.clock().millis();
            long timeout = ctx.settings().pieceTimeout().toMillis();
            for (PeerLink link : List.copyOf(links.values())) {
                if (!link.ready) {
                    if (now - link.createdAt >= timeout) {
                        drop(link, "no bitfield within " + timeout + " ms");
                    }
                    continue;
                }
                List<Integer> late = scheduler.olderThan(link.peerId, now - timeout);
                if (!late.isEmpty()) {
                    log.info("download {}: peer {} timed out on {} piece(s); asking others", id, link, late.size());
                    for (int piece : late) {
                        if (recordFailure(piece, link.peerId)) {
                            return;
                        }
                    }
                    drop(link, "timed out");
                }
            }
            List<RequestScheduler.Action> stolen = scheduler.steal(now);
            if (!stolen.isEmpty()) {
                log.debug("download {}: took {} stalled request(s) away", id, stolen.size());
                send(stolen);
            }
            pumpAll();
            if (now - lastFlush >= FLUSH_EVERY_MS) {
                flush();
            }
        }
    }

    void refresh() {
        synchronized (this) {
            if (state != DownloadState.RUNNING || stopped) {
                return;
            }
        }
        try {
            applyPlan(ctx.tracker().plan(group, file));
        } catch (RuntimeException e) {
            log.debug("download {}: plan refresh failed: {}", id, e.getMessage());
        }
    }

    /** New ticket; connect to every listed peer not yet connected nor banned. */
    void applyPlan(DownloadPlan plan) {
        List<PeerView> toConnect = new ArrayList<>();
        synchronized (this) {
            if (state != DownloadState.RUNNING || stopped) {
                return;
            }
            if (plan.ticket() != null) {
                ticket = plan.ticket();
            }
            for (PeerView p : plan.peers() == null ? List.<PeerView>of() : plan.peers()) {
                if (p.peerId().equals(ctx.selfPeerId()) || banned.contains(p.peerId()) || links.containsKey(p.peerId())) {
                    continue;
                }
                PeerLink link = new PeerLink(this, p.peerId(), p.host() + ":" + p.port(), ctx.clock().millis());
                links.put(p.peerId(), link);
                toConnect.add(p);
            }
            for (PeerView p : toConnect) {
                connect(links.get(p.peerId()), p);
            }
        }
    }

    private void connect(PeerLink link, PeerView peer) {
        int connectTimeout = (int) Math.min(5000, ctx.settings().pieceTimeout().toMillis());
        ChannelFuture f = new Bootstrap()
                .group(ctx.clientGroup())
                .channel(Transports.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout)
                .option(ChannelOption.TCP_NODELAY, true)
                // pooled arenas: received pieces stay retained until verified and digested, so the adaptive
                // allocator's chunks could not be reused and every read allocated (and zeroed) fresh direct memory
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("frames", new PeerFrameDecoder())
                                .addLast("encoder", new PeerMessageEncoder())
                                .addLast("link", link);
                    }
                })
                .connect(peer.host(), peer.port());
        link.channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                log.debug("download {}: cannot connect to peer {}: {}", id, link, done.cause().toString());
                onLinkClosed(link, "connect failed");
            }
        });
    }

    // ---- the end ----

    private void finish(String digestHex) {
        actualDigest = digestHex;
        finishedAt = ctx.clock().millis();
        expectedDigest = manifest.fileDigest();
        stopTimersAndLinks();
        closePart();
        if (!actualDigest.equals(expectedDigest)) {
            try {
                Files.deleteIfExists(partPath);
            } catch (IOException e) {
                log.warn("cannot delete {}: {}", partPath, e.toString());
            }
            ctx.registry().remove(group, file);
            fail("whole-file digest mismatch: expected " + expectedDigest + ", got " + actualDigest);
            return;
        }
        try {
            Files.move(partPath, output, StandardCopyOption.ATOMIC_MOVE);
            if (Files.size(output) != manifest.size()) {
                throw new IOException("size changed during rename");
            }
        } catch (FileAlreadyExistsException e) {
            fail(output + " appeared while downloading; left the data in " + partPath);
            return;
        } catch (IOException e) {
            fail("cannot rename " + partPath + " to " + output + ": " + e.getMessage());
            return;
        }
        share.completedAt(output);
        ctx.registry().persist();
        state = DownloadState.COMPLETED;
        dirty = true;
        flush();
        log.info("download {}: {}/{} complete at {} ({} pieces fetched, {} rejected)", id, group, file, output,
                piecesFetched, piecesRejected);
        ctx.scheduler().execute(this::announceComplete);
        ended.accept(this);
    }

    private void announceComplete() {
        synchronized (announcing) { // never overtaken by a partial announce still on its way
            try {
                ctx.tracker().joinSwarm(group, file, true);
            } catch (RuntimeException e) {
                log.warn("download {}: cannot announce as complete seeder yet (next heartbeat will): {}", id, e.getMessage());
            }
        }
    }

    private void fail(String why) {
        log.warn("download {} failed: {}", id, why);
        state = DownloadState.FAILED;
        error = why;
        stopTimersAndLinks();
        closePart();
        if (share != null && !share.complete()) {
            ctx.registry().remove(group, file);
        }
        dirty = true;
        flush();
        ended.accept(this);
    }

    /** Agent shutdown: keep the state RUNNING so the next start resumes. */
    public void stop() {
        synchronized (this) {
            stopped = true;
            stopTimersAndLinks();
            dirty = true;
            flush();
            closePart();
        }
    }

    private void stopTimersAndLinks() {
        timers.forEach(t -> t.cancel(false));
        timers.clear();
        for (PeerLink l : List.copyOf(links.values())) {
            l.dropped = true;
            l.close();
        }
        links.clear();
    }

    private void closePart() {
        if (part != null) {
            try {
                part.close();
            } catch (IOException e) {
                log.warn("cannot close {}: {}", partPath, e.toString());
            }
            part = null;
        }
        if (whole != null) {
            whole.close();
        }
    }

    private void flush() {
        if (!dirty) {
            return;
        }
        dirty = false;
        lastFlush = ctx.clock().millis();
        if (ctx.store() == null) {
            return;
        }
        try {
            ctx.store().saveDownload(record());
        } catch (IOException e) {
            log.error("download {}: cannot persist progress: {}", id, e.toString());
        }
    }

    synchronized DownloadRecord record() {
        return new DownloadRecord(id, group, file, destination.toString(), output.toString(), fileId, state.name(),
                Base64.getEncoder().encodeToString(verified.snapshot().toByteArray()), piecesFetched, piecesRejected,
                error, expectedDigest, actualDigest);
    }

    public synchronized DownloadStatus status() {
        long rateNow = state == DownloadState.RUNNING ? rate.bytesPerSecond() : 0;
        Long eta = state == DownloadState.COMPLETED ? Long.valueOf(0)
                : rateNow > 0 ? (manifest.size() - bytesDone + rateNow - 1) / rateNow : null;
        return new DownloadStatus(id, group, file, output.toString(), state, verified.cardinality(), pieceCount,
                bytesDone, manifest.size(), rateNow, state == DownloadState.FAILED ? null : eta, error, expectedDigest,
                actualDigest, piecesFetched, piecesRejected);
    }

    /** The assignment report: pieces per peer and per score band, stolen, duplicated and requeued requests. */
    public synchronized DownloadReport report() {
        List<PeerReport> peers = new ArrayList<>(departed);
        for (RequestScheduler.Peer p : scheduler.peers()) {
            peers.add(PeerReport.of(p, scheduler.score(p), null));
        }
        // one row per peer: a peer that reconnected has one entry per connection
        Map<String, PeerReport> byPeer = new java.util.LinkedHashMap<>();
        for (PeerReport p : peers) {
            byPeer.merge(p.peerId(), p, PeerReport::plus);
        }
        peers = new ArrayList<>(byPeer.values());
        peers.sort(java.util.Comparator.comparingLong(PeerReport::pieces).reversed());
        Map<String, Long> bands = new java.util.LinkedHashMap<>();
        for (String band : List.of("high", "mid", "low")) {
            bands.put(band, 0L);
        }
        for (PeerReport p : peers) {
            bands.merge(p.band(), p.pieces(), Long::sum);
        }
        long end = finishedAt > 0 ? finishedAt : ctx.clock().millis();
        long steady = at90 > at10 && at10 > 0 ? manifest.size() * 8 / 10 * 1000 / (at90 - at10) : 0;
        return new DownloadReport(id, state.name(), pieceCount, piecesFetched, startedAt > 0 ? end - startedAt : 0, steady,
                scheduler.stolenTotal(), scheduler.duplicatesTotal(), scheduler.blockerCopiesTotal(),
                scheduler.requeuedTotal(), scheduler.wastedBytes(),
                whole == null ? 0 : whole.readBackBytes(), bands, peers);
    }

    public synchronized DownloadState state() {
        return state;
    }

    synchronized int connectedPeers() {
        return (int) links.values().stream().filter(l -> l.ready).count();
    }
}
