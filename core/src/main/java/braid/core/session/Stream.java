package braid.core.session;

/** A bidirectional stream: its two halves under one ID. */
final class Stream {
  final long id;
  final SendStream send;
  final RecvStream recv;
  /** The application has been told this stream exists (opened by it, or accepted). */
  boolean announced;

  Stream(long id, long peerMaxStreamData, int sendBufferLimit, long receiveWindow) {
    this.id = id;
    this.send = new SendStream(id, peerMaxStreamData, sendBufferLimit);
    this.recv = new RecvStream(id, receiveWindow);
  }

  boolean isDone() {
    return send.isDone() && recv.isFinished();
  }
}
