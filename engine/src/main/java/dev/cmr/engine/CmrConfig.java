package dev.cmr.engine;

/**
 * Constants of Chebyshev Moment Regularization; {@link #defaults()} gives the published ones.
 *
 * @param eps floor of the smallest Gram eigenvalue in the edge term and of the half-width
 *     {@code d} of the spectral normalization
 * @param maxOrder highest Chebyshev order {@code K} penalized (orders {@code 3..K}), at most
 *     {@link CmrRegularizer#MAX_MOMENT_ORDER}
 * @param beta growth rate of the per-order weights {@code exp(beta (k - 3))}
 * @param alphaEdge weight of the edge term {@code C(W)}
 * @param alphaMoment weight of the moment term {@code M(W)}
 * @param lambda overall strength: {@code L_spec = lambda * R}
 * @param rho cap of the mixing, in {@code [0, 1]}: {@code ||gamma g_spec|| <= rho ||g_task||}
 */
public record CmrConfig(
    double eps, int maxOrder, double beta, double alphaEdge, double alphaMoment,
    double lambda, double rho) {

  /**
   * Validates the constants; see the record components for their meaning.
   *
   * @throws IllegalArgumentException if {@code eps} is not positive and finite,
   *     {@code maxOrder} is outside {@code [2, MAX_MOMENT_ORDER]}, {@code beta} is not finite,
   *     an alpha or {@code lambda} is negative or not finite, or {@code rho} is outside
   *     {@code [0, 1]} (the message names the constant and its value)
   */
  public CmrConfig {
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException("eps must be positive and finite, got " + eps);
    }
    if (maxOrder < 2 || maxOrder > CmrRegularizer.MAX_MOMENT_ORDER) {
      throw new IllegalArgumentException("maxOrder (K) must be in [2, "
          + CmrRegularizer.MAX_MOMENT_ORDER + "], got " + maxOrder);
    }
    requireFinite("beta", beta);
    requireNonNegative("alphaEdge", alphaEdge);
    requireNonNegative("alphaMoment", alphaMoment);
    requireNonNegative("lambda", lambda);
    requireNonNegative("rho", rho);
    if (rho > 1) {
      // above 1 the spectral part may outweigh the task gradient, and the mixed update is
      // no longer guaranteed to be a descent direction for the task
      throw new IllegalArgumentException("rho must be in [0, 1], got " + rho);
    }
  }

  /**
   * The published constants of CMR.md.
   *
   * @return eps 1e-6, K 5, beta 0.15, alphaEdge 1, alphaMoment 0.1, lambda 0.03, rho 0.5
   */
  public static CmrConfig defaults() {
    return new CmrConfig(1e-6, 5, 0.15, 1.0, 0.1, 0.03, 0.5);
  }

  /**
   * A copy with another {@code eps}, so one constant can be changed by name.
   *
   * @param value the new floor, positive and finite
   * @return the new configuration
   * @throws IllegalArgumentException if the value is out of range
   */
  public CmrConfig withEps(double value) {
    return new CmrConfig(value, maxOrder, beta, alphaEdge, alphaMoment, lambda, rho);
  }

  /**
   * A copy with another highest order {@code K}.
   *
   * @param value the new order, in {@code [2, MAX_MOMENT_ORDER]}
   * @return the new configuration
   * @throws IllegalArgumentException if the value is out of range
   */
  public CmrConfig withMaxOrder(int value) {
    return new CmrConfig(eps, value, beta, alphaEdge, alphaMoment, lambda, rho);
  }

  /**
   * A copy with another growth rate {@code beta} of the per-order weights.
   *
   * @param value the new rate, finite
   * @return the new configuration
   * @throws IllegalArgumentException if the value is not finite
   */
  public CmrConfig withBeta(double value) {
    return new CmrConfig(eps, maxOrder, value, alphaEdge, alphaMoment, lambda, rho);
  }

  /**
   * A copy with another edge weight {@code alpha_1}.
   *
   * @param value the new weight, finite and {@code >= 0}
   * @return the new configuration
   * @throws IllegalArgumentException if the value is out of range
   */
  public CmrConfig withAlphaEdge(double value) {
    return new CmrConfig(eps, maxOrder, beta, value, alphaMoment, lambda, rho);
  }

  /**
   * A copy with another moment weight {@code alpha_2}.
   *
   * @param value the new weight, finite and {@code >= 0}
   * @return the new configuration
   * @throws IllegalArgumentException if the value is out of range
   */
  public CmrConfig withAlphaMoment(double value) {
    return new CmrConfig(eps, maxOrder, beta, alphaEdge, value, lambda, rho);
  }

  /**
   * A copy with another overall strength {@code lambda}.
   *
   * @param value the new strength, finite and {@code >= 0}
   * @return the new configuration
   * @throws IllegalArgumentException if the value is out of range
   */
  public CmrConfig withLambda(double value) {
    return new CmrConfig(eps, maxOrder, beta, alphaEdge, alphaMoment, value, rho);
  }

  /**
   * A copy with another mixing cap {@code rho}.
   *
   * @param value the new cap, in {@code [0, 1]}
   * @return the new configuration
   * @throws IllegalArgumentException if the value is out of range
   */
  public CmrConfig withRho(double value) {
    return new CmrConfig(eps, maxOrder, beta, alphaEdge, alphaMoment, lambda, value);
  }

  private static void requireFinite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
  }
}
