package dev.cmr.bench.runner;

import java.util.List;

/**
 * All contenders' measurements of one case (a shape and an element type), the reference
 * first, in the order the contenders were given.
 *
 * @param precision the element type
 * @param shape the product's shape
 * @param measurements one per contender, missing ones included
 */
public record CaseResult(Precision precision, GemmShape shape, List<Measurement> measurements) {
  /** Copies the list so the record stays immutable. */
  public CaseResult {
    measurements = List.copyOf(measurements);
  }

  /** The measurement of the named contender, or null when it is not in this case. */
  public Measurement of(String contender) {
    for (Measurement m : measurements) {
      if (m.contender().equals(contender)) {
        return m;
      }
    }
    return null;
  }

  /**
   * Our throughput over a peer's, {@code GFLOP/s(reference) / GFLOP/s(peer)}, which is the
   * peer's time over ours; NaN unless both ran and the peer agreed with the reference.
   */
  public double ratio(String reference, String peer) {
    Measurement ours = of(reference);
    Measurement theirs = of(peer);
    if (ours == null || theirs == null || ours.outcome() != Measurement.Outcome.OK
        || theirs.outcome() != Measurement.Outcome.OK || !ours.timed() || !theirs.timed()) {
      return Double.NaN;
    }
    return theirs.medianSeconds() / ours.medianSeconds();
  }
}
