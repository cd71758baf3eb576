package dev.cmr.properties;

import dev.cmr.engine.CmrConfig;

/**
 * The size the regularizer's gradient can have, from the prescribed spectrum alone: the
 * engine's documented bound (CMR.md section 4, {@code CmrRegularizer} class comment) with
 * {@code |m_k| <= 1}:
 * <pre>
 *   B = alpha_1 (1/s_1 + s_r/(s_r^2 + eps)) + (2 A / d) (||W||_F + in (s_1 + s_r)),
 *   A = sum_{k=3..K} 2 alpha_2 exp(beta (k-3)) k^2 / in
 * </pre>
 * Rounding errors and cancellations inside the gradient are relative to {@code B}, not to
 * the gradient itself, which can vanish (a row vector's moments do not depend on it).
 */
final class GradientScale {
  private GradientScale() {}

  /** {@code B} for the configuration and case; 0 for the zero matrix. */
  static double of(CmrConfig config, MatrixCase m) {
    return of(config, m.s(), m.rows(), m.cols(), m.frobenius());
  }

  /**
   * {@code B} from singular values {@code s} (descending) of a {@code rows x cols} matrix with
   * Frobenius norm {@code frobenius}; 0 when {@code s_1 = 0}.
   */
  static double of(CmrConfig config, double[] s, int rows, int cols, double frobenius) {
    double s1 = s[0];
    if (s1 == 0) {
      return 0;
    }
    double sr = s[s.length - 1];
    double eps = config.eps();
    double lambdaMin = cols > rows ? 0 : sr * sr;
    double d = Math.max(0.5 * (s1 * s1 - lambdaMin), eps);
    double a = 0;
    for (int k = 3; k <= config.maxOrder(); k++) {
      a += 2 * config.alphaMoment() * Math.exp(config.beta() * (k - 3)) * k * k / cols;
    }
    double edge = config.alphaEdge() * (1 / s1 + sr / (sr * sr + eps));
    return edge + 2 * a / d * (frobenius + cols * (s1 + sr));
  }
}
