package dev.cmr.kernels.internal;

import dev.cmr.kernels.Blas2;

/**
 * The level-2 kernel family on row-major matrices: matrix-vector products in both
 * orientations, the rank-1 update and the symmetric rank-2 update.
 *
 * <p>A matrix is an array, an offset and a leading dimension {@code lda} (the row stride):
 * element {@code (i, j)} is {@code a[aOffset + i * lda + j]}. Vectors are contiguous ranges.
 * Implementations assume arguments were validated by {@link Blas2} and keep no state, so one
 * instance may be used from several threads at once. As in BLAS, {@code beta == 0} ignores the
 * prior contents of {@code y} (NaN there does not survive).
 */
public interface Blas2Kernels {

  /**
   * {@code y = alpha * A * x + beta * y} with {@code A} {@code m x n} (not transposed) or
   * {@code y = alpha * A^T * x + beta * y} (transposed: {@code x} has {@code m} elements and
   * {@code y} has {@code n}). Only {@code y} is modified.
   */
  void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOffset, int lda,
      double[] x, int xOffset, double beta, double[] y, int yOffset);

  /** Single precision twin of the double {@code gemv}. */
  void gemv(boolean trans, int m, int n, float alpha, float[] a, int aOffset, int lda,
      float[] x, int xOffset, float beta, float[] y, int yOffset);

  /** Rank-1 update {@code A += alpha * x * y^T}, {@code A} {@code m x n}; only A is modified. */
  void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y, int yOffset,
      double[] a, int aOffset, int lda);

  /** Single precision twin of the double {@code ger}. */
  void ger(int m, int n, float alpha, float[] x, int xOffset, float[] y, int yOffset,
      float[] a, int aOffset, int lda);

  /**
   * Symmetric rank-2 update of a full {@code n x n} block,
   * {@code A += alpha * (x * y^T + y * x^T)}. Both triangles are written, so the block stays
   * usable by row-wise products such as {@link #gemv}; only A is modified.
   */
  void syr2(int n, double alpha, double[] x, int xOffset, double[] y, int yOffset,
      double[] a, int aOffset, int lda);
}
