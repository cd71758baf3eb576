package dev.cmr.kernels;

import dev.cmr.kernels.internal.ReflectorKernels;

/**
 * Applies a Householder reflector {@code H = I - tau v v^T} to a block of a row-major matrix,
 * from the left ({@code H A}) or from the right ({@code A H}): the update step of Householder
 * QR, tridiagonalization and bidiagonalization (Golub and Van Loan, <i>Matrix
 * Computations</i>, 4th ed., section 5.1.4).
 *
 * <p>The block is rows {@code [r0, r1)} and columns {@code [c0, c1)} of the matrix at
 * {@code aOffset} with leading dimension {@code lda >= c1}. From the left {@code H A = A - tau
 * v (A^T v)^T} costs one pass to form {@code w = A^T v} into the caller's {@code work} and one
 * rank-1 update; from the right each row is updated in place,
 * {@code row -= tau (row . v) v}. {@code v} may be stored in the same array as A (for instance
 * in a row above the block) as long as it does not overlap the block. Arguments are checked
 * once here ({@link IllegalArgumentException} naming the values).
 */
public final class Householder {
  private Householder() {}

  private static ReflectorKernels kernels() {
    return Kernels.provider().reflectors();
  }

  /**
   * {@code A[r0:r1, c0:c1] <- (I - tau v v^T) A[r0:r1, c0:c1]} with {@code v} of
   * {@code r1 - r0} elements; {@code work} needs {@code c1 - c0} elements at
   * {@code workOffset}. A and work are modified; v is not. {@code tau = 0} leaves A as it is
   * (the identity reflector). Not thread-safe on a shared A or work.
   *
   * @param tau reflector scale, usually {@code 2 / (v . v)} or 0
   * @param v Householder vector ({@code r1 - r0} elements); not modified
   * @param vOffset index of the first element of {@code v}
   * @param a the matrix array holding the block, updated in place
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}, {@code >= max(1, c1)}
   * @param r0 first row of the block, {@code >= 0}
   * @param r1 one past the last row of the block, {@code >= r0}
   * @param c0 first column of the block, {@code >= 0}
   * @param c1 one past the last column of the block, {@code >= c0}
   * @param work scratch for {@code w = A^T v} ({@code c1 - c0} elements), overwritten
   * @param workOffset index of the first scratch element
   * @throws IllegalArgumentException if the block bounds are not
   *     {@code 0 <= r0 <= r1, 0 <= c0 <= c1}, the matrix, v or work do not fit in their
   *     arrays, or v or work overlap the block (or each other); nothing is written then
   */
  public static void applyLeft(double tau, double[] v, int vOffset, double[] a, int aOffset,
      int lda, int r0, int r1, int c0, int c1, double[] work, int workOffset) {
    long[] span = checkBlock(v, vOffset, r1 - r0, a, aOffset, lda, r0, r1, c0, c1);
    Shapes.range("work", work.length, workOffset, c1 - c0);
    long workEnd = (long) workOffset + (c1 - c0);
    Shapes.disjoint("work", work, workOffset, workEnd, "A", a, span[0], span[1]);
    Shapes.disjoint("work", work, workOffset, workEnd, "v", v, vOffset,
        (long) vOffset + (r1 - r0));
    kernels().applyLeft(tau, v, vOffset, a, aOffset, lda, r0, r1, c0, c1, work, workOffset);
  }

  /**
   * {@code A[r0:r1, c0:c1] <- A[r0:r1, c0:c1] (I - tau v v^T)} with {@code v} of
   * {@code c1 - c0} elements; only A is modified. {@code tau = 0} leaves A as it is.
   *
   * @param tau reflector scale, usually {@code 2 / (v . v)} or 0
   * @param v Householder vector ({@code c1 - c0} elements); not modified
   * @param vOffset index of the first element of {@code v}
   * @param a the matrix array holding the block, updated in place
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}, {@code >= max(1, c1)}
   * @param r0 first row of the block, {@code >= 0}
   * @param r1 one past the last row of the block, {@code >= r0}
   * @param c0 first column of the block, {@code >= 0}
   * @param c1 one past the last column of the block, {@code >= c0}
   * @throws IllegalArgumentException if the block bounds are not
   *     {@code 0 <= r0 <= r1, 0 <= c0 <= c1}, the matrix or v do not fit in their arrays, or
   *     v overlaps the block; nothing is written then
   */
  public static void applyRight(double tau, double[] v, int vOffset, double[] a, int aOffset,
      int lda, int r0, int r1, int c0, int c1) {
    checkBlock(v, vOffset, c1 - c0, a, aOffset, lda, r0, r1, c0, c1);
    kernels().applyRight(tau, v, vOffset, a, aOffset, lda, r0, r1, c0, c1);
  }

  /** Checks the block and v; returns the block's span {@code [first, end)} in A. */
  private static long[] checkBlock(double[] v, int vOffset, int vLength, double[] a,
      int aOffset, int lda, int r0, int r1, int c0, int c1) {
    if (r0 < 0 || r1 < r0 || c0 < 0 || c1 < c0) {
      throw new IllegalArgumentException("block rows [" + r0 + ", " + r1 + ") and columns ["
          + c0 + ", " + c1 + ") must satisfy 0 <= r0 <= r1 and 0 <= c0 <= c1");
    }
    Shapes.matrix("A", r1, c1, a.length, aOffset, lda);
    Shapes.range("v", v.length, vOffset, vLength);
    long first = (long) aOffset + (long) r0 * lda + c0;
    long end = r0 == r1 || c0 == c1 ? first : (long) aOffset + (long) (r1 - 1) * lda + c1;
    Shapes.disjoint("v", v, vOffset, (long) vOffset + vLength, "A block", a, first, end);
    return new long[] {first, end};
  }
}
