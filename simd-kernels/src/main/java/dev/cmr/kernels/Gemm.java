package dev.cmr.kernels;

/**
 * General matrix multiply on row-major arrays: {@code C = alpha * op(A) * op(B) + beta * C}.
 *
 * <p>{@code op(X)} is {@code X} or its transpose, chosen by {@code transA} / {@code transB}.
 * {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}, {@code C} is {@code m x n}.
 * Leading dimensions are row strides of the arrays as stored (so a non-transposed {@code A}
 * needs {@code lda >= k}, a transposed one {@code lda >= m}). When {@code beta == 0} the prior
 * contents of {@code C} are ignored (NaN in {@code C} does not propagate), as in BLAS.
 *
 * <p>Only {@code C} is modified. Arguments are checked once here; an invalid shape, stride or
 * offset raises {@link IllegalArgumentException} naming the values. Thread-safe: no state is
 * kept between calls.
 */
public final class Gemm {
  private Gemm() {}

  /** Single precision GEMM with explicit offsets and leading dimensions. */
  public static void sgemm(
      boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda,
      float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    checkShape(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb,
        c.length, cOffset, ldc);
    ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  /** Double precision GEMM with explicit offsets and leading dimensions. */
  public static void dgemm(
      boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda,
      double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc) {
    checkShape(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb,
        c.length, cOffset, ldc);
    ScalarGemm.dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  /** Single precision GEMM on densely packed row-major matrices (offsets 0, tight strides). */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, float[] b, float beta, float[] c) {
    sgemm(transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0, transB ? k : n,
        beta, c, 0, n);
  }

  /** Double precision GEMM on densely packed row-major matrices (offsets 0, tight strides). */
  public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, double[] b, double beta, double[] c) {
    dgemm(transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0, transB ? k : n,
        beta, c, 0, n);
  }

  static void checkShape(boolean transA, boolean transB, int m, int n, int k,
      int aLength, int aOffset, int lda, int bLength, int bOffset, int ldb,
      int cLength, int cOffset, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "negative dimension: m=" + m + ", n=" + n + ", k=" + k);
    }
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    checkOperand("A", aRows, aCols, aLength, aOffset, lda);
    checkOperand("B", bRows, bCols, bLength, bOffset, ldb);
    checkOperand("C", m, n, cLength, cOffset, ldc);
  }

  private static void checkOperand(String name, int rows, int cols, int length, int offset,
      int ld) {
    if (offset < 0) {
      throw new IllegalArgumentException(name + " offset is negative: " + offset);
    }
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(name + " is stored as " + rows + "x" + cols
          + " but its leading dimension is " + ld + " (needs >= " + Math.max(1, cols) + ")");
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long needed = (long) offset + (long) (rows - 1) * ld + cols;
    if (needed > length) {
      throw new IllegalArgumentException(name + " is stored as " + rows + "x" + cols
          + " with offset " + offset + " and leading dimension " + ld + ", which needs "
          + needed + " elements, but the array has " + length);
    }
  }
}
