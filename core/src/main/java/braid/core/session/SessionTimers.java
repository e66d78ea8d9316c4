package braid.core.session;

/**
 * When a session must wake up and what it does then: handshake retries and their deadline, the
 * idle timeout, loss and probe timers, pacing, keepalives, path probes, rekeying, key expiry and
 * the reorder buffer's hold. Every deadline that ends in sending counts only while keys can seal,
 * so a session without usable keys never spins on a deadline it cannot serve.
 */
final class SessionTimers {
  private final Session s;

  SessionTimers(Session session) {
    this.s = session;
  }

  long next() {
    if (s.state == SessionState.CLOSED) {
      return Long.MAX_VALUE;
    }
    long t = s.handshake.nextTimeout();
    if (s.state == SessionState.HANDSHAKING) {
      // A handshake has its own limits (the initiator's handshake timeout, the responder's
      // confirmation timeout); the idle timeout would cut the initiator's retries short.
      return s.initiator ? t : Math.min(t, s.createdAt + Endpoint.UNCONFIRMED_TIMEOUT_NANOS);
    }
    t = Math.min(t, s.lastReceivedAt + s.config.idleTimeoutNanos());
    if (s.channel.sealsUntilNanos() != Long.MIN_VALUE) {
      // Timers that end in sending (loss and probe timers, ACK deadlines, pacing, keepalive)
      // only count while keys can seal: without keys (expired during a rekey) none of them can be
      // served, and a deadline in the past would stay due and spin the event loop.
      t = Math.min(t, s.mux.nextTimeout());
      t = Math.min(t, s.assembler().nextSendTime());
      t = Math.min(t, s.paths.nextTimeout());
      t = Math.min(t, s.lastAckElicitingSentAt + s.config.keepaliveNanos());
    }
    if (!s.handshake.inProgress()) {
      t = Math.min(t, s.channel.rekeyDueAtNanos());
    }
    t = Math.min(t, s.channel.keysExpireAtNanos());
    t = Math.min(t, s.datagrams.nextTimeout());
    return t;
  }

  void fire(long now) {
    if (s.state == SessionState.CLOSED) {
      return;
    }
    if (s.state != SessionState.HANDSHAKING
        && now - s.lastReceivedAt >= s.config.idleTimeoutNanos()) {
      s.terminate(new CloseReason(CloseReason.IDLE_TIMEOUT,
          "no packet from the peer for " + s.config.idleTimeoutNanos() / 1_000_000 + " ms", false));
      return;
    }
    if (!s.handshake.onTimeout(now, s.config.handshakeTimeoutNanos())) {
      if (s.state == SessionState.HANDSHAKING) {
        s.terminate(new CloseReason(CloseReason.HANDSHAKE_TIMEOUT,
            "handshake got no answer for " + s.config.handshakeTimeoutNanos() / 1_000_000 + " ms",
            false));
        return;
      }
    }
    if (s.state == SessionState.HANDSHAKING) {
      if (!s.initiator && now - s.createdAt >= Endpoint.UNCONFIRMED_TIMEOUT_NANOS) {
        s.terminate(new CloseReason(CloseReason.HANDSHAKE_TIMEOUT,
            "the initiator never used the keys it was sent", false));
      }
      return;
    }
    s.channel.expire(now);
    if (!s.channel.hasConfirmedKeys() && !s.handshake.inProgress()
        && !s.channel.awaitingConfirmation()) {
      s.terminate(new CloseReason(CloseReason.KEYS_EXPIRED, "keys expired and rekeying failed",
          false));
      return;
    }
    if (!s.handshake.inProgress() && s.channel.wantsRekey(now)) {
      s.handshake.start(now, s.sessionTag, s.localParameters());
    }
    s.lastEventNanos = now;
    s.mux.onTimeout(now, s.sentFrames);
    s.paths.onTimeout(now);
    s.datagrams.updateHold(s.mux);
    s.datagrams.onTimeout(now);
    if (now - s.lastAckElicitingSentAt >= s.config.keepaliveNanos()) {
      s.pingPending = true;
    }
  }
}
