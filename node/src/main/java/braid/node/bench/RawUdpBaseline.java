package braid.node.bench;

import braid.node.io.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the machine's UDP stack carries on loopback with braid's own transport and socket options
 * but none of braid's work: a sender writes unencrypted datagrams of braid's size as fast as the
 * socket takes them (one GSO send of many datagrams where the transport can), a receiver counts
 * what arrives. The ceiling braid's figure is measured against.
 */
final class RawUdpBaseline {
  private static final int SEGMENTS = 44;

  private RawUdpBaseline() {}

  static LoopbackResult run(Transport transport, int datagramSize, Duration warmup,
      Duration measure) throws Exception {
    EventLoopGroup rxGroup = transport.newGroup("bench-raw-rx");
    EventLoopGroup txGroup = transport.newGroup("bench-raw-tx");
    AtomicLong received = new AtomicLong();
    InetAddress lo = InetAddress.getLoopbackAddress();
    try {
      Channel rx = transport.bootstrap(rxGroup).handler(new Counter(received))
          .bind(new InetSocketAddress(lo, 0)).sync().channel();
      Channel tx = transport.bootstrap(txGroup).handler(new ChannelInboundHandlerAdapter())
          .bind(new InetSocketAddress(lo, 0)).sync().channel();
      Sender sender = new Sender(tx, (InetSocketAddress) rx.localAddress(), datagramSize,
          transport.segmentedSends() ? SEGMENTS : 1);
      tx.pipeline().addLast(sender);
      tx.eventLoop().execute(sender::pump);
      Thread.sleep(warmup.toMillis());
      long b0 = received.get();
      long c0 = CpuClock.processCpuNanos();
      long t0 = System.nanoTime();
      Thread.sleep(measure.toMillis());
      long b1 = received.get();
      long c1 = CpuClock.processCpuNanos();
      long t1 = System.nanoTime();
      sender.stop();
      return new LoopbackResult("raw UDP", b1 - b0, (t1 - t0) / 1e9, (c1 - c0) / 1e9, 0, 0);
    } finally {
      txGroup.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(2_000);
      rxGroup.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(2_000);
    }
  }

  /** Counts payload bytes; GRO-coalesced receives arrive already split by Netty. */
  private static final class Counter extends ChannelInboundHandlerAdapter {
    private final AtomicLong received;
    private long local;

    Counter(AtomicLong received) {
      this.received = received;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof DatagramPacket p) {
        local += p.content().readableBytes();
      }
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      received.lazySet(local);
    }
  }

  /** Writes while the channel is writable, yielding to the loop between bursts. */
  private static final class Sender extends ChannelInboundHandlerAdapter {
    private final Channel channel;
    private final InetSocketAddress to;
    private final int size;
    private final ByteBuf template;
    private volatile boolean running = true;

    Sender(Channel channel, InetSocketAddress to, int size, int segments) {
      this.channel = channel;
      this.to = to;
      this.size = size;
      byte[] bytes = new byte[size * segments];
      new java.util.SplittableRandom(1).nextBytes(bytes);
      this.template = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length)
          .writeBytes(bytes));
    }

    void pump() {
      int burst = 0;
      while (running && channel.isWritable() && burst++ < 16) {
        ByteBuf b = template.retainedDuplicate();
        channel.write(template.readableBytes() > size
            ? new SegmentedDatagramPacket(b, size, to) : new DatagramPacket(b, to));
      }
      channel.flush();
      if (running && channel.isWritable()) {
        channel.eventLoop().execute(this::pump);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        pump();
      }
    }

    void stop() {
      running = false;
    }
  }
}
