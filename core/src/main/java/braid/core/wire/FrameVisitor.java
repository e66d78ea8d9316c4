package braid.core.wire;

import java.nio.ByteBuffer;

/**
 * Receives the frames of one packet from {@link FrameReader}, in order. Data-carrying frames pass
 * the packet buffer with an absolute offset and length instead of a copy; the bytes are valid only
 * during the call. Every frame is checked for well-formedness before its method is called.
 */
public interface FrameVisitor {
  default void onPadding(int length) {}

  void onPing();

  /** {@code ranges} is reused by the reader: read it during the call, never keep it. */
  void onAck(int pathId, long ackDelayMicros, AckRanges ranges);

  void onStream(long streamId, long offset, boolean fin, ByteBuffer buf, int dataOffset, int length);

  void onMaxData(long max);

  void onMaxStreamData(long streamId, long max);

  void onMaxStreams(long max);

  void onResetStream(long streamId, long errorCode, long finalSize);

  void onStopSending(long streamId, long errorCode);

  void onDatagram(long sequence, int flowKey, ByteBuffer buf, int dataOffset, int length);

  void onPathChallenge(long token);

  void onPathResponse(long token);

  void onPathStatus(int pathId, PathStatus status, long sequence);

  void onPathAbandon(int pathId, long errorCode);

  void onFecRepair(long firstSequence, int count, ByteBuffer buf, int dataOffset, int length);

  void onClose(long errorCode, ByteBuffer buf, int reasonOffset, int reasonLength);
}
