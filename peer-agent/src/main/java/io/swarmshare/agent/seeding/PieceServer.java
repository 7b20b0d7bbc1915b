package io.swarmshare.agent.seeding;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.swarmshare.agent.wire.PeerFrameDecoder;
import io.swarmshare.agent.wire.PeerMessageEncoder;
import io.swarmshare.agent.wire.Transports;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The piece server: frame decoder, message encoder, then {@link ServeHandler} (domain logic only). */
public final class PieceServer implements AutoCloseable {

    private final ShareRegistry registry;
    private final TicketKeys keys;
    private final Clock clock;
    private final int maxSends;
    private final UploadSlots slots;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    public PieceServer(ShareRegistry registry, TicketKeys keys, Clock clock, int maxSends) {
        this(registry, keys, clock, maxSends, UploadSlots.unlimited(clock));
    }

    public PieceServer(ShareRegistry registry, TicketKeys keys, Clock clock, int maxSends, UploadSlots slots) {
        this.slots = slots;
        this.registry = registry;
        this.keys = keys;
        this.clock = clock;
        this.maxSends = maxSends;
    }

    /** Binds and returns the bound port. */
    public int start(String host, int port) throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, Transports.ioFactory());
        workers = new MultiThreadIoEventLoopGroup(2, Transports.ioFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transports.serverChannel())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("frames", new PeerFrameDecoder())
                                .addLast("encoder", new PeerMessageEncoder())
                                .addLast("serve", new ServeHandler(registry, keys, clock, maxSends, slots));
                    }
                });
        channel = b.bind(new InetSocketAddress(host, port)).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The server's event loops by what they do (started by {@link #start}). */
    public Map<String, EventLoopGroup> eventLoops() {
        return Map.of("the piece server's acceptor", boss, "the piece server's workers", workers);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
