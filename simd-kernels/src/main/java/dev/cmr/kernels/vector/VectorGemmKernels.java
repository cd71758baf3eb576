package dev.cmr.kernels.vector;

import dev.cmr.kernels.internal.GemmKernels;

/**
 * Vector API implementation of {@link GemmKernels} for one vector shape (128, 256 or 512
 * bits); see {@link VectorSgemm} for the algorithm. Immutable and thread-safe.
 */
public final class VectorGemmKernels implements GemmKernels {
  private final VectorSgemm single;
  private final VectorDgemm twin;

  /** Kernels using vectors of {@code bitSize} bits (128, 256 or 512). */
  public VectorGemmKernels(int bitSize) {
    this.single = VectorSgemm.forBitSize(bitSize);
    this.twin = VectorDgemm.forBitSize(bitSize);
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    single.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc) {
    twin.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }
}
