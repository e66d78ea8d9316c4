package braid.node.io;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.bootstrap.Bootstrap;

/**
 * The two ways braid moves UDP datagrams: Netty's native epoll transport, which batches receives
 * (recvmmsg), lets the kernel coalesce received datagrams (GRO) and split large sends into
 * datagrams (GSO); or Netty's plain NIO transport, one datagram per system call, which works
 * everywhere. Both sit behind the same bootstrap, so the rest of the node does not care which.
 */
public enum Transport {
  EPOLL,
  NIO;

  /** Largest UDP payload the receive path reserves room for per datagram (GRO may coalesce). */
  public static final int MAX_RECEIVE = 65_535;

  /** Epoll when the native library loads and NIO was not asked for, else NIO. */
  public static Transport choose(boolean forceNio) {
    return !forceNio && Epoll.isAvailable() ? EPOLL : NIO;
  }

  /** Why epoll is not available (for the log line), or null. */
  public static String epollUnavailableReason() {
    Throwable cause = Epoll.unavailabilityCause();
    return cause == null ? null : cause.toString();
  }

  /** Whether this transport can send one buffer as many datagrams (UDP GSO). */
  public boolean segmentedSends() {
    return this == EPOLL && Gso.SUPPORTED;
  }

  /** Looked up once: the answer cannot change, and the send path asks for every datagram. */
  private static final class Gso {
    static final boolean SUPPORTED = EpollDatagramChannel.isSegmentedDatagramPacketSupported()
        && !Boolean.getBoolean("braid.noGso");
  }

  /** Whether receives use GRO (on unless -Dbraid.noGro=true); recvmmsg batches otherwise. */
  public boolean gro() {
    return this == EPOLL && !Boolean.getBoolean("braid.noGro");
  }

  /** A one-thread event loop group for this transport (braid's single writer per node). */
  public EventLoopGroup newGroup(String threadName) {
    IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory()
        : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    }, factory);
  }

  /** A bootstrap for UDP sockets of this transport with braid's socket options. */
  public Bootstrap bootstrap(EventLoopGroup group) {
    Bootstrap b = new Bootstrap().group(group)
        .channel(this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class)
        .option(ChannelOption.SO_RCVBUF, 8 << 20)
        .option(ChannelOption.SO_SNDBUF, 8 << 20);
    if (this == EPOLL) {
      if (gro()) {
        // GRO: the kernel hands over up to 64 coalesced datagrams per receive, with their segment
        // size, and Netty splits them. Netty reads the segment size only on its single-message
        // receive path, so GRO goes with recvmsg; without GRO, recvmmsg batches instead.
        b.option(EpollChannelOption.UDP_GRO, true);
        b.option(ChannelOption.RCVBUF_ALLOCATOR,
            new io.netty.channel.FixedRecvByteBufAllocator(MAX_RECEIVE));
      } else {
        b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 2048);
        b.option(ChannelOption.RCVBUF_ALLOCATOR,
            new io.netty.channel.FixedRecvByteBufAllocator(2048 * 64));
      }
    } else {
      b.option(ChannelOption.RCVBUF_ALLOCATOR,
          new io.netty.channel.FixedRecvByteBufAllocator(MAX_RECEIVE));
    }
    return b;
  }

  public Class<? extends DatagramChannel> channelClass() {
    return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }

  public String wireName() {
    return this == EPOLL ? "epoll (GSO " + (segmentedSends() ? "on" : "off") + ", "
        + (gro() ? "GRO" : "recvmmsg") + ")" : "nio";
  }
}
