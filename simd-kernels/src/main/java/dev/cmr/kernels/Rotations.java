package dev.cmr.kernels;

import dev.cmr.kernels.internal.RotationKernels;
import dev.cmr.kernels.internal.ScaledRotations;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Plane (Givens) rotations {@code (x, y) <- (c x + s y, -s x + c y)} applied element-wise to
 * two contiguous vectors, or to two columns of a row-major matrix: the inner loops of
 * one-sided Jacobi SVD and of eigenvector accumulation in the implicit QR/QL iteration.
 *
 * <p>{@code c} and {@code s} are usually {@code cos(theta)} and {@code sin(theta)}, but any
 * values are applied as given. Arguments are checked once here ({@link IllegalArgumentException}
 * naming the values); the two vectors must not overlap. Both paths use the same operations in
 * the same order, so vector and scalar results are identical, except for
 * {@link #rotateChain}, whose paths agree to rounding.
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

  /**
   * Applies a chain of {@code count} rotations of adjacent rows of {@code z}, in order, to
   * columns {@code 0..cols-1}: rotation {@code t} is {@link #rotate(double[], int, double[],
   * int, int, double, double) rotate} of rows {@code r} (as x) and {@code r + 1} (as y) with
   * {@code (c[csOffset + t], s[csOffset + t])}, where {@code r = k + t}, or {@code r = k - t}
   * when {@code descending}: one sweep of a QR iteration applied to its vectors.
   *
   * <p>The rotations run as scaled (square-root-free) rotations with the row shared by
   * consecutive rotations kept in registers, which halves the memory traffic and the
   * arithmetic; the results agree with rotation by rotation to rounding, not bit for bit
   * (error bounds as for ordinary rotations). Limitation: rows are held scaled by up to
   * {@code 2^308} on the way, so entries above about {@code 2^700} in magnitude may overflow.
   *
   * @param z the rows; those of the chain must be distinct arrays of length {@code >= cols}
   * @param k the first row of the first rotation
   * @param count number of rotations, {@code >= 0}
   * @param descending whether rotation {@code t} takes rows {@code k - t, k - t + 1} (else
   *     {@code k + t, k + t + 1})
   * @param c cosine-like coefficients, applied as given
   * @param s sine-like coefficients, applied as given
   * @param csOffset index of the first rotation's coefficients in {@code c} and {@code s}
   * @param cols number of columns to rotate, {@code >= 0}
   * @throws IllegalArgumentException if a count is negative, a row of the chain is outside
   *     {@code z}, null, shorter than {@code cols} or the same array as another of its rows, or
   *     the coefficients are outside {@code c} or {@code s}; nothing is written then
   */
  public static void rotateChain(double[][] z, int k, int count, boolean descending,
      double[] c, double[] s, int csOffset, int cols) {
    Shapes.nonNegative("count", count);
    Shapes.nonNegative("cols", cols);
    Shapes.range("c", c.length, csOffset, count);
    Shapes.range("s", s.length, csOffset, count);
    if (count == 0) {
      return;
    }
    int first = descending ? k - count + 1 : k;
    if (first < 0 || (long) first + count >= z.length) {
      throw new IllegalArgumentException("the chain's rows [" + first + ", "
          + ((long) first + count) + "] must lie in [0, " + (z.length - 1) + "]");
    }
    Set<double[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int r = first; r <= first + count; r++) {
      if (z[r] == null || z[r].length < cols) {
        throw new IllegalArgumentException("row " + r + " must have length >= " + cols
            + ", got " + (z[r] == null ? "null" : String.valueOf(z[r].length)));
      }
      if (!seen.add(z[r])) {
        throw new IllegalArgumentException("row " + r + " is the same array as an earlier row "
            + "of the chain");
      }
    }
    double[] scale = new double[z.length];
    Arrays.fill(scale, first, first + count + 1, 1);
    ScaledRotations.apply(Kernels.provider(), z, scale, k, count, descending, c, s, csOffset,
        cols, new double[4 * count]);
    ScaledRotations.fold(Kernels.provider(), z, scale, first, first + count + 1, cols);
  }

  private static void checkPair(Object x, int xLength, int xOffset, Object y, int yLength,
      int yOffset, int n) {
    Shapes.range("x", xLength, xOffset, n);
    Shapes.range("y", yLength, yOffset, n);
    Shapes.disjoint("x", x, xOffset, (long) xOffset + n, "y", y, yOffset, (long) yOffset + n);
  }
}
