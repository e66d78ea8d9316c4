package braid.core.crypto;

import braid.core.wire.TransportHeader;
import java.nio.ByteBuffer;
import java.util.function.IntConsumer;
import javax.crypto.AEADBadTagException;

/**
 * The keys of one session and the rules for using them: seals outgoing packets under the current
 * keys, opens incoming ones under whichever of the current, previous or next keys they name, keeps
 * a replay window per path, and says when to rekey.
 *
 * <p>Three key slots, as in WireGuard: {@code current} seals; {@code previous} still opens packets
 * that were in flight when keys changed; {@code next} holds keys from a handshake we answered,
 * promoted to current by the first packet that authenticates under them (key confirmation).
 * Packet numbers continue across rekeys, so one replay window per path serves every key.
 */
public final class SecureChannel {
  /** The initiator of the current keys starts a new handshake when they are this old. */
  public static final long REKEY_AFTER_TIME_NANOS = 120_000_000_000L;
  /**
   * The responder starts one later, only if the initiator has not: both sides may be the one that
   * keeps sending, and a later threshold avoids two handshakes crossing.
   */
  public static final long RESPONDER_REKEY_AFTER_TIME_NANOS = 150_000_000_000L;
  /** Keys older than this neither seal nor open. */
  public static final long REJECT_AFTER_TIME_NANOS = 180_000_000_000L;
  /**
   * WireGuard rekeys after 2^60 messages; AES-GCM's confidentiality bound is the tighter one (at
   * 1500-byte packets about 2^29 packets keep the distinguishing advantage below 2^-57), so braid
   * rekeys after 2^28 and refuses to seal past 2^32 under one key.
   */
  public static final long REKEY_AFTER_MESSAGES = 1L << 28;
  public static final long WIREGUARD_REKEY_AFTER_MESSAGES = 1L << 60;
  public static final long REJECT_AFTER_MESSAGES = 1L << 32;

  /** {@link #open} results below zero: why the packet was dropped. */
  public static final int DROP_UNKNOWN_KEYS = -1;
  public static final int DROP_EXPIRED_KEYS = -2;
  public static final int DROP_TOO_OLD = -3;
  public static final int DROP_REPLAYED = -4;
  public static final int DROP_AUTH_FAILED = -5;
  public static final int DROP_MALFORMED = -6;
  public static final int DROP_TOO_MANY_PATHS = -7;

  private final IntConsumer indexRetired;
  private final ReplayWindows windows = new ReplayWindows();
  private final ByteBuffer headerView = ByteBuffer.allocate(TransportHeader.LENGTH);
  private final ByteBuffer headerOut = ByteBuffer.allocate(TransportHeader.LENGTH);
  private TransportKeys current;
  private TransportKeys previous;
  private TransportKeys next;
  private int lastPathId;
  private long lastPacketNumber;
  private final SecureChannelCounters counters = new SecureChannelCounters();

  /** {@code indexRetired} hears each local index whose keys were discarded, to free it. */
  public SecureChannel(IntConsumer indexRetired) {
    this.indexRetired = indexRetired;
  }

  public SecureChannelCounters counters() {
    return counters;
  }

  /**
   * Takes the keys of a completed handshake. Keys we initiated are confirmed and seal at once;
   * keys we answered wait in {@code next} until the peer uses them.
   */
  public void install(TransportKeys keys) {
    if (keys.weInitiated()) {
      retire(previous);
      previous = current;
      current = keys;
    } else {
      retire(next);
      next = keys;
    }
  }

  /** True when there are keys that may seal a packet now. */
  public boolean canSeal(long nowNanos) {
    return current != null && current.confirmed
        && nowNanos - current.createdNanos() < REJECT_AFTER_TIME_NANOS
        && current.sealed < REJECT_AFTER_MESSAGES;
  }

  /** True when confirmed keys are installed, whatever their age. */
  public boolean hasConfirmedKeys() {
    return current != null && current.confirmed;
  }

  /** True when this side should start a handshake for fresh keys. */
  public boolean wantsRekey(long nowNanos) {
    TransportKeys k = newest();
    if (k == null) {
      return false;
    }
    long age = nowNanos - k.createdNanos();
    long limit = k.weInitiated() ? REKEY_AFTER_TIME_NANOS : RESPONDER_REKEY_AFTER_TIME_NANOS;
    return age >= limit || (current != null && current.sealed >= REKEY_AFTER_MESSAGES);
  }

  /**
   * Earliest time installed keys (current, previous, or unconfirmed next) pass their reject time,
   * when {@link #expire} must run to drop them and free their index; Long.MAX_VALUE without keys.
   * Keys waiting in {@code next} count too, or nothing would wake the session to drop them.
   */
  public long keysExpireAtNanos() {
    return Math.min(expiry(current), Math.min(expiry(previous), expiry(next)));
  }

  private static long expiry(TransportKeys k) {
    return k == null ? Long.MAX_VALUE : k.createdNanos() + REJECT_AFTER_TIME_NANOS;
  }

  /**
   * Time until which {@link #canSeal} holds, or Long.MIN_VALUE when it does not hold at any time
   * (no confirmed keys, or their message limit is used up).
   */
  public long sealsUntilNanos() {
    if (current == null || !current.confirmed || current.sealed >= REJECT_AFTER_MESSAGES) {
      return Long.MIN_VALUE;
    }
    return current.createdNanos() + REJECT_AFTER_TIME_NANOS;
  }

  /** When {@link #wantsRekey} turns true by age, or Long.MAX_VALUE. */
  public long rekeyDueAtNanos() {
    TransportKeys k = newest();
    if (k == null) {
      return Long.MAX_VALUE;
    }
    return k.createdNanos()
        + (k.weInitiated() ? REKEY_AFTER_TIME_NANOS : RESPONDER_REKEY_AFTER_TIME_NANOS);
  }

