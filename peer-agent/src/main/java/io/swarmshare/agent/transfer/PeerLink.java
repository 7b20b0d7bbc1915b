package io.swarmshare.agent.transfer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.swarmshare.agent.wire.PeerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.BitSet;

/**
 * The downloader's side of one connection to a peer: sends the handshake, hands every message to the session.
 * Its fields are guarded by the session's lock.
 */
final class PeerLink extends SimpleChannelInboundHandler<PeerMessage> {

    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

    final String peerId;
    final String address;
    private final DownloadSession session;
    volatile Channel channel;
    BitSet has = new BitSet();
    boolean ready;
    boolean dropped;
    final long createdAt;

    PeerLink(DownloadSession session, String peerId, String address, long createdAt) {
        this.session = session;
        this.peerId = peerId;
        this.address = address;
        this.createdAt = createdAt;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.writeAndFlush(session.handshake());
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, PeerMessage msg) {
        session.onMessage(this, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onLinkClosed(this, "connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("closing connection to peer {} ({}): {}", peerId, address, cause.toString());
        ctx.close();
    }

    void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return peerId + "@" + address;
    }
}
