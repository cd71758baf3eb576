package dev.cmr.engine;

import java.util.Arrays;

/**
 * CMR's view of one weight matrix {@code W} ({@code out x in}), from its exact spectrum.
 *
 * <p>The moments array is copied on construction and on access, so an instance is immutable;
 * equality compares the moments by content.
 *
 * @param rows {@code out}
 * @param cols {@code in}
 * @param sMax largest singular value {@code s_1}
 * @param sMin smallest singular value {@code s_r}, {@code r = min(out, in)}
 * @param conditionNumber the metric {@code kappa = s_1 / (s_r + 1e-8)}
 * @param edgeTerm {@code C(W)}
 * @param moments {@code moments[k] = m_k(W)} for {@code k = 0..K}
 * @param momentPenalty {@code M(W)}
 * @param regularizer {@code alphaEdge * C + alphaMoment * M} (without {@code lambda})
 */
public record LayerSpectrum(
    int rows, int cols, double sMax, double sMin, double conditionNumber,
    double edgeTerm, double[] moments, double momentPenalty, double regularizer) {

  /**
   * Copies {@code moments}.
   *
   * @throws IllegalArgumentException if {@code moments} is null
   */
  public LayerSpectrum {
    if (moments == null) {
      throw new IllegalArgumentException("moments must not be null");
    }
    moments = moments.clone();
  }

  /**
   * The Chebyshev moments of the normalized Gram spectrum.
   *
   * @return {@code m_k(W)} for {@code k = 0..K}, as a new array the caller may modify
   */
  @Override
  public double[] moments() {
    return moments.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LayerSpectrum o
        && rows == o.rows && cols == o.cols
        && Double.compare(sMax, o.sMax) == 0 && Double.compare(sMin, o.sMin) == 0
        && Double.compare(conditionNumber, o.conditionNumber) == 0
        && Double.compare(edgeTerm, o.edgeTerm) == 0 && Arrays.equals(moments, o.moments)
        && Double.compare(momentPenalty, o.momentPenalty) == 0
        && Double.compare(regularizer, o.regularizer) == 0;
  }

  @Override
  public int hashCode() {
    int h = Integer.hashCode(rows);
    h = 31 * h + Integer.hashCode(cols);
    h = 31 * h + Double.hashCode(sMax);
    h = 31 * h + Double.hashCode(sMin);
    h = 31 * h + Double.hashCode(conditionNumber);
    h = 31 * h + Double.hashCode(edgeTerm);
    h = 31 * h + Arrays.hashCode(moments);
    h = 31 * h + Double.hashCode(momentPenalty);
    return 31 * h + Double.hashCode(regularizer);
  }

  @Override
  public String toString() {
    return "LayerSpectrum[rows=" + rows + ", cols=" + cols + ", sMax=" + sMax + ", sMin=" + sMin
        + ", conditionNumber=" + conditionNumber + ", edgeTerm=" + edgeTerm + ", moments="
        + Arrays.toString(moments) + ", momentPenalty=" + momentPenalty + ", regularizer="
        + regularizer + "]";
  }
}
