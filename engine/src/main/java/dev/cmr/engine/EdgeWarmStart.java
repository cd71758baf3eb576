package dev.cmr.engine;

/**
 * The edge Ritz vectors of one layer from its previous matrix-free step, the warm start of the
 * next Lanczos run ({@link MatrixFreeCmr}). Empty until the first step; cleared by
 * {@link #clear()}.
 *
 * <p>This is state carried from step to step: a training loop that must resume bit-identically
 * either keeps it in its checkpoint or clears it wherever a resumed run may start (the
 * kappa-stress trainer clears it at every epoch start, where its checkpoints are taken).
 * Not thread-safe; use one per layer.
 */
public final class EdgeWarmStart {
  private double[] vectorMax;
  private double[] vectorMin;

  /** An empty warm start: the next run starts cold. */
  public EdgeWarmStart() {}

  /** Forgets the stored vectors, so the next run starts cold. */
  public void clear() {
    vectorMax = null;
    vectorMin = null;
  }

  /**
   * Whether no vectors are stored.
   *
   * @return true before the first step and after {@link #clear()}
   */
  public boolean isEmpty() {
    return vectorMax == null;
  }

  /** The stored start vectors for an operator on {@code R^n}, or null when none fit. */
  double[][] vectors(int n) {
    if (vectorMax == null || vectorMax.length != n) {
      return null;
    }
    return vectorMin == null ? new double[][] {vectorMax} : new double[][] {vectorMax,
        vectorMin};
  }

  /** Stores copies of the new edge vectors ({@code min} may be null). */
  void store(double[] max, double[] min) {
    vectorMax = max.clone();
    vectorMin = min == null ? null : min.clone();
  }
}
