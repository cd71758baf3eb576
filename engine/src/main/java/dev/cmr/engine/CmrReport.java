package dev.cmr.engine;

import java.util.Arrays;

/**
 * What one {@link CmrLayers#applyTo} step did: the mixing factor, the regularizer and the
 * per-layer figures (CMR.md, section 6).
 *
 * <p>The arrays are copied on construction and on access, so an instance is immutable and
 * safe to share between threads; equality compares the arrays by content.
 *
 * @param gamma the mixing factor
 *     {@code gamma = min(1, rho ||g_task|| / (||g_spec|| + 1e-12))}, in {@code [0, 1]}
 * @param regularizer {@code R = sum_l R_l}, the sum of the layer regularizers (without
 *     {@code lambda})
 * @param spectralLoss {@code L_spec = lambda * R}
 * @param taskNorm {@code ||g_task||}, the global L2 norm of every task gradient passed in
 *     (biases and other parameters included), before mixing
 * @param spectralNorm {@code ||g_spec|| = lambda ||dR/dW||}, global L2 norm over all layers
 * @param layerRegularizers {@code R_l = alphaEdge * C(W_l) + alphaMoment * M(W_l)} per layer
 * @param conditionNumbers {@code kappa_l = s_1 / (s_r + 1e-8)} per layer, from the Gram
 *     eigenvalues the gradient was computed from (see {@link CmrLayers#applyTo} on accuracy);
 *     for a matrix-free layer from the Lanczos edge estimates, and NaN when that layer is wider
 *     than tall (its smallest nonzero singular value is not estimated)
 */
public record CmrReport(
    double gamma, double regularizer, double spectralLoss, double taskNorm,
    double spectralNorm, double[] layerRegularizers, double[] conditionNumbers) {

  /**
   * Copies both arrays.
   *
   * @throws IllegalArgumentException if an array is null or the two differ in length
   */
  public CmrReport {
    if (layerRegularizers == null || conditionNumbers == null) {
      throw new IllegalArgumentException((layerRegularizers == null ? "layerRegularizers"
          : "conditionNumbers") + " must not be null");
    }
    if (layerRegularizers.length != conditionNumbers.length) {
      throw new IllegalArgumentException("layerRegularizers and conditionNumbers must have "
          + "the same length, got " + layerRegularizers.length + " and "
          + conditionNumbers.length);
    }
    layerRegularizers = layerRegularizers.clone();
    conditionNumbers = conditionNumbers.clone();
  }

  /**
   * {@code R_l} per layer (a copy).
   *
   * @return one value per weight matrix, in the order of the weights list
   */
  @Override
  public double[] layerRegularizers() {
    return layerRegularizers.clone();
  }

  /**
   * {@code kappa_l} per layer (a copy).
   *
   * @return one value per weight matrix, in the order of the weights list
   */
  @Override
  public double[] conditionNumbers() {
    return conditionNumbers.clone();
  }

  /**
   * The number of layers reported.
   *
   * @return the length of {@link #conditionNumbers()}
   */
  public int layerCount() {
    return conditionNumbers.length;
  }

  /**
   * The mean of the per-layer condition numbers, the headline figure of CMR.md section 7.
   *
   * @return {@code (1/L) sum_l kappa_l}, or NaN when no layer is reported
   */
  public double meanConditionNumber() {
    double sum = 0;
    for (double kappa : conditionNumbers) {
      sum += kappa;
    }
    return conditionNumbers.length == 0 ? Double.NaN : sum / conditionNumbers.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CmrReport o
        && Double.compare(gamma, o.gamma) == 0 && Double.compare(regularizer, o.regularizer) == 0
        && Double.compare(spectralLoss, o.spectralLoss) == 0
        && Double.compare(taskNorm, o.taskNorm) == 0
        && Double.compare(spectralNorm, o.spectralNorm) == 0
        && Arrays.equals(layerRegularizers, o.layerRegularizers)
        && Arrays.equals(conditionNumbers, o.conditionNumbers);
  }

  @Override
  public int hashCode() {
    int h = Double.hashCode(gamma);
    h = 31 * h + Double.hashCode(regularizer);
    h = 31 * h + Double.hashCode(spectralLoss);
    h = 31 * h + Double.hashCode(taskNorm);
    h = 31 * h + Double.hashCode(spectralNorm);
    h = 31 * h + Arrays.hashCode(layerRegularizers);
    return 31 * h + Arrays.hashCode(conditionNumbers);
  }

  @Override
  public String toString() {
    return "CmrReport[gamma=" + gamma + ", regularizer=" + regularizer + ", spectralLoss="
        + spectralLoss + ", taskNorm=" + taskNorm + ", spectralNorm=" + spectralNorm
        + ", layerRegularizers=" + Arrays.toString(layerRegularizers) + ", conditionNumbers="
        + Arrays.toString(conditionNumbers) + "]";
  }
}
