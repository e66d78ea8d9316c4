package braid.node.emu;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real-time UDP link emulator between a client and a target:
 * {@code client <-> [A: listen | emu | B] <-> target}. Datagrams the A socket receives are sent to
 * the target from the B socket; datagrams the B socket receives from the target are sent from the
 * A socket to the last client address seen. Each direction applies its own {@link LinkModel}
 * (rate, queue, delay, jitter, loss, bursts, duplication, up/down) with its own seeded random
 * stream.
 *
 * <p>One platform thread per emulator owns both sockets and both directions: it reads whatever is
 * ready, lets the model schedule each datagram, sends what is due, then waits until the next
 * delivery time or the next datagram. Serialization is computed on a virtual "wire free at" clock,
 * so the rate is exact whatever the thread's wake-up latency; wake-ups only add a small error to
 * individual delivery times (below ~0.2 ms with the default spin threshold).
 *
 * <p>{@link #setUp}, {@link #setModel} and {@link #counters} may be called from any thread;
 * changes are applied on the emulator's thread, in call order, at its current time.
 *
 * <pre>{@code
 * try (LinkEmulator emu = LinkEmulator.builder()
 *     .target(new InetSocketAddress("127.0.0.1", 9000))
 *     .model(LinkModel.of(300_000_000L, 10_000_000L))
 *     .build()) {
 *   emu.start();
 *   InetSocketAddress sendHere = emu.localAddress();
 * }
 * }</pre>
 */
public final class LinkEmulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LinkEmulator.class);
  // Datagrams read (or sent) per socket before looking at the other side again.
  private static final int BATCH = 64;
  private static final int MAX_DATAGRAM = 65_535;
  private static final long MILLI = 1_000_000L;
  // Longest sleep without reading the sockets while a delivery is due within the millisecond;
  // bounds how late an arriving datagram's timestamp can be.
  private static final long MAX_PARK_NANOS = 100_000L;
  private static final int MAX_LOGGED_ERRORS = 20;

  private enum State { NEW, RUNNING, STOPPING, CLOSED }

  private final InetSocketAddress listen;
  private final InetSocketAddress target;
  private final long spinNanos;
  private final int socketBufferBytes;
  private final Lane forward;
  private final Lane reverse;
  private final Map<Direction, Lane> lanes = new EnumMap<>(Direction.class);
  private final ConcurrentLinkedQueue<LongConsumer> commands = new ConcurrentLinkedQueue<>();
  private final Object lock = new Object();
  private final ByteBuffer rx = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private final Lane.Sink toTarget = this::sendToTarget;
  private final Lane.Sink toClient = this::sendToClient;

  private State state = State.NEW;
  private volatile boolean running;
  private Thread thread;
  private Selector selector;
  private DatagramChannel sideA;
  private DatagramChannel sideB;
  private InetSocketAddress localAddress;
  private volatile InetSocketAddress client;
  private volatile LinkModel forwardModel;
  private volatile LinkModel reverseModel;
  private volatile boolean forwardUp = true;
  private volatile boolean reverseUp = true;
  private long errors;

  private LinkEmulator(Builder b) {
    this.listen = b.listen;
    this.target = b.target;
    this.spinNanos = b.spinNanos;
    this.socketBufferBytes = b.socketBufferBytes;
    SplittableRandom root = new SplittableRandom(b.seed);
    PacketPool pool = new PacketPool();
    this.forward = new Lane(new LinkDirection(b.forward, root.split()), pool);
    this.reverse = new Lane(new LinkDirection(b.reverse, root.split()), pool);
    this.forwardModel = b.forward;
    this.reverseModel = b.reverse;
    lanes.put(Direction.FORWARD, forward);
    lanes.put(Direction.REVERSE, reverse);
  }

  /** A builder; {@link Builder#target} and a model are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds both sockets and starts the emulator's thread.
   *
   * @throws IOException if a socket cannot be opened or bound, or the target is unusable
   * @throws IllegalStateException if already started or closed
   */
  public void start() throws IOException {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("emulator already " + state.name().toLowerCase());
      }
      try {
        selector = Selector.open();
        sideA = open(listen.getAddress());
        sideA.bind(listen);
        sideB = open(target.getAddress());
        sideB.bind(null);
        // Connected: the kernel keeps strangers out of side B and sends take the fast path.
        sideB.connect(target);
        sideA.register(selector, SelectionKey.OP_READ);
        sideB.register(selector, SelectionKey.OP_READ);
        localAddress = (InetSocketAddress) sideA.getLocalAddress();
      } catch (IOException | RuntimeException e) {
        closeQuietly();
        state = State.CLOSED;
        throw e;
      }
      running = true;
      state = State.RUNNING;
      thread = Thread.ofPlatform()
          .name("braid-emu " + localAddress.getPort() + " -> " + target.getPort())
          .daemon(true)
          .start(this::loop);
    }
  }

  /** Where clients send: the bound A socket (with the port the system picked for port 0). */
  public InetSocketAddress localAddress() {
    synchronized (lock) {
      if (localAddress == null) {
        throw new IllegalStateException("emulator not started");
      }
      return localAddress;
    }
  }

  /** The address datagrams from clients are forwarded to. */
  public InetSocketAddress targetAddress() {
    return target;
  }

  /** The last client address seen on side A (where replies go), or null before the first. */
  public InetSocketAddress clientAddress() {
    return client;
  }

  /** Takes both directions down (dropping all they hold and all offered) or back up. */
  public void setUp(boolean up) {
    setUp(Direction.FORWARD, up);
    setUp(Direction.REVERSE, up);
  }

  /** Takes one direction down or back up. */
  public void setUp(Direction direction, boolean up) {
    Lane lane = lanes.get(direction);
    if (direction == Direction.FORWARD) {
      forwardUp = up;
    } else {
      reverseUp = up;
    }
    post(now -> lane.setUp(up, now));
  }

  /** Whether a direction is up (as last set; the emulator's thread applies it right away). */
  public boolean isUp(Direction direction) {
    return direction == Direction.FORWARD ? forwardUp : reverseUp;
  }

  /** Uses {@code model} in both directions from now on. */
  public void setModel(LinkModel model) {
    setModel(Direction.FORWARD, model);
    setModel(Direction.REVERSE, model);
  }

  /**
   * Uses {@code model} in one direction from now on; packets already scheduled keep their
   * delivery times.
   */
  public void setModel(Direction direction, LinkModel model) {
    Objects.requireNonNull(model, "model");
    Lane lane = lanes.get(direction);
    if (direction == Direction.FORWARD) {
      forwardModel = model;
    } else {
      reverseModel = model;
    }
    post(now -> lane.setModel(model));
  }

  /** The model a direction uses (as last set). */
  public LinkModel model(Direction direction) {
    return direction == Direction.FORWARD ? forwardModel : reverseModel;
  }

  /** A snapshot of one direction's counters. */
  public LinkCounters counters(Direction direction) {
    return lanes.get(direction).direction().counters();
  }

  /** Stops the thread and closes both sockets; packets still in flight are not delivered. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (state != State.RUNNING) {
        if (state == State.NEW) {
          state = State.CLOSED;
        }
        return;
      }
      state = State.STOPPING;
      running = false;
      t = thread;
    }
    selector.wakeup();
    if (t != Thread.currentThread()) {
      boolean interrupted = false;
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (lock) {
      closeQuietly();
      runCommands(System.nanoTime());
      state = State.CLOSED;
    }
  }

  @Override
  public String toString() {
    return "LinkEmulator[" + (localAddress != null ? localAddress : listen) + " -> " + target
        + ", forward " + forwardModel + ", reverse " + reverseModel + "]";
  }

  // Before start and after close no thread owns the lanes, so the caller may run the change.
  private void post(LongConsumer command) {
    synchronized (lock) {
      if (state == State.RUNNING || state == State.STOPPING) {
        commands.add(command);
        selector.wakeup();
        return;
      }
      command.accept(System.nanoTime());
    }
  }

  private void runCommands(long now) {
    LongConsumer c;
    while ((c = commands.poll()) != null) {
      c.accept(now);
    }
  }

  private void loop() {
    while (running) {
      try {
        tick();
      } catch (ClosedSelectorException | ClosedChannelException e) {
        if (running) {
          LOG.warn("emulator {} stopped: its sockets were closed", this);
        }
        return;
      } catch (IOException | RuntimeException e) {
        // One bad tick must not end the link: count, log the first few, carry on.
        if (++errors <= MAX_LOGGED_ERRORS) {
          LOG.warn("emulator {}: {}", this, e.toString(), e);
        }
      }
    }
  }

  private void tick() throws IOException {
    runCommands(System.nanoTime());
    int received = receive(sideA, forward, true) + receive(sideB, reverse, false);
    long now = System.nanoTime();
    int sent = forward.deliverDue(now, BATCH, toTarget) + reverse.deliverDue(now, BATCH, toClient);
    if (received == 0 && sent == 0) {
      awaitWork();
    }
  }

  private int receive(DatagramChannel channel, Lane lane, boolean fromClient) throws IOException {
    int n = 0;
    for (int attempt = 0; attempt < BATCH; attempt++) {
      rx.clear();
      SocketAddress from;
      try {
        from = channel.receive(rx);
      } catch (PortUnreachableException e) {
        continue; // an ICMP error for an earlier send to the target: nothing to read
      }
      if (from == null) {
        break;
      }
      n++;
      rx.flip();
      if (fromClient && from != client) { // the JDK reuses the address object for the same sender
        client = (InetSocketAddress) from;
      }
      lane.offer(System.nanoTime(), rx);
    }
    return n;
  }

  private void awaitWork() throws IOException {
    long next;
    if (forward.hasPending()) {
      next = forward.nextDueAt();
      if (reverse.hasPending() && reverse.nextDueAt() - next < 0) {
        next = reverse.nextDueAt();
      }
    } else if (reverse.hasPending()) {
      next = reverse.nextDueAt();
    } else {
      selector.select();
      selector.selectedKeys().clear();
      return;
    }
    long wait = next - System.nanoTime();
    if (wait <= 0) {
      return;
    }
    if (wait <= spinNanos) {
      Thread.onSpinWait();
    } else if (wait >= MILLI) {
      // Wakes early on a datagram or a command; whole milliseconds never overshoot the deadline.
      selector.select(wait / MILLI);
      selector.selectedKeys().clear();
    } else {
      LockSupport.parkNanos(Math.min(wait - spinNanos, MAX_PARK_NANOS));
    }
  }

  private boolean sendToTarget(ByteBuffer datagram) {
    int length = datagram.remaining();
    try {
      return sideB.write(datagram) > 0 || length == 0;
    } catch (PortUnreachableException e) {
      return false; // the target is not listening (yet): the datagram is lost, as on a real path
    } catch (IOException e) {
      return sendFailed(e);
    }
  }

  private boolean sendToClient(ByteBuffer datagram) {
    InetSocketAddress to = client;
    if (to == null) {
      return false;
    }
    int length = datagram.remaining();
    try {
      return sideA.send(datagram, to) > 0 || length == 0;
    } catch (IOException e) {
      return sendFailed(e);
    }
  }

  private boolean sendFailed(IOException e) {
    if (running && ++errors <= MAX_LOGGED_ERRORS) {
      LOG.warn("emulator {}: send failed: {}", this, e.toString());
    }
    return false;
  }

  private DatagramChannel open(InetAddress address) throws IOException {
    ProtocolFamily family = address instanceof Inet6Address
        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    DatagramChannel channel = DatagramChannel.open(family);
    try {
      channel.configureBlocking(false);
      // Large buffers absorb bursts while the thread is briefly away (GC, scheduling).
      channel.setOption(StandardSocketOptions.SO_RCVBUF, socketBufferBytes);
      channel.setOption(StandardSocketOptions.SO_SNDBUF, socketBufferBytes);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  private void closeQuietly() {
    for (AutoCloseable c : new AutoCloseable[] {sideA, sideB, selector}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.debug("closing {}: {}", c, e.toString());
        }
      }
    }
  }

  /** Builds a {@link LinkEmulator}. */
  public static final class Builder {
    private InetSocketAddress listen = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private InetSocketAddress target;
    private LinkModel forward;
    private LinkModel reverse;
    private long seed = 1;
    private long spinNanos = 50_000;
    private int socketBufferBytes = 4 << 20;

    private Builder() {
    }

    /** Where side A listens for clients; default 127.0.0.1 with a free port. */
    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address, "listen");
      return this;
    }

    /** Where side B forwards to (the server); required. */
    public Builder target(InetSocketAddress address) {
      Objects.requireNonNull(address, "target");
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("target " + address + " is not resolved");
      }
      this.target = address;
      return this;
    }

    /** The same model for both directions. */
    public Builder model(LinkModel model) {
      return model(Direction.FORWARD, model).model(Direction.REVERSE, model);
    }

    /** The model for one direction. */
    public Builder model(Direction direction, LinkModel model) {
      Objects.requireNonNull(model, "model");
      if (direction == Direction.FORWARD) {
        forward = model;
      } else {
        reverse = model;
      }
      return this;
    }

    /** Seed of the random draws (each direction gets its own stream from it); default 1. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Below this time to the next delivery the thread spins instead of sleeping; default 50 µs.
     * Zero saves CPU at high packet rates and lets deliveries run up to ~0.1 ms late.
     */
    public Builder spinNanos(long nanos) {
      if (nanos < 0) {
        throw new IllegalArgumentException("spin must be >= 0 ns, got " + nanos);
      }
      this.spinNanos = nanos;
      return this;
    }

    /** Requested SO_RCVBUF and SO_SNDBUF of both sockets; default 4 MiB (the kernel may cap it). */
    public Builder socketBufferBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("socket buffer must be > 0 bytes, got " + bytes);
      }
      this.socketBufferBytes = bytes;
      return this;
    }

    /**
     * The emulator, not yet started.
     *
     * @throws IllegalStateException if the target or a direction's model is missing
     */
    public LinkEmulator build() {
      if (target == null) {
        throw new IllegalStateException("target address missing");
      }
      if (forward == null || reverse == null) {
        throw new IllegalStateException("link model missing for "
            + (forward == null ? "forward" : "reverse") + " direction");
      }
      return new LinkEmulator(this);
    }
  }
}
