package braid.core.session;

import braid.core.crypto.CookieJar;
import braid.core.crypto.HandshakeException;
import braid.core.crypto.HandshakeInitiator;
import braid.core.crypto.Tai64n;
import braid.core.wire.InitiationPayload;
import braid.core.wire.TransportParameters;

/**
 * The initiating side of handshakes for one session: the first one and every rekey. Sends an
 * initiation, retries with backoff (1 s doubling to WireGuard's 5 s REKEY_TIMEOUT) and gives up
 * after the configured handshake timeout. Each retry is a fresh attempt with its own index.
 */
final class HandshakeDriver {
  static final long FIRST_RETRY_NANOS = 1_000_000_000L;
  static final long MAX_RETRY_NANOS = 5_000_000_000L;

  private final SessionHost host;
  private final Session session;
  private final byte[] peerEd25519Public;
  private final CookieJar cookies;
  private HandshakeInitiator attempt;
  private long startedAt = -1;
  private long nextRetryAt = Long.MAX_VALUE;
  private long retryInterval;
  private byte[] outgoing;
  private long sessionTag;
  private TransportParameters parameters;

  HandshakeDriver(SessionHost host, Session session, byte[] peerEd25519Public, CookieJar cookies) {
    this.host = host;
    this.session = session;
    this.peerEd25519Public = peerEd25519Public;
    this.cookies = cookies;
  }

  boolean inProgress() {
    return startedAt >= 0;
  }

  /** Starts handshaking: {@code sessionTag} 0 opens a new session, otherwise rekeys that one. */
  void start(long now, long sessionTag, TransportParameters parameters) {
    if (inProgress()) {
      return;
    }
    this.sessionTag = sessionTag;
    this.parameters = parameters;
    this.startedAt = now;
    this.retryInterval = FIRST_RETRY_NANOS;
    newAttempt(now);
  }

  private void newAttempt(long now) {
    if (attempt != null) {
      host.releaseIndex(attempt.senderIndex());
    }
    int index = host.registerIndex(session);
    InitiationPayload payload = new InitiationPayload(host.localKeys().ed25519Public(),
        Tai64n.encode(host.wallClockNanos(now)), sessionTag, parameters);
    attempt = new HandshakeInitiator(host.localKeys(), peerEd25519Public, index, payload, cookies,
        host.random(), now);
    outgoing = attempt.packet();
    nextRetryAt = now + retryInterval;
    retryInterval = Math.min(retryInterval * 2, MAX_RETRY_NANOS);
    session.counters.handshakeAttempts++;
  }

  long nextTimeout() {
    return inProgress() ? nextRetryAt : Long.MAX_VALUE;
  }

  /** Retries when due. Returns false when the handshake has run out of time. */
  boolean onTimeout(long now, long timeoutNanos) {
    if (!inProgress() || now < nextRetryAt) {
      return true;
    }
    if (now - startedAt >= timeoutNanos) {
      cancel();
      return false;
    }
    newAttempt(now);
    return true;
  }

  /** The initiation waiting to go out, or null; taken once. */
  byte[] takeOutgoing() {
    byte[] p = outgoing;
    outgoing = null;
    return p;
  }

  boolean hasOutgoing() {
    return outgoing != null;
  }

  /** Completes the attempt with the response addressed to its index. */
  HandshakeInitiator.Completed onResponse(byte[] packet, long now) throws HandshakeException {
    if (attempt == null) {
      throw new HandshakeException("no handshake in progress");
    }
    HandshakeInitiator.Completed done = attempt.consumeResponse(packet, now);
    // The index now belongs to the new keys; it is not released with the attempt.
    attempt = null;
    startedAt = -1;
    nextRetryAt = Long.MAX_VALUE;
    outgoing = null;
    return done;
  }

  /** Takes a cookie and retries at once, now with a mac2 the loaded responder will accept. */
  void onCookieReply(byte[] packet, long now) {
    if (inProgress() && cookies.accept(packet, now)) {
      newAttempt(now);
    }
  }

  /** Index of the attempt in progress, or 0. */
  int attemptIndex() {
    return attempt == null ? 0 : attempt.senderIndex();
  }

  void cancel() {
    if (attempt != null) {
      host.releaseIndex(attempt.senderIndex());
      attempt = null;
    }
    startedAt = -1;
    nextRetryAt = Long.MAX_VALUE;
    outgoing = null;
  }
}
