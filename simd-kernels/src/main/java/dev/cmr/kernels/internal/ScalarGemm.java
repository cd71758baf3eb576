package dev.cmr.kernels.internal;

import dev.cmr.kernels.Gemm;

/**
 * Plain scalar GEMM: the semantic reference for every faster implementation.
 *
 * <p>Each element is {@code alpha * sum_p op(A)[i][p] * op(B)[p][j] + beta * C[i][j]} with the
 * sum taken in increasing {@code p}. As in BLAS, {@code beta == 0} ignores the prior {@code C}
 * and {@code alpha == 0} (or {@code k == 0}) only scales {@code C} by {@code beta}.
 * Arguments are assumed valid (checked by {@link Gemm}).
 *
 * <p>With an untransposed B the loop runs over rows of B, keeping a row of partial sums, so
 * that memory is read in order; each sum still adds its products in increasing {@code p},
 * and Java never fuses {@code s + a * b}, so both loop orders round identically.
 */
final class ScalarGemm {
  private ScalarGemm() {}

  static void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    if (alpha == 0f || k == 0) {
      scaleC(m, n, beta, c, cOffset, ldc);
      return;
    }
    if (!transB) {
      // rows of B are contiguous: accumulate a whole row of sums at once (same order per sum)
      float[] sums = new float[n];
      for (int i = 0; i < m; i++) {
        java.util.Arrays.fill(sums, 0f);
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
          int bRow = bOffset + p * ldb;
          for (int j = 0; j < n; j++) {
            sums[j] += av * b[bRow + j];
          }
        }
        int cRow = cOffset + i * ldc;
        for (int j = 0; j < n; j++) {
          c[cRow + j] = beta == 0f ? alpha * sums[j] : alpha * sums[j] + beta * c[cRow + j];
        }
      }
      return;
    }
    for (int i = 0; i < m; i++) {
      int cRow = cOffset + i * ldc;
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
          sum += av * b[bOffset + j * ldb + p];
        }
        c[cRow + j] = beta == 0f ? alpha * sum : alpha * sum + beta * c[cRow + j];
      }
    }
  }

  static void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc) {
    if (alpha == 0.0 || k == 0) {
      scaleC(m, n, beta, c, cOffset, ldc);
      return;
    }
    if (!transB) {
      // rows of B are contiguous: accumulate a whole row of sums at once (same order per sum)
      double[] sums = new double[n];
      for (int i = 0; i < m; i++) {
        java.util.Arrays.fill(sums, 0.0);
        for (int p = 0; p < k; p++) {
          double av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
          int bRow = bOffset + p * ldb;
          for (int j = 0; j < n; j++) {
            sums[j] += av * b[bRow + j];
          }
        }
        int cRow = cOffset + i * ldc;
        for (int j = 0; j < n; j++) {
          c[cRow + j] = beta == 0.0 ? alpha * sums[j] : alpha * sums[j] + beta * c[cRow + j];
        }
      }
      return;
    }
    for (int i = 0; i < m; i++) {
      int cRow = cOffset + i * ldc;
      for (int j = 0; j < n; j++) {
        double sum = 0.0;
        for (int p = 0; p < k; p++) {
          double av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
          sum += av * b[bOffset + j * ldb + p];
        }
        c[cRow + j] = beta == 0.0 ? alpha * sum : alpha * sum + beta * c[cRow + j];
      }
    }
  }

  /** {@code C = beta * C}, with {@code beta == 0} writing zeros (prior NaN ignored). */
  static void scaleC(int m, int n, float beta, float[] c, int cOffset, int ldc) {
    for (int i = 0; i < m; i++) {
      int cRow = cOffset + i * ldc;
      for (int j = 0; j < n; j++) {
        c[cRow + j] = beta == 0f ? 0f : beta * c[cRow + j];
      }
    }
  }

  /** {@code C = beta * C}, with {@code beta == 0} writing zeros (prior NaN ignored). */
  static void scaleC(int m, int n, double beta, double[] c, int cOffset, int ldc) {
    for (int i = 0; i < m; i++) {
      int cRow = cOffset + i * ldc;
      for (int j = 0; j < n; j++) {
        c[cRow + j] = beta == 0.0 ? 0.0 : beta * c[cRow + j];
      }
    }
  }
}
