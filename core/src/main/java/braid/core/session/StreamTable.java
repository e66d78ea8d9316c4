package braid.core.session;

import braid.core.util.LongMap;
import braid.core.wire.TransportParameters;
import java.util.ArrayDeque;

/**
 * Every open stream of a session, the limits on opening more, connection-level flow control in both
 * directions, and the queues the packet assembler and the application poll: streams with data to
 * send (served round-robin), streams with data to read, streams waiting to be accepted.
 */
final class StreamTable {
  private final boolean weAreResponder;
  private final SessionConfig config;
  private final LongMap<Stream> streams = new LongMap<>();
  final ArrayDeque<SendStream> sendQueue = new ArrayDeque<>();
  /** Streams with new data that wait for connection-level credit (a MAX_DATA from the peer). */
  final ArrayDeque<SendStream> creditBlocked = new ArrayDeque<>();
  private final ArrayDeque<RecvStream> readable = new ArrayDeque<>();
  private final ArrayDeque<Long> acceptQueue = new ArrayDeque<>();
  /** Streams whose receive limit rose and must be announced in MAX_STREAM_DATA. */
  final ArrayDeque<Long> maxStreamDataQueue = new ArrayDeque<>();

  // Opening.
  private long nextLocalIndex;
  private long peerMaxStreams;
  private long nextPeerIndex;
  long localMaxStreams;
  boolean sendMaxStreams;

  // Connection flow control, send direction.
  long peerMaxData;
  long sentNewBytes;
  // Connection flow control, receive direction.
  long localMaxData;
  long receivedBytes;
  long consumedBytes;
  boolean sendMaxData;

  private long peerInitialMaxStreamData;

  StreamTable(boolean weAreResponder, SessionConfig config) {
    this.weAreResponder = weAreResponder;
    this.config = config;
    this.localMaxStreams = config.maxStreams();
    this.localMaxData = config.connectionWindow();
  }

  void applyPeerParameters(TransportParameters p) {
    peerMaxData = p.maxData();
    peerMaxStreams = p.maxStreams();
    peerInitialMaxStreamData = p.maxStreamData();
  }

  Stream get(long id) {
    return streams.get(id);
  }

  int openCount() {
    return streams.size();
  }

  /** Opens a stream of ours; returns its ID, or -1 when the peer's stream limit is reached. */
  long open() {
    if (nextLocalIndex >= peerMaxStreams) {
      return -1;
    }
    long id = StreamIds.id(nextLocalIndex++, weAreResponder);
    Stream s = create(id);
    s.announced = true;
    return id;
  }

  /** Next stream the peer opened that the application has not seen, or -1. */
  long accept() {
    Long id = acceptQueue.poll();
    if (id == null) {
      return -1;
    }
    Stream s = streams.get(id);
    if (s != null) {
      s.announced = true;
    }
    return id;
  }

  /** Result codes of {@link #forFrame}. */
  static final Stream STREAM_LIMIT = new Stream(-1, 0, 4096, 4096);
  static final Stream BAD_DIRECTION = new Stream(-2, 0, 4096, 4096);

  /**
   * The stream a frame from the peer refers to, creating peer-opened streams (and any lower ones
   * the peer skipped) on first use. Returns null for a stream that existed and is gone, or one of
   * the error markers above.
   */
  Stream forFrame(long id) {
    Stream s = streams.get(id);
    if (s != null) {
      return s;
    }
    if (!StreamIds.isBidirectional(id)) {
      return BAD_DIRECTION;
    }
    boolean peerOpened = StreamIds.openedByResponder(id) != weAreResponder;
    long index = StreamIds.index(id);
    if (!peerOpened) {
      // Our own stream, gone already (or never opened: a violation either way we ignore).
      return index < nextLocalIndex ? null : BAD_DIRECTION;
    }
    if (index < nextPeerIndex) {
      return null; // closed and forgotten
    }
    if (index >= localMaxStreams) {
      return STREAM_LIMIT;
    }
    while (nextPeerIndex <= index) {
      long newId = StreamIds.id(nextPeerIndex++, !weAreResponder);
      create(newId);
      acceptQueue.add(newId);
    }
    return streams.get(id);
  }

