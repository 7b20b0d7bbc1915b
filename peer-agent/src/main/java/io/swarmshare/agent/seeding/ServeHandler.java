package io.swarmshare.agent.seeding;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.swarmshare.agent.wire.FilePieceSend;
import io.swarmshare.agent.wire.PeerMessage;
import io.swarmshare.common.ticket.InvalidTicketException;
import io.swarmshare.common.ticket.Ticket;
import io.swarmshare.common.ticket.TicketCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One leecher's connection: handshake (ticket check), then Bitfield, then Request → Piece from the file with at most
 * {@code maxSends} piece sends in flight and only while the channel is writable. Runs on one event loop thread.
 */
final class ServeHandler extends SimpleChannelInboundHandler<PeerMessage> implements Share.Listener, UploadSlots.Holder {

    private static final Logger log = LoggerFactory.getLogger(ServeHandler.class);
    /** Requests a client may queue beyond what is being sent; more is a protocol violation. */
    private static final int MAX_QUEUED = 1024;
    private static final long HANDSHAKE_TIMEOUT_SECONDS = 30;

    private final ShareRegistry registry;
    private final TicketKeys keys;
    private final Clock clock;
    private final int maxSends;
    private final UploadSlots slots;
    private boolean unchoked;
    private boolean pumpScheduled;
    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Share share;
    private int sending;
    private ScheduledFuture<?> handshakeTimeout;