  /**
   * Seals a transport packet into {@code out} at its position: the 13-byte header, then the
   * encrypted frames ({@code plaintext}, position to limit) and the tag. The header is the
   * additional authenticated data. Returns the packet length; the caller checked {@link #canSeal}.
   */
  public int seal(int pathId, long packetNumber, ByteBuffer plaintext, ByteBuffer out) {
    if (packetNumber > TransportHeader.MAX_PACKET_NUMBER) {
      throw new IllegalStateException("packet number space of path " + pathId + " exhausted");
    }
    TransportKeys k = current;
    int start = out.position();
    long counter = TransportHeader.counter(pathId, packetNumber);
    TransportHeader.write(out, start, k.remoteIndex(), counter);
    // The header is the AAD; a copy in a reused heap buffer avoids a duplicate() per packet.
    headerOut.clear();
    headerOut.put(0, out, start, TransportHeader.LENGTH);
    out.position(start + TransportHeader.LENGTH);
    k.sealer.seal(counter, headerOut, plaintext, out);
    k.sealed++;
    counters.sealed++;
    return out.position() - start;
  }

  /**
   * Opens a transport packet ({@code packet}, position to limit) into {@code out} at its position.
   * Returns the plaintext length, or one of the {@code DROP_*} codes; nothing changes on a drop.
   * A packet whose plaintext would not fit in {@code out} is dropped as malformed.
   * On success {@link #lastPathId()} and {@link #lastPacketNumber()} describe the packet.
   */
  public int open(ByteBuffer packet, ByteBuffer out, long nowNanos) {
    int start = packet.position();
    // Also too long for the caller's buffer: the cipher would throw before it checks the tag.
    if (packet.remaining() < TransportHeader.MIN_PACKET || packet.remaining()
        - TransportHeader.LENGTH - TransportHeader.TAG_LENGTH > out.remaining()) {
      counters.malformed++;
      return DROP_MALFORMED;
    }
    int index = TransportHeader.receiverIndex(packet, start);
    TransportKeys k = keysFor(index);
    if (k == null) {
      counters.unknownKeys++;
      return DROP_UNKNOWN_KEYS;
    }
    if (nowNanos - k.createdNanos() >= REJECT_AFTER_TIME_NANOS) {
      counters.expiredKeys++;
      return DROP_EXPIRED_KEYS;
    }
    long counter = TransportHeader.counter(packet, start);
    int pathId = TransportHeader.pathId(counter);
    long pn = TransportHeader.packetNumber(counter);
    ReplayWindow window = windows.find(pathId);
    if (window != null) {
      switch (window.check(pn)) {
        case TOO_OLD -> {
          counters.tooOld++;
          return DROP_TOO_OLD;
        }
        case REPLAYED -> {
          counters.replayed++;
          return DROP_REPLAYED;
        }
        case FRESH -> { }
      }
    }
    headerView.clear();
    headerView.put(0, packet, start, TransportHeader.LENGTH);
    int outStart = out.position();
    int length;
    // Open straight from the packet buffer past its header (no duplicate per packet).
    packet.position(start + TransportHeader.LENGTH);
    try {
      length = k.opener.open(counter, headerView, packet, out);
    } catch (AEADBadTagException e) {
      packet.position(start);
      out.position(outStart);
      counters.authFailed++;
      return DROP_AUTH_FAILED;
    }
    if (window == null) {
      window = windows.getOrCreate(pathId);
      if (window == null) {
        out.position(outStart);
        counters.tooManyPaths++;
        return DROP_TOO_MANY_PATHS;
      }
    }
    window.accept(pn);
    if (k == next) {
      k.confirmed = true;
      retire(previous);
      previous = current;
      current = next;
      next = null;
    }
    lastPathId = pathId;
    lastPacketNumber = pn;
    counters.opened++;
    return length;
  }

  public int lastPathId() {
    return lastPathId;
  }

  public long lastPacketNumber() {
    return lastPacketNumber;
  }

  /** Drops keys past their reject time and frees their indices; call from the session timer. */
  public void expire(long nowNanos) {
    if (previous != null && nowNanos - previous.createdNanos() >= REJECT_AFTER_TIME_NANOS) {
      retire(previous);
      previous = null;
    }
    if (next != null && nowNanos - next.createdNanos() >= REJECT_AFTER_TIME_NANOS) {
      retire(next);
      next = null;
    }
    if (current != null && nowNanos - current.createdNanos() >= REJECT_AFTER_TIME_NANOS) {
      retire(current);
      current = null;
    }
  }

  /** Forgets every key and frees every index (session closed). */
  public void destroy() {
    retire(previous);
    retire(current);
    retire(next);
    previous = current = next = null;
  }

  /** True while the peer has keys of ours it has not yet confirmed by using them. */
  public boolean awaitingConfirmation() {
    return next != null && current == null;
  }

  public boolean hasKeys() {
    return current != null || next != null;
  }

  private TransportKeys keysFor(int index) {
    if (current != null && current.localIndex() == index) {
      return current;
    }
    if (next != null && next.localIndex() == index) {
      return next;
    }
    if (previous != null && previous.localIndex() == index) {
      return previous;
    }
    return null;
  }

  private TransportKeys newest() {
    if (next != null && (current == null || next.createdNanos() >= current.createdNanos())) {
      return next;
    }
    return current;
  }

  private void retire(TransportKeys k) {
    if (k != null) {
      // Every caller drops its last reference to k next, so its native cipher state can go now.
      k.close();
      indexRetired.accept(k.localIndex());
    }
  }
}