  private Stream create(long id) {
    Stream s = new Stream(id, peerInitialMaxStreamData, config.streamWindow(),
        config.streamWindow());
    streams.put(id, s);
    return s;
  }

  /** What {@link #backlogBytes} says when an application is waiting on a full send buffer. */
  static final long BULK = Long.MAX_VALUE / 4;

  /**
   * Stream bytes waiting to be sent, for schedulers that weigh whether a slower path helps. When
   * a stream's send buffer is full the application is held back by us, not the other way round:
   * more data is coming than the buffer shows, and the backlog counts as unbounded.
   */
  long backlogBytes() {
    long total = 0;
    for (SendStream s : sendQueue) {
      if (s.writable() == 0 && !s.finRequested() && !s.isReset()) {
        return BULK;
      }
      total += s.pendingBytes();
    }
    return total;
  }

  long sendBufferedBytes() {
    long[] total = {0};
    streams.forEachValue(s -> total[0] += s.send.unacknowledged());
    return total[0];
  }

  long receiveBufferedBytes() {
    long[] total = {0};
    streams.forEachValue(s -> total[0] += s.recv.highestReceived() - s.recv.readOffset());
    return total[0];
  }

  /** Connection-level credit left for new stream bytes. */
  long sendCredit() {
    return peerMaxData - sentNewBytes;
  }

  void markSendable(SendStream s) {
    if (!s.queued) {
      s.queued = true;
      sendQueue.add(s);
    }
  }

  /** Parks a stream whose only work is new data the connection credit does not allow yet. */
  void parkForCredit(SendStream s) {
    s.queued = true;
    creditBlocked.add(s);
  }

  void onPeerMaxData(long max) {
    if (max <= peerMaxData) {
      return;
    }
    peerMaxData = max;
    SendStream s;
    while ((s = creditBlocked.poll()) != null) {
      sendQueue.add(s);
    }
  }

  void markReadable(RecvStream r) {
    if (!r.queuedReadable) {
      r.queuedReadable = true;
      readable.add(r);
    }
  }

  /** Next stream with something to read (data, FIN or reset), or -1. */
  long pollReadable() {
    RecvStream r;
    while ((r = readable.poll()) != null) {
      r.queuedReadable = false;
      if (streams.get(r.id) != null) {
        return r.id;
      }
    }
    return -1;
  }

  /** Records that the application consumed {@code n} bytes; may schedule a MAX_DATA. */
  void onConsumed(long n) {
    consumedBytes += n;
    if (localMaxData - consumedBytes < config.connectionWindow() / 2) {
      localMaxData = consumedBytes + config.connectionWindow();
      sendMaxData = true;
    }
  }

  /** Forgets a stream whose both halves are done; a peer-opened one frees a slot for the peer. */
  void removeIfDone(Stream s) {
    if (!s.isDone() || streams.get(s.id) == null) {
      return;
    }
    streams.remove(s.id);
    boolean peerOpened = StreamIds.openedByResponder(s.id) != weAreResponder;
    if (peerOpened) {
      localMaxStreams++;
      sendMaxStreams = true;
    }
  }

  void onMaxStreams(long max) {
    peerMaxStreams = Math.max(peerMaxStreams, max);
  }

  /**
   * Whether some stream still waits for the peer to acknowledge what it sent: data and FIN, or for
   * a reset stream only the RESET_STREAM (its data is abandoned and will never be acknowledged).
   */
  boolean anyUnacknowledged() {
    boolean[] any = {false};
    streams.forEachValue(s -> {
      boolean waiting = s.send.isReset() ? !s.send.resetAcked
          : s.send.unacknowledged() > 0 || (s.send.finRequested() && !s.send.isDone());
      if (waiting) {
        any[0] = true;
      }
    });
    return any[0];
  }
}