    ServeHandler(ShareRegistry registry, TicketKeys keys, Clock clock, int maxSends, UploadSlots slots) {
        this.slots = slots;
        this.registry = registry;
        this.keys = keys;
        this.clock = clock;
        this.maxSends = maxSends;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        handshakeTimeout = ctx.executor().schedule(() -> {
            if (share == null) {
                log.debug("{}: no handshake within {}s, closing", ctx.channel().remoteAddress(), HANDSHAKE_TIMEOUT_SECONDS);
                ctx.close();
            }
        }, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, PeerMessage msg) {
        if (share == null) {
            handshake(ctx, msg);
            return;
        }
        switch (msg) {
            case PeerMessage.Request r -> {
                if (!share.have().has(r.piece())) {
                    ctx.writeAndFlush(PeerMessage.Reject.pieceNotHeld(r.piece()));
                    return;
                }
                if (queue.size() >= MAX_QUEUED) {
                    rejectAndClose(ctx, PeerMessage.Reject.PROTOCOL, "more than " + MAX_QUEUED + " requests outstanding");
                    return;
                }
                queue.add(r.piece());
                pump();
            }
            case PeerMessage.Cancel c -> {
                queue.remove((Integer) c.piece());
                if (queue.isEmpty()) {
                    pump(); // gives the slot back if nothing is being sent
                }
            }
            case PeerMessage.Piece p -> rejectAndClose(ctx, PeerMessage.Reject.PROTOCOL, "unexpected piece from a downloader");
            default -> rejectAndClose(ctx, PeerMessage.Reject.PROTOCOL, "unexpected message " + msg.getClass().getSimpleName());
        }
    }

    private void handshake(ChannelHandlerContext ctx, PeerMessage msg) {
        if (!(msg instanceof PeerMessage.Handshake h)) {
            rejectAndClose(ctx, PeerMessage.Reject.PROTOCOL, "expected a handshake first");
            return;
        }
        if (h.version() != PeerMessage.PROTOCOL_VERSION) {
            rejectAndClose(ctx, PeerMessage.Reject.PROTOCOL, "unsupported protocol version " + h.version());
            return;
        }
        Ticket ticket;
        try {
            ticket = verify(h.ticket());
        } catch (InvalidTicketException e) {
            rejectAndClose(ctx, PeerMessage.Reject.BAD_TICKET, e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.warn("cannot check a ticket now: {}", e.toString());
            rejectAndClose(ctx, PeerMessage.Reject.BAD_TICKET, "cannot check tickets right now");
            return;
        }
        if (ticket.fileId() != h.fileId()) {
            rejectAndClose(ctx, PeerMessage.Reject.BAD_TICKET, "ticket is for another file");
            return;
        }
        Share s = registry.byFileId(h.fileId()).orElse(null);
        if (s == null) {
            rejectAndClose(ctx, PeerMessage.Reject.UNKNOWN_FILE, "file " + h.fileId() + " is not shared here");
            return;
        }
        share = s;
        handshakeTimeout.cancel(false);
        // listen first, then snapshot: a piece verified in between is announced twice, never lost
        s.addListener(this);
        ctx.writeAndFlush(new PeerMessage.Bitfield(s.manifest().pieceCount(), s.have().snapshot()));
        log.debug("{} (user {}) fetches {}/{}", ctx.channel().remoteAddress(), ticket.user(), s.group(), s.name());
    }

    private Ticket verify(String text) {
        try {
            return TicketCodec.verify(text, keys.current(), clock);
        } catch (InvalidTicketException e) {
            if (e.getMessage().contains("signature") && keys.refresh()) {
                return TicketCodec.verify(text, keys.current(), clock);
            }
            throw e;
        }
    }

    /**
     * Sends queued pieces while the channel is writable, at most maxSends at once, only while this connection holds an
     * upload slot (UploadSlots: choking with fair rotation) and the global upload limit allows.
     */
    private void pump() {
        if (queue.isEmpty()) {
            if (unchoked && sending == 0) {
                unchoked = false;
                slots.release(this);
            }
            return;
        }
        if (!unchoked) {
            if (!slots.acquire(this)) {
                return; // choked: unchoked() calls back
            }
            unchoked = true;
        }
        var limit = slots.limit();
        while (sending < maxSends && !queue.isEmpty() && ctx.channel().isWritable()) {
            if (limit != null) {
                long pause = limit.waitMillis();
                if (pause > 0) {
                    schedulePump(pause);
                    break;
                }
            }
            int piece = queue.poll();
            var layout = share.manifest().layout();
            File file = share.path().toFile();
            if (limit != null) {
                limit.take(layout.length(piece));
            }
            sending++;
            ctx.write(new FilePieceSend(piece, file, layout.offset(piece), layout.length(piece))).addListener(f -> {
                sending--;
                if (!f.isSuccess()) {
                    log.warn("{}: sending piece {} failed, closing: {}", ctx.channel().remoteAddress(), piece, f.cause().toString());
                    ctx.close();
                } else if (unchoked && slots.rotate(this)) {
                    unchoked = false; // our turn is over: the others' turn, we queue again
                    if (!queue.isEmpty() && slots.acquire(this)) {
                        unchoked = true;
                        pump();
                    }
                } else {
                    pump();
                }
            });
        }
        ctx.flush();
    }

    private void schedulePump(long millis) {
        if (pumpScheduled) {
            return;
        }
        pumpScheduled = true;
        ctx.executor().schedule(() -> {
            pumpScheduled = false;
            if (ctx.channel().isActive()) {
                pump();
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void unchoked() {
        ctx.executor().execute(() -> {
            if (!ctx.channel().isActive() || share == null) {
                slots.release(this);
                return;
            }
            unchoked = true;
            pump();
        });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (share != null && ctx.channel().isWritable()) {
            pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void onHave(int piece) {
        ctx.executor().execute(() -> ctx.writeAndFlush(new PeerMessage.Have(piece)));
    }

    @Override
    public void onStopped() {
        ctx.executor().execute(() -> rejectAndClose(ctx, PeerMessage.Reject.UNKNOWN_FILE, "file is no longer shared here"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (share != null) {
            share.removeListener(this);
        }
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        queue.clear();
        unchoked = false;
        slots.release(this);
        ctx.fireChannelInactive();
    }

    private void rejectAndClose(ChannelHandlerContext ctx, int code, String reason) {
        log.info("rejecting {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.writeAndFlush(new PeerMessage.Reject(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
