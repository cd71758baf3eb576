package dev.cmr.engine;

/**
 * Exact-spectrum CMR for one weight matrix at a time.
 *
 * <p>Holds reusable workspaces, so an instance is not thread-safe: use one per thread.
 */
public final class CmrRegularizer {
  private final CmrConfig config;

  /** Creates a regularizer with the given constants. */
  public CmrRegularizer(CmrConfig config) {
    this.config = config;
  }

  /** The constants in use. */
  public CmrConfig config() {
    return config;
  }

  /**
   * Returns {@code R_l = alphaEdge * C(W) + alphaMoment * M(W)} and writes {@code dR_l/dW}
   * into {@code gradient} ({@code rows x cols}, row-major, overwritten). {@code lambda} is
   * not applied. {@code w} is not modified.
   */
  public double valueAndGradient(float[] w, int rows, int cols, float[] gradient) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Double precision variant of {@link #valueAndGradient(float[], int, int, float[])}. */
  public double valueAndGradient(double[] w, int rows, int cols, double[] gradient) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Edge and moment terms, singular-value edges and condition number of {@code W}. */
  public LayerSpectrum analyze(float[] w, int rows, int cols) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Double precision variant of {@link #analyze(float[], int, int)}. */
  public LayerSpectrum analyze(double[] w, int rows, int cols) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
