package dev.cmr.nn.train;

import dev.cmr.nn.Optimizer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue a run after epoch {@link #epoch()} so that it produces
 * exactly the numbers of an uninterrupted run: each arm's parameters and optimizer state and
 * the metrics so far. No random generator state is needed: every stream is derived from
 * {@code (seed, purpose, index)}.
 *
 * @param seed the run's seed
 * @param epoch epochs completed, at least 1
 * @param vanilla the vanilla arm's state, or null when it is not trained
 * @param cmr the CMR arm's state, or null when it is not trained or, with both arms, not yet
 *     forked from the shared warm-up
 * @param vanillaHistory the vanilla arm's epoch metrics so far (empty when not trained)
 * @param cmrHistory the CMR arm's epoch metrics so far, shared warm-up epochs included
 */
public record TrainingState(long seed, int epoch, ArmSnapshot vanilla, ArmSnapshot cmr,
    List<EpochMetrics> vanillaHistory, List<EpochMetrics> cmrHistory) {

  /** Validates and freezes the lists. */
  public TrainingState {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    if (vanilla == null && cmr == null) {
      throw new IllegalArgumentException("a training state needs at least one arm");
    }
    vanillaHistory = List.copyOf(vanillaHistory);
    cmrHistory = List.copyOf(cmrHistory);
  }

  /** The state of {@code arm}, or null. */
  public ArmSnapshot arm(Arm arm) {
    return arm == Arm.VANILLA ? vanilla : cmr;
  }

  /** The metrics history of {@code arm}. */
  public List<EpochMetrics> history(Arm arm) {
    return arm == Arm.VANILLA ? vanillaHistory : cmrHistory;
  }

  /**
   * One arm's model and optimizer.
   *
   * @param parameters the flat parameter vector (layout of {@link dev.cmr.nn.Mlp})
   * @param optimizer which optimizer the state belongs to
   * @param steps optimizer steps applied so far
   * @param optimizerState the optimizer's named arrays ({@link Optimizer#stateArrays()})
   */
  public record ArmSnapshot(float[] parameters, OptimizerKind optimizer,
      long steps, Map<String, float[]> optimizerState) {

    /** Copies the arrays, so a state never aliases a live model. */
    public ArmSnapshot {
      parameters = parameters.clone();
      Map<String, float[]> copy = new LinkedHashMap<>();
      optimizerState.forEach((k, v) -> copy.put(k, v.clone()));
      optimizerState = Collections.unmodifiableMap(copy);
    }

    /** A copy of the parameters. */
    @Override
    public float[] parameters() {
      return parameters.clone();
    }

    /** The optimizer arrays (copies). */
    @Override
    public Map<String, float[]> optimizerState() {
      Map<String, float[]> copy = new LinkedHashMap<>();
      optimizerState.forEach((k, v) -> copy.put(k, v.clone()));
      return copy;
    }

    /** Captures a live model's parameters and optimizer. */
    static ArmSnapshot capture(float[] parameters, OptimizerKind kind, Optimizer optimizer) {
      return new ArmSnapshot(parameters, kind, optimizer.stepCount(), optimizer.stateArrays());
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof ArmSnapshot a) || optimizer != a.optimizer || steps != a.steps
          || !Arrays.equals(parameters, a.parameters)
          || !optimizerState.keySet().equals(a.optimizerState.keySet())) {
        return false;
      }
      for (Map.Entry<String, float[]> e : optimizerState.entrySet()) {
        if (!Arrays.equals(e.getValue(), a.optimizerState.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(parameters) * 31 + Long.hashCode(steps);
    }

    @Override
    public String toString() {
      return "ArmSnapshot[" + parameters.length + " parameters, " + optimizer.label() + ", "
          + steps + " steps]";
    }
  }
}
