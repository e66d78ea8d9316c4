package braid.node.emu;

/**
 * A snapshot of one direction's counters. Every offered packet ends in exactly one of delivered,
 * dropped by queue, lost (random), lost (burst), dropped while down, send failed, or is still
 * pending; duplicates are counted apart and are not offered packets.
 *
 * @param offeredPackets packets handed to the link
 * @param offeredBytes their UDP payload bytes
 * @param deliveredPackets packets sent on to the far side (copies not included)
 * @param deliveredBytes their UDP payload bytes
 * @param droppedQueuePackets dropped because the drop-tail queue was full
 * @param lostRandomPackets lost to the random loss probability
 * @param lostBurstPackets lost in the Gilbert–Elliott bad state
 * @param droppedDownPackets offered while down, or queued or in flight when the link went down
 * @param duplicatedPackets extra copies delivered
 * @param sendFailedPackets due but the socket refused them (no client yet, port unreachable, full
 *     send buffer)
 * @param pendingPackets queued, being serialized or propagating right now
 */
public record LinkCounters(
    long offeredPackets,
    long offeredBytes,
    long deliveredPackets,
    long deliveredBytes,
    long droppedQueuePackets,
    long lostRandomPackets,
    long lostBurstPackets,
    long droppedDownPackets,
    long duplicatedPackets,
    long sendFailedPackets,
    long pendingPackets) {

  /** Packets the model lost on purpose: random plus burst loss. */
  public long lostPackets() {
    return lostRandomPackets + lostBurstPackets;
  }

  /** Packets dropped by the queue or while down. */
  public long droppedPackets() {
    return droppedQueuePackets + droppedDownPackets;
  }

  /** One JSON object with every counter. */
  public String toJson() {
    return "{\"offered\":" + offeredPackets
        + ",\"offered_bytes\":" + offeredBytes
        + ",\"delivered\":" + deliveredPackets
        + ",\"delivered_bytes\":" + deliveredBytes
        + ",\"dropped_queue\":" + droppedQueuePackets
        + ",\"lost_random\":" + lostRandomPackets
        + ",\"lost_burst\":" + lostBurstPackets
        + ",\"dropped_down\":" + droppedDownPackets
        + ",\"duplicated\":" + duplicatedPackets
        + ",\"send_failed\":" + sendFailedPackets
        + ",\"pending\":" + pendingPackets + "}";
  }
}
