package braid.sim.net;

/**
 * The parameters of one link direction (both directions of a path share them).
 *
 * @param rateBitsPerSecond serialization rate; each packet costs (payload + {@value Link#HEADER_BYTES}) × 8 bits
 * @param delayNanos one-way propagation delay
 * @param jitterNanos each packet's propagation is delay plus a uniform draw in [-jitter, +jitter], never below 0
 * @param loss probability that a packet is lost (after its serialization)
 * @param burstP Gilbert–Elliott probability, per packet, of moving from the good to the bad state
 * @param burstR Gilbert–Elliott probability, per packet, of moving from the bad to the good state
 * @param duplicate probability that a packet is delivered twice
 * @param queuePackets how many packets may wait behind the one being serialized
 */
public record LinkConfig(
    long rateBitsPerSecond,
    long delayNanos,
    long jitterNanos,
    double loss,
    double burstP,
    double burstR,
    double duplicate,
    int queuePackets) {

  /** The queue limit a path gets when the scenario does not set one. */
  public static final int DEFAULT_QUEUE = 1000;

  /** Validates the parameters. */
  public LinkConfig {
    if (rateBitsPerSecond <= 0) {
      throw new IllegalArgumentException("rate must be > 0 bit/s, got " + rateBitsPerSecond);
    }
    if (delayNanos < 0 || jitterNanos < 0) {
      throw new IllegalArgumentException("delay and jitter must be >= 0");
    }
    checkProbability("loss", loss);
    checkProbability("burst.p", burstP);
    checkProbability("burst.r", burstR);
    checkProbability("duplicate", duplicate);
    if (queuePackets < 0) {
      throw new IllegalArgumentException("queue must be >= 0 packets, got " + queuePackets);
    }
  }

  /** A clean link: the given rate and delay, no jitter, loss or duplication, default queue. */
  public static LinkConfig of(long rateBitsPerSecond, long delayNanos) {
    return new LinkConfig(rateBitsPerSecond, delayNanos, 0, 0, 0, 1, 0, DEFAULT_QUEUE);
  }

  /** This configuration with another jitter. */
  public LinkConfig withJitter(long nanos) {
    return new LinkConfig(rateBitsPerSecond, delayNanos, nanos, loss, burstP, burstR, duplicate, queuePackets);
  }

  /** This configuration with another random loss probability. */
  public LinkConfig withLoss(double probability) {
    return new LinkConfig(rateBitsPerSecond, delayNanos, jitterNanos, probability, burstP, burstR, duplicate, queuePackets);
  }

  /** This configuration with other Gilbert–Elliott transition probabilities. */
  public LinkConfig withBurst(double p, double r) {
    return new LinkConfig(rateBitsPerSecond, delayNanos, jitterNanos, loss, p, r, duplicate, queuePackets);
  }

  /** This configuration with another duplication probability. */
  public LinkConfig withDuplicate(double probability) {
    return new LinkConfig(rateBitsPerSecond, delayNanos, jitterNanos, loss, burstP, burstR, probability, queuePackets);
  }

  /** This configuration with another queue limit. */
  public LinkConfig withQueue(int packets) {
    return new LinkConfig(rateBitsPerSecond, delayNanos, jitterNanos, loss, burstP, burstR, duplicate, packets);
  }

  private static void checkProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
    }
  }
}
