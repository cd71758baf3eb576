package dev.cmr.nn.cli;

import dev.cmr.engine.NoConvergenceException;
import dev.cmr.engine.Svd;

/** Singular values of the weight matrices in a flat parameter vector (layout of an MLP). */
final class Spectra {
  private Spectra() {}

  /** Offset of {@code W_l} in the flat vector of a network with {@code widths}. */
  static int weightOffset(int[] widths, int l) {
    int offset = 0;
    for (int k = 0; k < l; k++) {
      offset += widths[k + 1] * widths[k] + widths[k + 1];
    }
    return offset;
  }

  /** A copy of {@code W_l} ({@code widths[l+1] x widths[l]}, row-major). */
  static float[] weights(float[] parameters, int[] widths, int l) {
    int n = widths[l + 1] * widths[l];
    float[] w = new float[n];
    System.arraycopy(parameters, weightOffset(widths, l), w, 0, n);
    return w;
  }

  /**
   * The singular values of every layer, descending, by one-sided Jacobi SVD; a layer whose
   * weights are not finite (a diverged run) gets null.
   */
  static double[][] singularValues(float[] parameters, int[] widths) {
    double[][] s = new double[widths.length - 1][];
    for (int l = 0; l < s.length; l++) {
      try {
        s[l] = Svd.decompose(weights(parameters, widths, l), widths[l + 1], widths[l], false,
            false).singularValues();
      } catch (IllegalArgumentException | NoConvergenceException e) {
        s[l] = null;
      }
    }
    return s;
  }
}
