package dev.cmr.kernels.internal;

import dev.cmr.kernels.Householder;

/**
 * The Householder reflector kernel family: applies {@code H = I - tau v v^T} to a block of a
 * row-major matrix, the building block of Householder QR, tridiagonalization and
 * bidiagonalization (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., section 5.1.4).
 *
 * <p>The block is rows {@code [r0, r1)} and columns {@code [c0, c1)} of the matrix at
 * {@code aOffset} with leading dimension {@code lda}. From the left, {@code v} has
 * {@code r1 - r0} elements and {@code H A = A - tau v (A^T v)^T}; from the right it has
 * {@code c1 - c0} and {@code A H = A - tau (A v) v^T}. From the left the caller supplies the
 * workspace {@code work} (one element per column of the block), so implementations keep no
 * state; they assume arguments were validated by {@link Householder}. {@code tau == 0} leaves
 * the block unchanged.
 */
public interface ReflectorKernels {

  /**
   * {@code A[r0:r1, c0:c1] <- (I - tau v v^T) A[r0:r1, c0:c1]}; modifies A and
   * {@code work[workOffset .. workOffset + c1 - c0)}.
   */
  void applyLeft(double tau, double[] v, int vOffset, double[] a, int aOffset, int lda,
      int r0, int r1, int c0, int c1, double[] work, int workOffset);

  /**
   * {@code A[r0:r1, c0:c1] <- A[r0:r1, c0:c1] (I - tau v v^T)}, one row at a time
   * ({@code row -= tau (row . v) v}); only A is modified.
   */
  void applyRight(double tau, double[] v, int vOffset, double[] a, int aOffset, int lda,
      int r0, int r1, int c0, int c1);
}
