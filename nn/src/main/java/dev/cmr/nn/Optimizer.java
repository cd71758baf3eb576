package dev.cmr.nn;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A first-order optimizer updating a flat parameter vector in place from a gradient of the
 * same layout (see {@link Mlp}). Implementations keep per-parameter state and are not
 * thread-safe.
 */
public interface Optimizer {
  /**
   * Applies one update: {@code params <- params - step(grads)}; {@code grads} is read only.
   *
   * @param params the parameter vector, updated in place
   * @param grads the gradient, as long as {@code params}; not modified
   * @throws IllegalArgumentException if an array is null or its length differs from the size
   *     the optimizer was built for; nothing (state included) is modified then
   */
  void step(float[] params, float[] grads);

  /**
   * Applies one update with the gradient scaled first, {@code g = grads[i] * gradScale}, in
   * the same pass: bit-identical to scaling {@code grads} in place and calling
   * {@link #step(float[], float[])}, without the extra sweep (global-norm clipping fused into
   * the update). {@code grads} is read only.
   *
   * @param params the parameters, updated in place
   * @param grads the gradient, same length
   * @param gradScale the factor applied to every gradient entry (1 for none), finite
   * @throws IllegalArgumentException if an array is null, the lengths differ from the
   *     optimizer's size, or {@code gradScale} is NaN or infinite; nothing (state included)
   *     is modified then
   */
  void step(float[] params, float[] grads, float gradScale);

  /**
   * Number of updates applied so far.
   *
   * @return the step count {@code t}, 0 before the first step
   */
  long stepCount();

  /**
   * A deep copy of this optimizer, state included, so a run can be forked.
   *
   * @return an independent optimizer in the same state
   */
  Optimizer copy();

  /**
   * Copies of the per-parameter state arrays under stable names, in a fixed order (for
   * checkpoints); together with {@link #stepCount()} they are the whole mutable state.
   *
   * @return a new ordered map from state name to a copy of its array
   */
  Map<String, float[]> stateArrays();

  /**
   * Replaces the whole mutable state with a saved one, so training continues exactly as if it
   * had never stopped.
   *
   * @param steps the saved {@link #stepCount()}, at least 0
   * @param arrays the saved {@link #stateArrays()}: the same names, each array as long as the
   *     parameter vector
   * @throws IllegalArgumentException naming the array whose name or length does not match
   */
  void restoreState(long steps, Map<String, float[]> arrays);

  /**
   * Checks that {@code arrays} holds exactly {@code names}, each of length {@code size}, and
   * returns them in the order of {@code names}; used by implementations of
   * {@link #restoreState}.
   *
   * @param steps the saved step count, {@code >= 0}
   * @param arrays the saved state arrays by name; not modified
   * @param size the required length of every array (the parameter count)
   * @param names the required names, in the order of the result
   * @return the arrays of {@code arrays} (not copies) in the order of {@code names}
   * @throws IllegalArgumentException if {@code steps < 0}, the names differ from
   *     {@code names}, or an array is null or of another length (naming it)
   */
  static float[][] checkState(long steps, Map<String, float[]> arrays, int size,
      String... names) {
    if (steps < 0) {
      throw new IllegalArgumentException("optimizer step count must be >= 0, got " + steps);
    }
    if (arrays == null || !arrays.keySet().equals(Set.of(names))) {
      throw new IllegalArgumentException("optimizer state must hold exactly "
          + List.of(names) + ", got " + (arrays == null ? null : arrays.keySet()));
    }
    float[][] out = new float[names.length][];
    for (int i = 0; i < names.length; i++) {
      float[] a = arrays.get(names[i]);
      if (a == null || a.length != size) {
        throw new IllegalArgumentException("optimizer state " + names[i] + " must have length "
            + size + ", got " + (a == null ? null : a.length));
      }
      out[i] = a;
    }
    return out;
  }
}
