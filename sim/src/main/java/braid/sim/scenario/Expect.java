package braid.sim.scenario;

import java.util.OptionalDouble;

/**
 * The {@code [expect]} table: thresholds a run must meet for {@code --check} to pass. Absent
 * thresholds are empty.
 *
 * @param efficiencyMin goodput / nominal capacity, at least
 * @param goodputMbpsMin goodput in Mbit/s, at least
 * @param integrity stream bytes delivered must equal bytes sent
 * @param ttfMsMax time to failover in ms, at most
 * @param ttrMsMax time to recover in ms, at most
 * @param deliveredMin datagrams delivered / sent, at least
 */
public record Expect(
    OptionalDouble efficiencyMin,
    OptionalDouble goodputMbpsMin,
    boolean integrity,
    OptionalDouble ttfMsMax,
    OptionalDouble ttrMsMax,
    OptionalDouble deliveredMin) {

  /** No expectations: every run passes. */
  public static final Expect NONE =
      new Expect(OptionalDouble.empty(), OptionalDouble.empty(), false,
          OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

  /** Rejects nulls. */
  public Expect {
    if (efficiencyMin == null || goodputMbpsMin == null || ttfMsMax == null
        || ttrMsMax == null || deliveredMin == null) {
      throw new IllegalArgumentException("use OptionalDouble.empty() for an absent expectation");
    }
  }
}
