package dev.cmr.kernels.internal;

import dev.cmr.kernels.Gemm;

/**
 * The GEMM kernel family: {@code C = alpha * op(A) * op(B) + beta * C} on row-major arrays.
 *
 * <p>Implementations assume arguments were validated by {@link Gemm} and run on the calling
 * thread only (the facade splits large products across threads). They keep no state between
 * calls, so one instance may be used from several threads at once. Semantics follow BLAS:
 * when {@code beta == 0} the prior contents of {@code C} are ignored, and when
 * {@code alpha == 0} or {@code k == 0} neither {@code A} nor {@code B} is read.
 */
public interface GemmKernels {

  /** Single precision GEMM; see {@link Gemm#sgemm} for the meaning of each argument. */
  void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc);

  /** Double precision GEMM; see {@link Gemm#dgemm} for the meaning of each argument. */
  void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc);
}
