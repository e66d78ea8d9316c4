package braid.node.emu;

/**
 * The parameters of one emulated link direction; the same model as the simulator's links.
 *
 * @param rateBitsPerSecond serialization rate; each packet costs (UDP payload + 28) × 8 bits
 * @param delayNanos one-way propagation delay
 * @param jitterNanos each packet's propagation is delay plus a uniform draw in [-jitter, +jitter],
 *     never below zero; packets may be reordered
 * @param loss probability that a packet is lost (after it used its serialization time)
 * @param burstP Gilbert–Elliott probability, per packet, of moving from the good to the bad state
 *     (the bad state loses every packet)
 * @param burstR Gilbert–Elliott probability, per packet, of moving from the bad to the good state
 * @param duplicate probability that a packet is delivered twice (the copy costs no capacity)
 * @param queuePackets how many packets may wait behind the one being serialized (drop-tail)
 */
public record LinkModel(
    long rateBitsPerSecond,
    long delayNanos,
    long jitterNanos,
    double loss,
    double burstP,
    double burstR,
    double duplicate,
    int queuePackets) {

  /** The queue limit when none is given, as in the scenario files. */
  public static final int DEFAULT_QUEUE = 1000;

  /** Validates the parameters. */
  public LinkModel {
    if (rateBitsPerSecond <= 0) {
      throw new IllegalArgumentException("rate must be > 0 bit/s, got " + rateBitsPerSecond);
    }
    if (delayNanos < 0) {
      throw new IllegalArgumentException("delay must be >= 0, got " + delayNanos + " ns");
    }
    if (jitterNanos < 0) {
      throw new IllegalArgumentException("jitter must be >= 0, got " + jitterNanos + " ns");
    }
    checkProbability("loss", loss);
    checkProbability("burst p", burstP);
    checkProbability("burst r", burstR);
    checkProbability("duplicate", duplicate);
    if (queuePackets < 0) {
      throw new IllegalArgumentException("queue must be >= 0 packets, got " + queuePackets);
    }
  }

  /** A clean link: this rate and delay, no jitter, loss, bursts or duplication, default queue. */
  public static LinkModel of(long rateBitsPerSecond, long delayNanos) {
    return new LinkModel(rateBitsPerSecond, delayNanos, 0, 0, 0, 1, 0, DEFAULT_QUEUE);
  }

  /** This model with another rate. */
  public LinkModel withRate(long bitsPerSecond) {
    return new LinkModel(bitsPerSecond, delayNanos, jitterNanos, loss, burstP, burstR, duplicate,
        queuePackets);
  }

  /** This model with another one-way delay. */
  public LinkModel withDelay(long nanos) {
    return new LinkModel(rateBitsPerSecond, nanos, jitterNanos, loss, burstP, burstR, duplicate,
        queuePackets);
  }

  /** This model with another jitter. */
  public LinkModel withJitter(long nanos) {
    return new LinkModel(rateBitsPerSecond, delayNanos, nanos, loss, burstP, burstR, duplicate,
        queuePackets);
  }

  /** This model with another random loss probability. */
  public LinkModel withLoss(double probability) {
    return new LinkModel(rateBitsPerSecond, delayNanos, jitterNanos, probability, burstP, burstR,
        duplicate, queuePackets);
  }

  /** This model with other Gilbert–Elliott transition probabilities; p = 0 turns bursts off. */
  public LinkModel withBurst(double p, double r) {
    return new LinkModel(rateBitsPerSecond, delayNanos, jitterNanos, loss, p, r, duplicate,
        queuePackets);
  }

  /** This model with another duplication probability. */
  public LinkModel withDuplicate(double probability) {
    return new LinkModel(rateBitsPerSecond, delayNanos, jitterNanos, loss, burstP, burstR,
        probability, queuePackets);
  }

  /** This model with another queue limit. */
  public LinkModel withQueue(int packets) {
    return new LinkModel(rateBitsPerSecond, delayNanos, jitterNanos, loss, burstP, burstR,
        duplicate, packets);
  }

  /**
   * The long-run fraction of packets the Gilbert–Elliott chain alone loses: p / (p + r), the
   * stationary probability of the bad state.
   */
  public double burstLossRate() {
    return burstP == 0 ? 0 : burstP / (burstP + burstR);
  }

  /** One JSON object with the parameters, in the units of the scenario files' numbers. */
  public String toJson() {
    return "{\"rate_bps\":" + rateBitsPerSecond
        + ",\"delay_ns\":" + delayNanos
        + ",\"jitter_ns\":" + jitterNanos
        + ",\"loss\":" + loss
        + ",\"burst_p\":" + burstP
        + ",\"burst_r\":" + burstR
        + ",\"duplicate\":" + duplicate
        + ",\"queue\":" + queuePackets + "}";
  }

  @Override
  public String toString() {
    return Units.formatRate(rateBitsPerSecond) + " " + Units.formatDuration(delayNanos)
        + (jitterNanos > 0 ? " jitter " + Units.formatDuration(jitterNanos) : "")
        + (loss > 0 ? " loss " + loss : "")
        + (burstP > 0 ? " burst " + burstP + "," + burstR : "")
        + (duplicate > 0 ? " duplicate " + duplicate : "")
        + " queue " + queuePackets;
  }

  private static void checkProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
    }
  }
}
