package braid.sim.net;

/**
 * A snapshot of one link direction's counters. Bytes are UDP payload bytes (without the
 * {@value Link#HEADER_BYTES}-byte IP/UDP header that the rate accounting adds).
 *
 * <p>Every offered packet ends up in exactly one of: delivered, dropped by the queue, lost (random),
 * lost (burst), dropped while down, or still in flight. Duplicates are extra deliveries and are
 * counted only in {@code duplicated*}, not in {@code delivered*}. {@code inFlightPackets} are
 * original packets queued, being serialized or propagating at the time of the snapshot.
 */
public record LinkCounters(
    long offeredPackets,
    long offeredBytes,
    long deliveredPackets,
    long deliveredBytes,
    long droppedQueuePackets,
    long droppedQueueBytes,
    long lostRandomPackets,
    long lostRandomBytes,
    long lostBurstPackets,
    long lostBurstBytes,
    long droppedDownPackets,
    long droppedDownBytes,
    long duplicatedPackets,
    long duplicatedBytes,
    long inFlightPackets) {

  /** All zero: a link that carried nothing. */
  public static final LinkCounters ZERO = new LinkCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
