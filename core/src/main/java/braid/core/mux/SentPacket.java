package braid.core.mux;

import java.util.Arrays;

/**
 * The record of one sent packet on one path, reused slot by slot in the path's {@link
 * SentPacketLog}. Besides what loss detection and rate sampling need, it holds up to a few "frame
 * references": small tuples whose meaning the session layer defines (stream ID, offset and length
 * of a STREAM frame, say), handed back when the packet is acknowledged or lost.
 */
public final class SentPacket {
  enum State { OUTSTANDING, ACKED, LOST }

  long packetNumber;
  long timeSent;
  int size;
  boolean ackEliciting;
  boolean inFlight;
  State state = State.ACKED;
  // Delivery-rate snapshot at send time.
  long delivered;
  long deliveredTime;
  long firstSentTime;
  boolean appLimited;
  boolean senderLimited;

  private int refCount;
  private int[] kinds = new int[4];
  private long[] firsts = new long[4];
  private long[] seconds = new long[4];
  private long[] thirds = new long[4];

  void reset(long packetNumber) {
    this.packetNumber = packetNumber;
    this.refCount = 0;
    this.ackEliciting = false;
    this.inFlight = false;
    this.size = 0;
    this.state = State.OUTSTANDING;
  }

  /** Records that the packet carries frame {@code kind} described by three numbers. */
  public void addRef(int kind, long first, long second, long third) {
    if (refCount == kinds.length) {
      int n = refCount * 2;
      kinds = Arrays.copyOf(kinds, n);
      firsts = Arrays.copyOf(firsts, n);
      seconds = Arrays.copyOf(seconds, n);
      thirds = Arrays.copyOf(thirds, n);
    }
    kinds[refCount] = kind;
    firsts[refCount] = first;
    seconds[refCount] = second;
    thirds[refCount] = third;
    refCount++;
  }

  public int refCount() {
    return refCount;
  }

  public int kind(int i) {
    return kinds[i];
  }

  public long first(int i) {
    return firsts[i];
  }

  public long second(int i) {
    return seconds[i];
  }

  public long third(int i) {
    return thirds[i];
  }

  public long packetNumber() {
    return packetNumber;
  }

  public long timeSent() {
    return timeSent;
  }

  public int size() {
    return size;
  }

  public boolean ackEliciting() {
    return ackEliciting;
  }
}
