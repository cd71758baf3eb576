package dev.cmr.nn.train;

import java.util.List;

/**
 * The outcome of one seed of a training run (one or both arms).
 *
 * @param seed the seed of all random streams
 * @param vanilla per-epoch metrics of the vanilla arm (empty when it was not trained; fewer
 *     than the configured epochs when the run diverged)
 * @param cmr per-epoch metrics of the CMR arm, shared warm-up epochs included
 * @param vanillaParameters the vanilla model's final parameters (flat, see
 *     {@link dev.cmr.nn.Mlp}), or null when it was not trained
 * @param cmrParameters the CMR model's final parameters, or null when it was not trained
 * @param divergence where the run stopped being finite, or null when it did not
 */
public record RunResult(long seed, List<EpochMetrics> vanilla, List<EpochMetrics> cmr,
    float[] vanillaParameters, float[] cmrParameters, Divergence divergence) {

  /** Freezes the lists. */
  public RunResult {
    vanilla = List.copyOf(vanilla);
    cmr = List.copyOf(cmr);
  }

  /** The epochs of {@code arm}. */
  public List<EpochMetrics> epochs(Arm arm) {
    return arm == Arm.VANILLA ? vanilla : cmr;
  }

  /** The final parameters of {@code arm}, or null. */
  public float[] parameters(Arm arm) {
    return arm == Arm.VANILLA ? vanillaParameters : cmrParameters;
  }

  /** Whether {@code arm} has at least one epoch of metrics. */
  public boolean has(Arm arm) {
    return !epochs(arm).isEmpty();
  }

  /**
   * The last epoch of {@code arm}.
   *
   * @throws IllegalStateException if the arm has no epochs
   */
  public EpochMetrics last(Arm arm) {
    List<EpochMetrics> e = epochs(arm);
    if (e.isEmpty()) {
      throw new IllegalStateException("the " + arm.label() + " arm has no epochs");
    }
    return e.get(e.size() - 1);
  }

  /** Whether the run diverged. */
  public boolean diverged() {
    return divergence != null;
  }
}
