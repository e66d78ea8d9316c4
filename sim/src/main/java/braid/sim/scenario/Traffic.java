package braid.sim.scenario;

/** What the client sends to the server during a scenario ({@code [traffic]}). */
public sealed interface Traffic permits Traffic.Streams, Traffic.Datagrams {

  /**
   * Bulk reliable streams from client to server ({@code kind = "streams"}).
   *
   * @param count number of concurrent streams, at least 1
   */
  record Streams(int count) implements Traffic {
    /** Validates the count. */
    public Streams {
      if (count < 1) {
        throw new IllegalArgumentException("stream count must be >= 1, got " + count);
      }
    }
  }

  /**
   * Unreliable datagrams offered at a constant rate ({@code kind = "datagrams"}).
   *
   * @param rateBitsPerSecond offered load, counting payload bytes
   * @param size payload bytes per datagram
   * @param flows distinct flow keys (inner 5-tuples) the datagrams are spread over
   */
  record Datagrams(long rateBitsPerSecond, int size, int flows) implements Traffic {
    /** Validates the parameters. */
    public Datagrams {
      if (rateBitsPerSecond <= 0 || size < 1 || flows < 1) {
        throw new IllegalArgumentException(
            "datagram traffic needs rate > 0, size >= 1 and flows >= 1");
      }
    }
  }
}
