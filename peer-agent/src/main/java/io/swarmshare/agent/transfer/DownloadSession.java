package io.swarmshare.agent.transfer;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.swarmshare.agent.seeding.PieceSet;
import io.swarmshare.agent.seeding.Share;
import io.swarmshare.agent.storage.DownloadRecord;
import io.swarmshare.agent.storage.SafePaths;
import io.swarmshare.agent.wire.PeerFrameDecoder;
import io.swarmshare.agent.wire.PeerMessage;
import io.swarmshare.agent.wire.PeerMessageEncoder;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file being fetched from its swarm: connects to the plan's peers, picks pieces (PiecePicker), verifies each
 * piece before writing it into {@code <name>.part}, serves verified pieces to others meanwhile (a partial Share),
 * feeds the whole-file digest in index order, and on success renames the part file and seeds it whole.
 * Mutable state is guarded by {@code this}; Netty threads, timers and control calls all come through it.
 */
public final class DownloadSession {

    private static final Logger log = LoggerFactory.getLogger(DownloadSession.class);
    private static final long FLUSH_EVERY_MS = 500;
    private static final Pattern REJECTED_PIECE = Pattern.compile("^piece (\\d+)\\b");

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
    private final PiecePicker picker;
    private final RateMeter rate;
    private final Map<String, PeerLink> links = new HashMap<>();
    private final Set<String> banned = new HashSet<>();
    private final Map<Integer, Set<String>> failedOn = new HashMap<>();
    private final MessageDigest whole;
    private int digestCursor;
    private ByteBuffer readBack;

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
    private PartFile part;
    private Share share;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    DownloadSession(DownloadRecord record, FileManifest manifest, TransferContext ctx) {
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
        this.picker = new PiecePicker(pieceCount, bits);
        this.rate = new RateMeter(ctx.clock());
        this.whole = manifest.digestAlgorithm().newDigest();
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
                part = new PartFile(partPath);
                part.truncate(manifest.size());
                share = new Share(group, file, fileId, manifest, partPath, verified);
                if (!ctx.registry().add(share)) {
                    fail("this agent already shares " + group + "/" + file);
                    return;
                }
                catchUpDigest();
                dirty = true;
                flush();
                if (verified.isComplete()) {
                    finish();
                    return;
                }
            } catch (IOException e) {
                fail("cannot write " + partPath + ": " + e.getMessage());
                return;
            }
            long tick = Math.max(50, Math.min(FLUSH_EVERY_MS, ctx.settings().pieceTimeout().toMillis() / 4));
            timers.add(ctx.scheduler().scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS));
            long refresh = ctx.settings().planRefresh().toMillis();
            timers.add(ctx.scheduler().scheduleWithFixedDelay(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS));
        }
        try {
            ctx.tracker().joinSwarm(group, file, false);
        } catch (RuntimeException e) {
            log.warn("download {}: cannot announce as partial seeder yet: {}", id, e.getMessage());
        }
        if (plan != null) {
            applyPlan(plan);
        } else {
            refresh();
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
            try {
                onPiece(link, p.piece(), p.data());
            } finally {
                p.data().release();
            }
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
                    link.has = b.bits();
                    link.ready = true;
                    picker.peerHas(link.has);
                    log.debug("download {}: peer {} has {}/{} pieces", id, link, link.has.cardinality(), pieceCount);
                    pump(link);
                }
                case PeerMessage.Have h -> {
                    if (h.piece() >= pieceCount) {
                        drop(link, "announced piece " + h.piece() + " of " + pieceCount);
                        return;
                    }
                    if (!link.has.get(h.piece())) {
                        link.has.set(h.piece());
                        if (link.ready) {
                            picker.peerHas(h.piece());
                        }
                    }
                    pump(link);
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
        Matcher m = REJECTED_PIECE.matcher(r.reason());
        if (r.rejectCode() == PeerMessage.Reject.PIECE_NOT_HELD && m.find()) {
            int piece = Integer.parseInt(m.group(1));
            if (link.inFlight.remove(piece) != null) {
                picker.requeue(piece);
            }
            if (piece < pieceCount && link.has.get(piece)) {
                link.has.clear(piece);
                picker.peerLost(piece);
            }
            pumpAll();
            return;
        }
        drop(link, "rejected: " + r.reason());
    }

    private void onPiece(PeerLink link, int piece, ByteBuf data) {
        synchronized (this) {
            if (state != DownloadState.RUNNING || stopped || link.dropped || link.inFlight.remove(piece) == null) {
                return; // not asked of this peer (any more): ignore
            }
        }
        boolean good = piece < pieceCount && data.readableBytes() == layout.length(piece)
                && MessageDigest.isEqual(digestOf(data), manifest.pieceDigest(piece));
        synchronized (this) {
            if (state != DownloadState.RUNNING || stopped) {
                if (state == DownloadState.RUNNING && good) {
                    picker.requeue(piece);
                }
                return;
            }
            if (!good) {
                piecesRejected++;
                dirty = true;
                log.warn("download {}: piece {} from peer {} failed its digest check; not asking that peer again", id, piece, link);
                banned.add(link.peerId);
                picker.requeue(piece);
                if (recordFailure(piece, link.peerId)) {
                    return;
                }
                drop(link, "sent a corrupt piece");
                return;
            }
            try {
                part.write(data, layout.offset(piece));
            } catch (IOException e) {
                fail("cannot write " + partPath + ": " + e.getMessage());
                return;
            }
            picker.verified(piece);
            share.pieceVerified(piece);
            piecesFetched++;
            bytesDone += data.readableBytes();
            rate.add(data.readableBytes());
            dirty = true;
            try {
                if (piece == digestCursor) {
                    whole.update(data.nioBuffer());
                    digestCursor++;
                }
                catchUpDigest();
            } catch (IOException e) {
                fail("cannot read back " + partPath + ": " + e.getMessage());
                return;
            }
            if (verified.isComplete()) {
                finish();
            } else {
                pump(link);
            }
        }
    }

    private byte[] digestOf(ByteBuf data) {
        MessageDigest d = manifest.digestAlgorithm().newDigest();
        d.update(data.nioBuffer());
        return d.digest();
    }

    /** Feeds the whole-file digest with every verified piece from the cursor on, reading back those that came early. */
    private void catchUpDigest() throws IOException {
        while (digestCursor < pieceCount && verified.has(digestCursor)) {
            if (readBack == null) {
                readBack = ByteBuffer.allocate(layout.pieceSize());
            }
            part.read(readBack, layout.offset(digestCursor), layout.length(digestCursor));
            whole.update(readBack);
            digestCursor++;
        }
        if (readBack != null && digestCursor < pieceCount && !verified.has(digestCursor)
                && verified.cardinality() - digestCursor < 2) {
            readBack = null; // caught up: give the buffer back
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
        for (int piece : link.inFlight.keySet()) {
            picker.requeue(piece);
        }
        link.inFlight.clear();
        if (link.ready) {
            picker.peerGone(link.has);
        }
        link.ready = false;
        link.close();
        if (state == DownloadState.RUNNING) {
            pumpAll();
        }
    }

    private void pumpAll() {
        for (PeerLink l : List.copyOf(links.values())) {
            pump(l);
        }
    }

    private void pump(PeerLink link) {
        if (!link.ready || link.dropped || link.channel == null) {
            return;
        }
        boolean sent = false;
        long now = ctx.clock().millis();
        while (link.inFlight.size() < ctx.settings().pipelineDepth()) {
            int piece = picker.pick(link.has, i -> {
                Set<String> failed = failedOn.get(i);
                return failed == null || !failed.contains(link.peerId);
            });
            if (piece < 0) {
                break;
            }
            link.inFlight.put(piece, now);
            link.channel.write(new PeerMessage.Request(piece));
            sent = true;
        }
        if (sent) {
            link.channel.flush();
        }
    }

    // ---- timers ----

    /** Timeouts (peers silent for pieceTimeout lose their requests) and batched progress writes. */
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
                Long oldest = link.inFlight.values().stream().min(Long::compare).orElse(null);
                if (oldest != null && now - oldest >= timeout) {
                    log.info("download {}: peer {} timed out on {} piece(s); asking others", id, link, link.inFlight.size());
                    for (int piece : List.copyOf(link.inFlight.keySet())) {
                        if (recordFailure(piece, link.peerId)) {
                            return;
                        }
                    }
                    drop(link, "timed out");
                }
            }
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
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeout)
                .option(ChannelOption.TCP_NODELAY, true)
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

    private void finish() {
        actualDigest = HexFormat.of().formatHex(whole.digest());
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
    }

    private void announceComplete() {
        try {
            ctx.tracker().joinSwarm(group, file, true);
        } catch (RuntimeException e) {
            log.warn("download {}: cannot announce as complete seeder yet (next heartbeat will): {}", id, e.getMessage());
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
        readBack = null;
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

    public synchronized DownloadState state() {
        return state;
    }

    synchronized int connectedPeers() {
        return (int) links.values().stream().filter(l -> l.ready).count();
    }
}
