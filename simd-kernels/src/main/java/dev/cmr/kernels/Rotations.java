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

  /** Rotates {@code x[xOffset + i]}, {@code y[yOffset + i]}, {@code i < n}; both modified. */
  public static void rotate(double[] x, int xOffset, double[] y, int yOffset, int n, double c,
      double s) {
    checkPair(x, x.length, xOffset, y, y.length, yOffset, n);
    kernels().rotate(x, xOffset, y, yOffset, n, c, s);
  }

  /** Single precision twin of the double {@code rotate}. */
  public static void rotate(float[] x, int xOffset, float[] y, int yOffset, int n, float c,
      float s) {
    checkPair(x, x.length, xOffset, y, y.length, yOffset, n);
    kernels().rotate(x, xOffset, y, yOffset, n, c, s);
  }

  /**
   * Rotates columns {@code p} (as x) and {@code q} (as y) of the {@code m x n} row-major matrix
   * at {@code aOffset} with leading dimension {@code lda}; only those two columns change.
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
