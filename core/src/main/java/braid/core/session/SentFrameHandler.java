package braid.core.session;

import braid.core.mux.Path;
import braid.core.mux.SentPacket;
import braid.core.mux.SentPacketListener;

/**
 * What becomes of sent frames: as the mux's {@link SentPacketListener}, it re-queues what a lost
 * packet carried and releases what an acknowledged one did. Lost stream data goes back to its
 * stream's lost set, not to its path, so it may leave again on any path; lost control frames are
 * owed again with their current value.
 */
final class SentFrameHandler implements SentPacketListener {
  private final Session session;

  SentFrameHandler(Session session) {
    this.session = session;
  }


  @Override
  public void onPacketAcked(Path path, SentPacket p) {
    StreamTable t = session.streams;
    for (int i = 0; i < p.refCount(); i++) {
      switch (p.kind(i)) {
        case SentFrames.STREAM -> {
          Stream s = t.get(p.first(i));
          if (s != null) {
            s.send.onAcked(p.second(i), SentFrames.length(p.third(i)),
                SentFrames.fin(p.third(i)));
            t.removeIfDone(s);
          }
        }
        case SentFrames.RESET_STREAM -> {
          Stream s = t.get(p.first(i));
          if (s != null) {
            s.send.resetAcked = true;
            t.removeIfDone(s);
          }
        }
        default -> { }
      }
    }
  }

  @Override
  public void onPacketLost(Path path, SentPacket p) {
    StreamTable t = session.streams;
    for (int i = 0; i < p.refCount(); i++) {
      switch (p.kind(i)) {
        case SentFrames.STREAM -> {
          Stream s = t.get(p.first(i));
          if (s != null) {
            s.send.onLost(p.second(i), SentFrames.length(p.third(i)), SentFrames.fin(p.third(i)));
            if (s.send.hasRetransmission()) {
              if (s.send.queued && t.creditBlocked.remove(s.send)) {
                s.send.queued = false;
              }
              t.markSendable(s.send);
            }
          }
        }
        case SentFrames.MAX_DATA -> t.sendMaxData = true;
        case SentFrames.MAX_STREAMS -> t.sendMaxStreams = true;
        case SentFrames.MAX_STREAM_DATA -> {
          Stream s = t.get(p.first(i));
          if (s != null && !s.recv.isFinished() && !s.recv.sendMaxData) {
            s.recv.sendMaxData = true; // queued once, like Session.read does
            t.maxStreamDataQueue.add(s.id);
          }
        }
        case SentFrames.RESET_STREAM -> {
          Stream s = t.get(p.first(i));
          if (s != null && !s.send.resetAcked) {
            s.send.resetPending = true;
            t.markSendable(s.send);
          }
        }
        case SentFrames.PATH_STATUS, SentFrames.PATH_ABANDON ->
            session.paths.onSessionFrameLost(p.kind(i), (int) p.first(i));
        default -> { }
      }
    }
  }
}
