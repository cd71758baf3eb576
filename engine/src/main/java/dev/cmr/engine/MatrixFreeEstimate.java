package dev.cmr.engine;

/**
 * What one matrix-free step estimated for a layer ({@link MatrixFreeCmr}).
 *
 * <p>The moment array is copied on construction and on access, so an instance is immutable.
 *
 * @param lambdaMax Lanczos estimate of the largest Gram eigenvalue (from below)
 * @param lambdaMin Lanczos estimate of the smallest (from above); exactly 0 when
 *     {@code in > out}
 * @param edgeTerm {@code C(W)} at the estimated edges
 * @param moments Hutchinson estimates {@code moments[k]} of {@code m_k(W)}, {@code k = 0..K}
 *     ({@code m_0 = 1} exactly), at the estimated normalization
 * @param standardErrors their standard errors across the probes (sample standard deviation
 *     over {@code sqrt(probes)}; 0 for {@code k = 0})
 * @param momentPenalty {@code sum_k exp(beta (k-3)) m_k^2} of the estimated moments
 * @param regularizer {@code alphaEdge * C + alphaMoment * M} (without {@code lambda})
 * @param lanczosIterations operator applications of the edge search
 * @param edgesConverged whether the Lanczos stopping criterion was met
 */
public record MatrixFreeEstimate(double lambdaMax, double lambdaMin, double edgeTerm,
    double[] moments, double[] standardErrors, double momentPenalty, double regularizer,
    int lanczosIterations, boolean edgesConverged) {

  /**
   * Copies the arrays.
   *
   * @throws IllegalArgumentException if an array is null
   */
  public MatrixFreeEstimate {
    if (moments == null || standardErrors == null) {
      throw new IllegalArgumentException("moments and standardErrors must not be null");
    }
    moments = moments.clone();
    standardErrors = standardErrors.clone();
  }

  /**
   * The moment estimates.
   *
   * @return {@code m_k} for {@code k = 0..K} (a copy)
   */
  @Override
  public double[] moments() {
    return moments.clone();
  }

  /**
   * The standard errors of the moment estimates.
   *
   * @return one per order {@code 0..K} (a copy)
   */
  @Override
  public double[] standardErrors() {
    return standardErrors.clone();
  }
}
