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
    double s1 = m.s()[0];
    if (s1 == 0) {
      return 0;
    }
    double sr = m.s()[m.rank() - 1];
    double eps = config.eps();
    double a = 0;
    for (int k = 3; k <= config.maxOrder(); k++) {
      a += 2 * config.alphaMoment() * Math.exp(config.beta() * (k - 3)) * k * k / m.cols();
    }
    double edge = config.alphaEdge() * (1 / s1 + sr / (sr * sr + eps));
    return edge + 2 * a / m.halfWidth(eps) * (m.frobenius() + m.cols() * (s1 + sr));
  }
}
