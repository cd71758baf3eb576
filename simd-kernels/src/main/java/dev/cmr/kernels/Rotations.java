package dev.cmr.kernels;

import dev.cmr.kernels.internal.RotationKernels;

/**
 * Plane (Givens) rotations {@code (x, y) <- (c x + s y, -s x + c y)} applied element-wise to
 * two contiguous vectors, or to two columns of a row-major matrix: the inner loops of
 * one-sided Jacobi SVD and of eigenvector accumulation in the implicit QR/QL iteration.
 *
 * <p>{@code c} and {@code s} are usually {@code cos(theta)} and {@code sin(theta)}, but any
 * values are applied as given. Arguments are checked once here ({@link IllegalArgumentException}
 * naming the values); the two vectors must not overlap. Both paths use the same operations in
 * the same order, so vector and scalar results are identical.
 */
public final class Rotations {
  private Rotations() {}

  private static RotationKernels kernels() {
    return Kernels.provider().rotations();
  }

  /**
   * Rotates {@code x[xOffset + i]}, {@code y[yOffset + i]}, {@code i < n}, in place:
   * {@code (x, y) <- (c x + s y, -s x + c y)}; both are modified.
   *
   * @param x first vector, overwritten with {@code c x + s y}
   * @param xOffset index of the first element of {@code x}
   * @param y second vector, overwritten with {@code -s x + c y}
   * @param yOffset index of the first element of {@code y}
   * @param n number of element pairs, {@code >= 0}
   * @param c cosine-like coefficient, applied as given
   * @param s sine-like coefficient, applied as given
   * @throws IllegalArgumentException if {@code n < 0}, a range is outside its array, or the
   *     two ranges overlap; nothing is written then
   */
  public static void rotate(double[] x, int xOffset, double[] y, int yOffset, int n, double c,
      double s) {
    checkPair(x, x.length, xOffset, y, y.length, yOffset, n);
    kernels().rotate(x, xOffset, y, yOffset, n, c, s);
  }

  /**
   * Single precision twin of the double {@code rotate}:
   * {@code (x, y) <- (c x + s y, -s x + c y)} element-wise, in place.
   *
   * @param x first vector, overwritten with {@code c x + s y}
   * @param xOffset index of the first element of {@code x}
   * @param y second vector, overwritten with {@code -s x + c y}
   * @param yOffset index of the first element of {@code y}
   * @param n number of element pairs, {@code >= 0}
   * @param c cosine-like coefficient, applied as given
   * @param s sine-like coefficient, applied as given
   * @throws IllegalArgumentException if {@code n < 0}, a range is outside its array, or the
   *     two ranges overlap; nothing is written then
   */
  public static void rotate(float[] x, int xOffset, float[] y, int yOffset, int n, float c,
      float s) {
    checkPair(x, x.length, xOffset, y, y.length, yOffset, n);
    kernels().rotate(x, xOffset, y, yOffset, n, c, s);
  }

  /**
   * Rotates columns {@code p} (as x) and {@code q} (as y) of the {@code m x n} row-major matrix
   * at {@code aOffset} with leading dimension {@code lda}; only those two columns change:
   * {@code (A[i][p], A[i][q]) <- (c A[i][p] + s A[i][q], -s A[i][p] + c A[i][q])}.
   *
   * @param m rows of A, {@code >= 0}
   * @param n columns of A, {@code >= 0}
   * @param a the matrix, row-major; columns p and q are updated in place
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}, {@code >= max(1, n)}
   * @param p index of the column rotated as x
   * @param q index of the column rotated as y, distinct from {@code p}
   * @param c cosine-like coefficient, applied as given
   * @param s sine-like coefficient, applied as given
   * @throws IllegalArgumentException if the matrix does not fit in {@code a}, or p and q are
   *     equal or outside {@code [0, n)}; nothing is written then
   */
  public static void rotateColumns(int m, int n, double[] a, int aOffset, int lda, int p,
      int q, double c, double s) {
    Shapes.matrix("A", m, n, a.length, aOffset, lda);
    if (p < 0 || p >= n || q < 0 || q >= n || p == q) {
      throw new IllegalArgumentException("columns p and q must be distinct and in [0, " + n
          + "), got p=" + p + ", q=" + q);
    }
    kernels().rotateColumns(m, a, aOffset, lda, p, q, c, s);
  }

  private static void checkPair(Object x, int xLength, int xOffset, Object y, int yLength,
      int yOffset, int n) {
    Shapes.range("x", xLength, xOffset, n);
    Shapes.range("y", yLength, yOffset, n);
    Shapes.disjoint("x", x, xOffset, (long) xOffset + n, "y", y, yOffset, (long) yOffset + n);
  }
}
