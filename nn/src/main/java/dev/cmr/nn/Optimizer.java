package dev.cmr.nn;

/**
 * A first-order optimizer updating a flat parameter vector in place from a gradient of the
 * same layout (see {@link Mlp}). Implementations keep per-parameter state and are not
 * thread-safe.
 */
public interface Optimizer {
  /** Applies one update: {@code params <- params - step(grads)}; {@code grads} is read only. */
  void step(float[] params, float[] grads);

  /** Number of updates applied so far. */
  long stepCount();

  /** A deep copy of this optimizer, state included, so a run can be forked. */
  Optimizer copy();
}
