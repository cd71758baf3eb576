package dev.cmr.kernels;

import dev.cmr.kernels.internal.Blas1Kernels;

/**
 * Level-1 vector operations on contiguous ranges of {@code float[]} and {@code double[]}:
 * dot products, {@code y += alpha * x}, scaling, sums of squares and overflow-safe norms.
 *
 * <p>Each range is {@code n} elements starting at an offset. Ranges are checked here; a bad
 * one raises {@link IllegalArgumentException} naming the array, offset, length and size. The
 * work runs on the kernels chosen by {@link Kernels}, on the calling thread. Results repeat
 * bit for bit for a fixed path and vector width; the vector and scalar paths agree to
 * rounding (they sum in different orders).
 */
public final class Blas1 {
  // Limitation: unit stride only; strided vectors (BLAS incx/incy) need a copy first.
  private Blas1() {}

  private static Blas1Kernels kernels() {
    return Kernels.provider().blas1();
  }

  /** Dot product {@code sum_i x[xOffset + i] * y[yOffset + i]}, {@code i < n}. */
  public static float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    checkRange("y", y.length, yOffset, n);
    return kernels().dot(x, xOffset, y, yOffset, n);
  }

  /** Dot product {@code sum_i x[xOffset + i] * y[yOffset + i]}, {@code i < n}. */
  public static double dot(double[] x, int xOffset, double[] y, int yOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    checkRange("y", y.length, yOffset, n);
    return kernels().dot(x, xOffset, y, yOffset, n);
  }

  /** Dot product of two whole arrays of equal length. */
  public static float dot(float[] x, float[] y) {
    checkSameLength(x.length, y.length);
    return kernels().dot(x, 0, y, 0, x.length);
  }

  /** Dot product of two whole arrays of equal length. */
  public static double dot(double[] x, double[] y) {
    checkSameLength(x.length, y.length);
    return kernels().dot(x, 0, y, 0, x.length);
  }

  /** {@code y[yOffset + i] += alpha * x[xOffset + i]} for {@code i < n}; only y is modified. */
  public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    checkRange("y", y.length, yOffset, n);
    kernels().axpy(alpha, x, xOffset, y, yOffset, n);
  }

  /** {@code y[yOffset + i] += alpha * x[xOffset + i]} for {@code i < n}; only y is modified. */
  public static void axpy(double alpha, double[] x, int xOffset, double[] y, int yOffset,
      int n) {
    checkRange("x", x.length, xOffset, n);
    checkRange("y", y.length, yOffset, n);
    kernels().axpy(alpha, x, xOffset, y, yOffset, n);
  }

  /** {@code x[xOffset + i] *= alpha} for {@code i < n}. */
  public static void scale(float alpha, float[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    kernels().scale(alpha, x, xOffset, n);
  }

  /** {@code x[xOffset + i] *= alpha} for {@code i < n}. */
  public static void scale(double alpha, double[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    kernels().scale(alpha, x, xOffset, n);
  }

  /** {@code sum_i x[xOffset + i]^2}; overflows to infinity past about 1e19 per element. */
  public static float sumOfSquares(float[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().sumOfSquares(x, xOffset, n);
  }

  /** {@code sum_i x[xOffset + i]^2}; overflows to infinity past about 1e154 per element. */
  public static double sumOfSquares(double[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().sumOfSquares(x, xOffset, n);
  }

  /** {@code max_i |x[xOffset + i]|}: 0 for an empty range, NaN if any element is NaN. */
  public static float maxAbs(float[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().maxAbs(x, xOffset, n);
  }

  /** {@code max_i |x[xOffset + i]|}: 0 for an empty range, NaN if any element is NaN. */
  public static double maxAbs(double[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().maxAbs(x, xOffset, n);
  }

  /**
   * Euclidean norm {@code sqrt(sum_i x_i^2)} that neither overflows nor underflows when the
   * result is representable: elements are scaled by a power of two near {@code 1/max|x_i|}
   * before squaring. Infinity if any element is infinite, NaN if any is NaN (and none is
   * infinite).
   */
  public static float norm2(float[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().norm2(x, xOffset, n);
  }

  /** Double precision twin of {@link #norm2(float[], int, int)}. */
  public static double norm2(double[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().norm2(x, xOffset, n);
  }

  /** Euclidean norm of a whole array, as {@link #norm2(float[], int, int)}. */
  public static float norm2(float[] x) {
    return kernels().norm2(x, 0, x.length);
  }

  /** Euclidean norm of a whole array, as {@link #norm2(double[], int, int)}. */
  public static double norm2(double[] x) {
    return kernels().norm2(x, 0, x.length);
  }

  private static void checkRange(String name, int length, int offset, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    if (offset < 0 || (long) offset + n > length) {
      throw new IllegalArgumentException(name + " range [" + offset + ", " + ((long) offset + n)
          + ") is outside the array of length " + length);
    }
  }

  private static void checkSameLength(int xLength, int yLength) {
    if (xLength != yLength) {
      throw new IllegalArgumentException(
          "x and y lengths differ: " + xLength + " != " + yLength);
    }
  }
}
