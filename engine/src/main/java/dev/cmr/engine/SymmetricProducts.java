package dev.cmr.engine;

import dev.cmr.kernels.Gemm;

/**
 * Matrix products whose result is known to be symmetric, at about half the work of a general
 * product: only the block rows of the upper triangle are formed with {@link Gemm} (each block
 * row from its diagonal block rightwards), then the strict lower triangle is copied from the
 * upper one, so the result is exactly symmetric.
 *
 * <p>Two uses in CMR's spectral step: the Gram matrix {@code W^T W} or {@code W W^T}, and
 * products {@code A B} of two polynomials in the same symmetric matrix (they commute, so
 * {@code A B} is symmetric). With block rows of height {@value #BLOCK} a {@code 256 x 256}
 * product costs {@code 10/16} of a general one.
 *
 * <p>All matrices are dense, row-major, {@code n x n} unless stated; outputs are overwritten.
 * Callers validate shapes; nothing here checks them again.
 */
final class SymmetricProducts {
  /** Height of a block row; below {@code 2 BLOCK} a single general product is used. */
  static final int BLOCK = 64;

  private SymmetricProducts() {}

  /**
   * The Gram matrix of the smaller side of {@code W} ({@code rows x cols}, row-major):
   * {@code H = W^T W} ({@code cols x cols}) when {@code cols <= rows}, else
   * {@code H = W W^T} ({@code rows x rows}).
   */
  static void gram(double[] w, int rows, int cols, double[] h) {
    boolean tall = cols <= rows;
    int n = Math.min(rows, cols);
    if (n < 2 * BLOCK) {
      if (tall) {
        Gemm.dgemm(true, false, n, n, rows, 1, w, w, 0, h);
      } else {
        Gemm.dgemm(false, true, n, n, cols, 1, w, w, 0, h);
      }
    } else {
      for (int i0 = 0; i0 < n; i0 += BLOCK) {
        int height = Math.min(BLOCK, n - i0);
        if (tall) {
          Gemm.dgemm(true, false, height, n - i0, rows, 1, w, i0, cols, w, i0, cols,
              0, h, i0 * n + i0, n);
        } else {
          Gemm.dgemm(false, true, height, n - i0, cols, 1, w, i0 * cols, cols,
              w, i0 * cols, cols, 0, h, i0 * n + i0, n);
        }
      }
    }
    mirrorUpper(h, n);
  }

  /** {@code c = a b} for commuting symmetric {@code a}, {@code b}; {@code c} distinct. */
  static void multiply(double[] a, double[] b, int n, double[] c) {
    if (n < 2 * BLOCK) {
      Gemm.dgemm(false, false, n, n, n, 1, a, b, 0, c);
    } else {
      for (int i0 = 0; i0 < n; i0 += BLOCK) {
        int height = Math.min(BLOCK, n - i0);
        Gemm.dgemm(false, false, height, n - i0, n, 1, a, i0 * n, n, b, i0, n,
            0, c, i0 * n + i0, n);
      }
    }
    mirrorUpper(c, n);
  }

  /** Single precision {@link #multiply(double[], double[], int, double[])}. */
  static void multiply(float[] a, float[] b, int n, float[] c) {
    if (n < 2 * BLOCK) {
      Gemm.sgemm(false, false, n, n, n, 1, a, b, 0, c);
    } else {
      for (int i0 = 0; i0 < n; i0 += BLOCK) {
        int height = Math.min(BLOCK, n - i0);
        Gemm.sgemm(false, false, height, n - i0, n, 1, a, i0 * n, n, b, i0, n,
            0, c, i0 * n + i0, n);
      }
    }
    mirrorUpper(c, n);
  }

  /** Copies the strict upper triangle of {@code m} onto the strict lower one. */
  static void mirrorUpper(double[] m, int n) {
    for (int i = 1; i < n; i++) {
      int row = i * n;
      for (int j = 0; j < i; j++) {
        m[row + j] = m[j * n + i];
      }
    }
  }

  /** Single precision {@link #mirrorUpper(double[], int)}. */
  static void mirrorUpper(float[] m, int n) {
    for (int i = 1; i < n; i++) {
      int row = i * n;
      for (int j = 0; j < i; j++) {
        m[row + j] = m[j * n + i];
      }
    }
  }
}
