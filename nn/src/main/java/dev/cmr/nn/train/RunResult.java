package dev.cmr.nn.train;

import java.util.List;

/**
 * The outcome of one seed of the kappa-stress experiment.
 *
 * @param seed the seed of all random streams
 * @param vanilla per-epoch metrics of the vanilla arm (fewer than the configured epochs only
 *     if it diverged)
 * @param cmr per-epoch metrics of the CMR arm
 * @param vanillaParameters the vanilla model's final parameters (flat, see
 *     {@link dev.cmr.nn.Mlp})
 * @param cmrParameters the CMR model's final parameters
 */
public record RunResult(long seed, List<EpochMetrics> vanilla, List<EpochMetrics> cmr,
    float[] vanillaParameters, float[] cmrParameters) {

  /** Freezes the lists. */
  public RunResult {
    vanilla = List.copyOf(vanilla);
    cmr = List.copyOf(cmr);
  }

  /** The epochs of {@code arm}. */
  public List<EpochMetrics> epochs(Arm arm) {
    return arm == Arm.VANILLA ? vanilla : cmr;
  }

  /** The last epoch of {@code arm}. */
  public EpochMetrics last(Arm arm) {
    List<EpochMetrics> e = epochs(arm);
    return e.get(e.size() - 1);
  }

  /** Whether either arm diverged. */
  public boolean diverged() {
    return last(Arm.VANILLA).diverged() || last(Arm.CMR).diverged();
  }
}
