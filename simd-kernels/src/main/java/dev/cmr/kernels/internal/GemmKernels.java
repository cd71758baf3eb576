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

  /**
   * Single precision GEMM on up to {@code tasks} threads that share packed operands, when
   * this implementation has such a path and it suits the shape. Results are bitwise those of
   * {@link #sgemm}. The default has no such path.
   *
   * @param tasks the most threads to use, at least 2
   * @param runner runs the threads' tasks
   * @return whether the product was computed; if false nothing was touched, and the caller
   *     splits C into strips for {@link #sgemm} instead
   */
  default boolean sgemmShared(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc, int tasks, TaskRunner runner) {
    return false;
  }

  /**
   * Double precision twin of {@link #sgemmShared}.
   *
   * @param tasks the most threads to use, at least 2
   * @param runner runs the threads' tasks
   * @return whether the product was computed; if false nothing was touched
   */
  default boolean dgemmShared(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc, int tasks, TaskRunner runner) {
    return false;
  }
}
