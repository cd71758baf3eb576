package dev.cmr.kernels.internal;

import dev.cmr.kernels.Blas1;

/**
 * The level-1 kernel family on contiguous (unit stride) ranges of arrays.
 *
 * <p>Implementations assume arguments were validated by {@link Blas1}; they keep no state, so
 * one instance may be used from several threads at once. Reductions use a fixed summation
 * order for a given implementation and vector width, so results repeat bit for bit.
 */
public interface Blas1Kernels {

  /** Returns {@code sum_i x[xOffset + i] * y[yOffset + i]} over {@code i < n}. */
  float dot(float[] x, int xOffset, float[] y, int yOffset, int n);

  /** Returns {@code sum_i x[xOffset + i] * y[yOffset + i]} over {@code i < n}. */
  double dot(double[] x, int xOffset, double[] y, int yOffset, int n);

  /** Computes {@code y[yOffset + i] += alpha * x[xOffset + i]} for {@code i < n}. */
  void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n);

  /** Computes {@code y[yOffset + i] += alpha * x[xOffset + i]} for {@code i < n}. */
  void axpy(double alpha, double[] x, int xOffset, double[] y, int yOffset, int n);

  /** Computes {@code x[xOffset + i] *= alpha} for {@code i < n}. */
  void scale(float alpha, float[] x, int xOffset, int n);

  /** Computes {@code x[xOffset + i] *= alpha} for {@code i < n}. */
  void scale(double alpha, double[] x, int xOffset, int n);

  /** Returns {@code sum_i x[xOffset + i]^2}; may overflow, unlike {@link #norm2}. */
  float sumOfSquares(float[] x, int xOffset, int n);

  /** Returns {@code sum_i x[xOffset + i]^2}; may overflow, unlike {@link #norm2}. */
  double sumOfSquares(double[] x, int xOffset, int n);

  /** Returns {@code max_i |x[xOffset + i]|} (NaN if any element is NaN, 0 when {@code n == 0}). */
  float maxAbs(float[] x, int xOffset, int n);

  /** Returns {@code max_i |x[xOffset + i]|} (NaN if any element is NaN, 0 when {@code n == 0}). */
  double maxAbs(double[] x, int xOffset, int n);

  /**
   * Euclidean norm {@code sqrt(sum_i x_i^2)} without spurious overflow or underflow: the
   * elements are scaled by a power of two near {@code 1 / max|x_i|} (exact, no rounding),
   * squared and summed, and the root is scaled back.
   */
  default float norm2(float[] x, int xOffset, int n) {
    float max = maxAbs(x, xOffset, n);
    if (max == 0f || !Float.isFinite(max)) {
      return max;
    }
    int e = Math.getExponent(max);
    float down = Math.scalb(1f, -e);
    float sum = scaledSumOfSquares(x, xOffset, n, down);
    return (float) Math.sqrt(sum) * Math.scalb(1f, e);
  }

  /** Euclidean norm of doubles, computed as in {@link #norm2(float[], int, int)}. */
  default double norm2(double[] x, int xOffset, int n) {
    double max = maxAbs(x, xOffset, n);
    if (max == 0.0 || !Double.isFinite(max)) {
      return max;
    }
    int e = Math.getExponent(max);
    double down = Math.scalb(1.0, -e);
    double sum = scaledSumOfSquares(x, xOffset, n, down);
    return Math.sqrt(sum) * Math.scalb(1.0, e);
  }

  /** Returns {@code sum_i (s * x[xOffset + i])^2}, the inner step of {@link #norm2}. */
  float scaledSumOfSquares(float[] x, int xOffset, int n, float s);

  /** Returns {@code sum_i (s * x[xOffset + i])^2}, the inner step of {@link #norm2}. */
  double scaledSumOfSquares(double[] x, int xOffset, int n, double s);
}
