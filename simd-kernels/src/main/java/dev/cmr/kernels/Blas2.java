package dev.cmr.kernels;

import dev.cmr.kernels.internal.Blas2Kernels;

/**
 * Level-2 operations on row-major matrices: {@code y = alpha op(A) x + beta y}, the rank-1
 * update {@code A += alpha x y^T} and the symmetric rank-2 update
 * {@code A += alpha (x y^T + y x^T)}.
 *
 * <p>A matrix is an array with an offset and a leading dimension {@code lda} (row stride,
 * {@code >= cols}); vectors are contiguous ranges. Arguments are checked once here: a bad
 * dimension, stride, offset or an overlap between the written and the read arguments raises
 * {@link IllegalArgumentException} naming the values. The work runs on the kernels chosen by
 * {@link Kernels}, on the calling thread. Vector and scalar paths agree to rounding.
 */
public final class Blas2 {
  private Blas2() {}

  private static Blas2Kernels kernels() {
    return Kernels.provider().blas2();
  }

  /**
   * {@code y = alpha A x + beta y} ({@code trans == false}; x has n elements, y has m) or
   * {@code y = alpha A^T x + beta y} ({@code trans == true}; x has m, y has n), with A
   * {@code m x n}. {@code beta == 0} ignores the prior y. Only y is modified.
   *
   * @param trans multiply by {@code A^T} instead of {@code A}
   * @param m rows of A, {@code >= 0}
   * @param n columns of A, {@code >= 0}
   * @param alpha scale of the product
   * @param a matrix A ({@code m x n}, row-major); not modified
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}, {@code >= max(1, n)}
   * @param x input vector ({@code n} elements, or {@code m} when {@code trans}); not
   *     modified
   * @param xOffset index of the first element of {@code x}
   * @param beta scale of the prior {@code y}; 0 ignores it
   * @param y output vector ({@code m} elements, or {@code n} when {@code trans}),
   *     overwritten
   * @param yOffset index of the first element of {@code y}
   * @throws IllegalArgumentException if a dimension or offset is negative, {@code lda} is too
   *     small, a range does not fit in its array, or the {@code y} range overlaps the read
   *     range of {@code a} or {@code x}; {@code y} is untouched then
   */
  public static void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOffset,
      int lda, double[] x, int xOffset, double beta, double[] y, int yOffset) {
    checkGemv(trans, m, n, a, a.length, aOffset, lda, x, x.length, xOffset, y, y.length,
        yOffset);
    kernels().gemv(trans, m, n, alpha, a, aOffset, lda, x, xOffset, beta, y, yOffset);
  }

  /**
   * Single precision twin of the double {@code gemv}: {@code y = alpha op(A) x + beta y} with
   * A {@code m x n} and {@code op(A) = trans ? A^T : A}. Only y is modified.
   *
   * @param trans multiply by {@code A^T} instead of {@code A}
   * @param m rows of A, {@code >= 0}
   * @param n columns of A, {@code >= 0}
   * @param alpha scale of the product
   * @param a matrix A ({@code m x n}, row-major); not modified
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}, {@code >= max(1, n)}
   * @param x input vector ({@code n} elements, or {@code m} when {@code trans}); not
   *     modified
   * @param xOffset index of the first element of {@code x}
   * @param beta scale of the prior {@code y}; 0 ignores it
   * @param y output vector ({@code m} elements, or {@code n} when {@code trans}),
   *     overwritten
   * @param yOffset index of the first element of {@code y}
   * @throws IllegalArgumentException if a dimension or offset is negative, {@code lda} is too
   *     small, a range does not fit in its array, or the {@code y} range overlaps the read
   *     range of {@code a} or {@code x}; {@code y} is untouched then
   */
  public static void gemv(boolean trans, int m, int n, float alpha, float[] a, int aOffset,
      int lda, float[] x, int xOffset, float beta, float[] y, int yOffset) {
    checkGemv(trans, m, n, a, a.length, aOffset, lda, x, x.length, xOffset, y, y.length,
        yOffset);
    kernels().gemv(trans, m, n, alpha, a, aOffset, lda, x, xOffset, beta, y, yOffset);
  }

  /**
   * Rank-1 update {@code A += alpha x y^T} with A {@code m x n}, x of m and y of n elements.
   * Only A is modified.
   *
   * @param m rows of A and length of x, {@code >= 0}
   * @param n columns of A and length of y, {@code >= 0}
   * @param alpha scale of the outer product
   * @param x column vector ({@code m} elements); not modified
   * @param xOffset index of the first element of {@code x}
   * @param y row vector ({@code n} elements); not modified
   * @param yOffset index of the first element of {@code y}
   * @param a matrix A ({@code m x n}, row-major), updated in place
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}, {@code >= max(1, n)}
   * @throws IllegalArgumentException if a dimension or offset is negative, {@code lda} is too
   *     small, a range does not fit in its array, or the block of A overlaps x or y; A is
   *     untouched then
   */
  public static void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y,
      int yOffset, double[] a, int aOffset, int lda) {
    checkGer(m, n, x, x.length, xOffset, y, y.length, yOffset, a, a.length, aOffset, lda);
    kernels().ger(m, n, alpha, x, xOffset, y, yOffset, a, aOffset, lda);
  }

  /**
   * Single precision twin of the double {@code ger}: {@code A += alpha x y^T} with A
   * {@code m x n}. Only A is modified.
   *
   * @param m rows of A and length of x, {@code >= 0}
   * @param n columns of A and length of y, {@code >= 0}
   * @param alpha scale of the outer product
   * @param x column vector ({@code m} elements); not modified
   * @param xOffset index of the first element of {@code x}
   * @param y row vector ({@code n} elements); not modified
   * @param yOffset index of the first element of {@code y}
   * @param a matrix A ({@code m x n}, row-major), updated in place
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}, {@code >= max(1, n)}
   * @throws IllegalArgumentException if a dimension or offset is negative, {@code lda} is too
   *     small, a range does not fit in its array, or the block of A overlaps x or y; A is
   *     untouched then
   */
  public static void ger(int m, int n, float alpha, float[] x, int xOffset, float[] y,
      int yOffset, float[] a, int aOffset, int lda) {
    checkGer(m, n, x, x.length, xOffset, y, y.length, yOffset, a, a.length, aOffset, lda);
    kernels().ger(m, n, alpha, x, xOffset, y, yOffset, a, aOffset, lda);
  }

  /**
   * {@code A += alpha (x y^T + y x^T)} on the full {@code n x n} block (both triangles), the
   * trailing-block update of Householder tridiagonalization. Only A is modified; a symmetric
   * A stays symmetric.
   *
   * @param n order of A and length of x and y, {@code >= 0}
   * @param alpha scale of the symmetric rank-2 term
   * @param x first vector ({@code n} elements); not modified
   * @param xOffset index of the first element of {@code x}
   * @param y second vector ({@code n} elements); not modified
   * @param yOffset index of the first element of {@code y}
   * @param a matrix A ({@code n x n}, row-major), updated in place
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}, {@code >= max(1, n)}
   * @throws IllegalArgumentException if {@code n} or an offset is negative, {@code lda} is too
   *     small, a range does not fit, or the block of A overlaps x or y; A is untouched then
   */
  public static void syr2(int n, double alpha, double[] x, int xOffset, double[] y,
      int yOffset, double[] a, int aOffset, int lda) {
    checkGer(n, n, x, x.length, xOffset, y, y.length, yOffset, a, a.length, aOffset, lda);
    kernels().syr2(n, alpha, x, xOffset, y, yOffset, a, aOffset, lda);
  }

  private static void checkGemv(boolean trans, int m, int n, Object a, int aLength,
      int aOffset, int lda, Object x, int xLength, int xOffset, Object y, int yLength,
      int yOffset) {
    Shapes.matrix("A", m, n, aLength, aOffset, lda);
    int xn = trans ? m : n;
    int yn = trans ? n : m;
    Shapes.range("x", xLength, xOffset, xn);
    Shapes.range("y", yLength, yOffset, yn);
    long aEnd = Shapes.end(aOffset, m, n, lda);
    Shapes.disjoint("y", y, yOffset, (long) yOffset + yn, "A", a, aOffset, aEnd);
    Shapes.disjoint("y", y, yOffset, (long) yOffset + yn, "x", x, xOffset, (long) xOffset + xn);
  }

  private static void checkGer(int m, int n, Object x, int xLength, int xOffset, Object y,
      int yLength, int yOffset, Object a, int aLength, int aOffset, int lda) {
    Shapes.matrix("A", m, n, aLength, aOffset, lda);
    Shapes.range("x", xLength, xOffset, m);
    Shapes.range("y", yLength, yOffset, n);
    long aEnd = Shapes.end(aOffset, m, n, lda);
    Shapes.disjoint("A", a, aOffset, aEnd, "x", x, xOffset, (long) xOffset + m);
    Shapes.disjoint("A", a, aOffset, aEnd, "y", y, yOffset, (long) yOffset + n);
  }
}
