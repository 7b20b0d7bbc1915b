package io.swarmshare.agent.wire;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The Netty transport: native epoll where it loads (Linux; fewer copies and syscalls, sendfile straight from the
 * FileRegion), else NIO. {@code -Dswarmshare.transport=nio} forces NIO.
 */
public final class Transports {

    private static final boolean EPOLL = !"nio".equals(System.getProperty("swarmshare.transport")) && Epoll.isAvailable();

    private Transports() {
    }

    public static boolean epoll() {
        return EPOLL;
    }

    public static IoHandlerFactory ioFactory() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }
}
