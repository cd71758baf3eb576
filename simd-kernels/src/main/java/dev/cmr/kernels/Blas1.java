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

  /**
   * Dot product {@code sum_i x[xOffset + i] * y[yOffset + i]}, {@code i < n}, accumulated in
   * {@code float}. Reads only; NaN and infinity propagate as in IEEE arithmetic.
   *
   * @param x first vector; not modified
   * @param xOffset index of the first element of {@code x} to read
   * @param y second vector; not modified
   * @param yOffset index of the first element of {@code y} to read
   * @param n number of elements, {@code >= 0}; 0 gives 0
   * @return the dot product of the two ranges
   * @throws IllegalArgumentException if {@code n < 0} or a range
   *     {@code [offset, offset + n)} is outside its array (the message names it)
   */
  public static float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    checkRange("y", y.length, yOffset, n);
    return kernels().dot(x, xOffset, y, yOffset, n);
  }

  /**
   * Dot product {@code sum_i x[xOffset + i] * y[yOffset + i]}, {@code i < n}, accumulated in
   * {@code double}. Reads only; NaN and infinity propagate as in IEEE arithmetic.
   *
   * @param x first vector; not modified
   * @param xOffset index of the first element of {@code x} to read
   * @param y second vector; not modified
   * @param yOffset index of the first element of {@code y} to read
   * @param n number of elements, {@code >= 0}; 0 gives 0
   * @return the dot product of the two ranges
   * @throws IllegalArgumentException if {@code n < 0} or a range
   *     {@code [offset, offset + n)} is outside its array (the message names it)
   */
  public static double dot(double[] x, int xOffset, double[] y, int yOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    checkRange("y", y.length, yOffset, n);
    return kernels().dot(x, xOffset, y, yOffset, n);
  }

  /**
   * Dot product {@code sum_i x[i] * y[i]} of two whole arrays of equal length.
   *
   * @param x first vector; not modified
   * @param y second vector, as long as {@code x}; not modified
   * @return the dot product, 0 for empty arrays
   * @throws IllegalArgumentException if the lengths differ (both are named in the message)
   */
  public static float dot(float[] x, float[] y) {
    checkSameLength(x.length, y.length);
    return kernels().dot(x, 0, y, 0, x.length);
  }

  /**
   * Dot product {@code sum_i x[i] * y[i]} of two whole arrays of equal length.
   *
   * @param x first vector; not modified
   * @param y second vector, as long as {@code x}; not modified
   * @return the dot product, 0 for empty arrays
   * @throws IllegalArgumentException if the lengths differ (both are named in the message)
   */
  public static double dot(double[] x, double[] y) {
    checkSameLength(x.length, y.length);
    return kernels().dot(x, 0, y, 0, x.length);
  }

  /**
   * {@code y[yOffset + i] += alpha * x[xOffset + i]} for {@code i < n}; only y is modified.
   * The ranges may not alias in a way that makes a written element of {@code y} a later
   * element of {@code x}; identical ranges ({@code y += alpha * y}) are fine.
   *
   * @param alpha scale applied to {@code x}
   * @param x vector added; not modified
   * @param xOffset index of the first element of {@code x} to read
   * @param y vector updated in place
   * @param yOffset index of the first element of {@code y} to update
   * @param n number of elements, {@code >= 0}
   * @throws IllegalArgumentException if {@code n < 0} or a range is outside its array;
   *     nothing is written then
   */
  public static void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    checkRange("y", y.length, yOffset, n);
    kernels().axpy(alpha, x, xOffset, y, yOffset, n);
  }

  /**
   * {@code y[yOffset + i] += alpha * x[xOffset + i]} for {@code i < n}; only y is modified.
   * The ranges may not alias in a way that makes a written element of {@code y} a later
   * element of {@code x}; identical ranges ({@code y += alpha * y}) are fine.
   *
   * @param alpha scale applied to {@code x}
   * @param x vector added; not modified
   * @param xOffset index of the first element of {@code x} to read
   * @param y vector updated in place
   * @param yOffset index of the first element of {@code y} to update
   * @param n number of elements, {@code >= 0}
   * @throws IllegalArgumentException if {@code n < 0} or a range is outside its array;
   *     nothing is written then
   */
  public static void axpy(double alpha, double[] x, int xOffset, double[] y, int yOffset,
      int n) {
    checkRange("x", x.length, xOffset, n);
    checkRange("y", y.length, yOffset, n);
    kernels().axpy(alpha, x, xOffset, y, yOffset, n);
  }

  /**
   * Scales a range in place: {@code x[xOffset + i] *= alpha} for {@code i < n}.
   *
   * @param alpha the factor
   * @param x vector scaled in place
   * @param xOffset index of the first element to scale
   * @param n number of elements, {@code >= 0}
   * @throws IllegalArgumentException if {@code n < 0} or the range is outside {@code x};
   *     nothing is written then
   */
  public static void scale(float alpha, float[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    kernels().scale(alpha, x, xOffset, n);
  }

  /**
   * Scales a range in place: {@code x[xOffset + i] *= alpha} for {@code i < n}.
   *
   * @param alpha the factor
   * @param x vector scaled in place
   * @param xOffset index of the first element to scale
   * @param n number of elements, {@code >= 0}
   * @throws IllegalArgumentException if {@code n < 0} or the range is outside {@code x};
   *     nothing is written then
   */
  public static void scale(double alpha, double[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    kernels().scale(alpha, x, xOffset, n);
  }

  /**
   * Sum of squares {@code sum_i x[xOffset + i]^2} in {@code float}; overflows to infinity
   * past about 1e19 per element (use {@link #norm2(float[], int, int)} when that matters).
   *
   * @param x vector; not modified
   * @param xOffset index of the first element to read
   * @param n number of elements, {@code >= 0}
   * @return the sum of squares, 0 for an empty range
   * @throws IllegalArgumentException if {@code n < 0} or the range is outside {@code x}
   */
  public static float sumOfSquares(float[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().sumOfSquares(x, xOffset, n);
  }

  /**
   * Sum of squares {@code sum_i x[xOffset + i]^2} in {@code double}; overflows to infinity
   * past about 1e154 per element (use {@link #norm2(double[], int, int)} when that matters).
   *
   * @param x vector; not modified
   * @param xOffset index of the first element to read
   * @param n number of elements, {@code >= 0}
   * @return the sum of squares, 0 for an empty range
   * @throws IllegalArgumentException if {@code n < 0} or the range is outside {@code x}
   */
  public static double sumOfSquares(double[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().sumOfSquares(x, xOffset, n);
  }

  /**
   * Largest magnitude {@code max_i |x[xOffset + i]|} of a range.
   *
   * @param x vector; not modified
   * @param xOffset index of the first element to read
   * @param n number of elements, {@code >= 0}
   * @return the largest absolute value: 0 for an empty range, NaN if any element is NaN
   * @throws IllegalArgumentException if {@code n < 0} or the range is outside {@code x}
   */
  public static float maxAbs(float[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().maxAbs(x, xOffset, n);
  }

  /**
   * Largest magnitude {@code max_i |x[xOffset + i]|} of a range.
   *
   * @param x vector; not modified
   * @param xOffset index of the first element to read
   * @param n number of elements, {@code >= 0}
   * @return the largest absolute value: 0 for an empty range, NaN if any element is NaN
   * @throws IllegalArgumentException if {@code n < 0} or the range is outside {@code x}
   */
  public static double maxAbs(double[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().maxAbs(x, xOffset, n);
  }

  /**
   * Euclidean norm {@code sqrt(sum_i x_i^2)} that neither overflows nor underflows when the
   * result is representable: elements are scaled by a power of two near {@code 1/max|x_i|}
   * before squaring. Infinity if any element is infinite, NaN if any is NaN (and none is
   * infinite).
   *
   * @param x vector; not modified
   * @param xOffset index of the first element to read
   * @param n number of elements, {@code >= 0}
   * @return the Euclidean norm of the range, 0 for an empty range
   * @throws IllegalArgumentException if {@code n < 0} or the range is outside {@code x}
   */
  public static float norm2(float[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().norm2(x, xOffset, n);
  }

  /**
   * Double precision twin of {@link #norm2(float[], int, int)}: {@code sqrt(sum_i x_i^2)}
   * without overflow or underflow when the result is representable.
   *
   * @param x vector; not modified
   * @param xOffset index of the first element to read
   * @param n number of elements, {@code >= 0}
   * @return the Euclidean norm of the range, 0 for an empty range
   * @throws IllegalArgumentException if {@code n < 0} or the range is outside {@code x}
   */
  public static double norm2(double[] x, int xOffset, int n) {
    checkRange("x", x.length, xOffset, n);
    return kernels().norm2(x, xOffset, n);
  }

  /**
   * Euclidean norm {@code sqrt(sum_i x[i]^2)} of a whole array, overflow-safe as
   * {@link #norm2(float[], int, int)}.
   *
   * @param x vector; not modified
   * @return the Euclidean norm, 0 for an empty array
   */
  public static float norm2(float[] x) {
    return kernels().norm2(x, 0, x.length);
  }

  /**
   * Euclidean norm {@code sqrt(sum_i x[i]^2)} of a whole array, overflow-safe as
   * {@link #norm2(double[], int, int)}.
   *
   * @param x vector; not modified
   * @return the Euclidean norm, 0 for an empty array
   */
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
