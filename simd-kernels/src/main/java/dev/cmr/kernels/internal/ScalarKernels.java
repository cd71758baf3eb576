package dev.cmr.kernels.internal;

/**
 * Scalar implementation of every kernel family: the readable reference that the vector
 * kernels are tested against, and the fallback when the Vector API is unavailable.
 *
 * <p>Its range methods also finish the tails of vector loops, so that the semantics of a
 * partial vector live in one place. Stateless; {@link #INSTANCE} is shared.
 */
public final class ScalarKernels implements GemmKernels, Blas1Kernels, Blas2Kernels,
    ReflectorKernels, RotationKernels, ChebyshevKernels {
  /** The shared instance. */
  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc) {
    ScalarGemm.dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  /**
   * Scales an {@code m x n} block of {@code C} by {@code beta}; {@code beta == 0} writes zeros
   * so that NaN already in {@code C} does not survive (the BLAS convention).
   */
  public static void scaleMatrix(int m, int n, float beta, float[] c, int cOffset, int ldc) {
    ScalarGemm.scaleC(m, n, beta, c, cOffset, ldc);
  }

  /** Double precision twin of {@link #scaleMatrix(int, int, float, float[], int, int)}. */
  public static void scaleMatrix(int m, int n, double beta, double[] c, int cOffset, int ldc) {
    ScalarGemm.scaleC(m, n, beta, c, cOffset, ldc);
  }

  @Override
  public float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      sum += x[xOffset + i] * y[yOffset + i];
    }
    return sum;
  }

  @Override
  public double dot(double[] x, int xOffset, double[] y, int yOffset, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += x[xOffset + i] * y[yOffset + i];
    }
    return sum;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
    for (int i = 0; i < n; i++) {
      y[yOffset + i] += alpha * x[xOffset + i];
    }
  }

  @Override
  public void axpy(double alpha, double[] x, int xOffset, double[] y, int yOffset, int n) {
    for (int i = 0; i < n; i++) {
      y[yOffset + i] += alpha * x[xOffset + i];
    }
  }

  @Override
  public void scale(float alpha, float[] x, int xOffset, int n) {
    for (int i = 0; i < n; i++) {
      x[xOffset + i] *= alpha;
    }
  }

  @Override
  public void scale(double alpha, double[] x, int xOffset, int n) {
    for (int i = 0; i < n; i++) {
      x[xOffset + i] *= alpha;
    }
  }

  @Override
  public float sumOfSquares(float[] x, int xOffset, int n) {
    return dot(x, xOffset, x, xOffset, n);
  }

  @Override
  public double sumOfSquares(double[] x, int xOffset, int n) {
    return dot(x, xOffset, x, xOffset, n);
  }

  @Override
  public float maxAbs(float[] x, int xOffset, int n) {
    float max = 0f;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(x[xOffset + i]));
    }
    return max;
  }

  @Override
  public double maxAbs(double[] x, int xOffset, int n) {
    double max = 0.0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(x[xOffset + i]));
    }
    return max;
  }

  @Override
  public float scaledSumOfSquares(float[] x, int xOffset, int n, float s) {
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      float v = s * x[xOffset + i];
      sum += v * v;
    }
    return sum;
  }

  @Override
  public double scaledSumOfSquares(double[] x, int xOffset, int n, double s) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double v = s * x[xOffset + i];
      sum += v * v;
    }
    return sum;
  }

  // ---- level 2 ----

  @Override
  public void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOffset,
      int lda, double[] x, int xOffset, double beta, double[] y, int yOffset) {
    assert m >= 0 && n >= 0 && lda >= Math.max(1, n);
    if (!trans) {
      for (int i = 0; i < m; i++) {
        double ax = alpha == 0 ? 0 : alpha * dot(a, aOffset + i * lda, x, xOffset, n);
        y[yOffset + i] = beta == 0 ? ax : ax + beta * y[yOffset + i];
      }
      return;
    }

    // y = beta y, then y += (alpha x_i) row_i
    scaleOrZero(beta, y, yOffset, n);
    if (alpha == 0) {
      return;
    }
    for (int i = 0; i < m; i++) {
      axpy(alpha * x[xOffset + i], a, aOffset + i * lda, y, yOffset, n);
    }
  }

  @Override
  public void gemv(boolean trans, int m, int n, float alpha, float[] a, int aOffset,
      int lda, float[] x, int xOffset, float beta, float[] y, int yOffset) {
    assert m >= 0 && n >= 0 && lda >= Math.max(1, n);
    if (!trans) {
      for (int i = 0; i < m; i++) {
        float ax = alpha == 0 ? 0 : alpha * dot(a, aOffset + i * lda, x, xOffset, n);
        y[yOffset + i] = beta == 0 ? ax : ax + beta * y[yOffset + i];
      }
      return;
    }
    if (beta == 0) {
      java.util.Arrays.fill(y, yOffset, yOffset + n, 0f);
    } else if (beta != 1) {
      scale(beta, y, yOffset, n);
    }
    if (alpha == 0) {
      return;
    }
    for (int i = 0; i < m; i++) {
      axpy(alpha * x[xOffset + i], a, aOffset + i * lda, y, yOffset, n);
    }
  }

  /** {@code y *= beta} on a range, writing zeros when {@code beta == 0} (BLAS convention). */
  static void scaleOrZero(double beta, double[] y, int yOffset, int n) {
    if (beta == 0) {
      java.util.Arrays.fill(y, yOffset, yOffset + n, 0.0);
    } else if (beta != 1) {
      for (int i = 0; i < n; i++) {
        y[yOffset + i] *= beta;
      }
    }
  }

  @Override
  public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y,
      int yOffset, double[] a, int aOffset, int lda) {
    assert m >= 0 && n >= 0 && lda >= Math.max(1, n);
    for (int i = 0; i < m; i++) {
      axpy(alpha * x[xOffset + i], y, yOffset, a, aOffset + i * lda, n);
    }
  }

  @Override
  public void ger(int m, int n, float alpha, float[] x, int xOffset, float[] y, int yOffset,
      float[] a, int aOffset, int lda) {
    assert m >= 0 && n >= 0 && lda >= Math.max(1, n);
    for (int i = 0; i < m; i++) {
      axpy(alpha * x[xOffset + i], y, yOffset, a, aOffset + i * lda, n);
    }
  }

  @Override
  public void syr2(int n, double alpha, double[] x, int xOffset, double[] y, int yOffset,
      double[] a, int aOffset, int lda) {
    assert n >= 0 && lda >= Math.max(1, n);
    for (int i = 0; i < n; i++) {
      axpy2(alpha * x[xOffset + i], y, yOffset, alpha * y[yOffset + i], x, xOffset,
          a, aOffset + i * lda, n);
    }
  }

  /** {@code z[zOffset + j] += (a * u[uOffset + j]) + (b * v[vOffset + j])} for {@code j < n}. */
  public void axpy2(double a, double[] u, int uOffset, double b, double[] v, int vOffset,
      double[] z, int zOffset, int n) {
    for (int j = 0; j < n; j++) {
      z[zOffset + j] += a * u[uOffset + j] + b * v[vOffset + j];
    }
  }

  // ---- Householder reflectors ----

  @Override
  public void applyLeft(double tau, double[] v, int vOffset, double[] a, int aOffset,
      int lda, int r0, int r1, int c0, int c1, double[] work, int workOffset) {
    assert 0 <= r0 && r0 <= r1 && 0 <= c0 && c0 <= c1 && lda >= Math.max(1, c1);
    if (tau == 0 || r0 == r1 || c0 == c1) {
      return;
    }
    int base = aOffset + r0 * lda + c0;

    // w = A^T v, then A -= tau v w^T
    gemv(true, r1 - r0, c1 - c0, 1.0, a, base, lda, v, vOffset, 0.0, work, workOffset);
    ger(r1 - r0, c1 - c0, -tau, v, vOffset, work, workOffset, a, base, lda);
  }

  @Override
  public void applyRight(double tau, double[] v, int vOffset, double[] a, int aOffset,
      int lda, int r0, int r1, int c0, int c1) {
    assert 0 <= r0 && r0 <= r1 && 0 <= c0 && c0 <= c1 && lda >= Math.max(1, c1);
    if (tau == 0) {
      return;
    }
    for (int i = r0; i < r1; i++) {
      int row = aOffset + i * lda + c0;
      double s = dot(a, row, v, vOffset, c1 - c0);
      axpy(-tau * s, v, vOffset, a, row, c1 - c0);
    }
  }

  // ---- plane rotations ----

  @Override
  public void rotate(double[] x, int xOffset, double[] y, int yOffset, int n, double c,
      double s) {
    for (int i = 0; i < n; i++) {
      double xi = x[xOffset + i];
      double yi = y[yOffset + i];
      x[xOffset + i] = c * xi + s * yi;
      y[yOffset + i] = c * yi - s * xi;
    }
  }

  @Override
  public void rotate(float[] x, int xOffset, float[] y, int yOffset, int n, float c,
      float s) {
    for (int i = 0; i < n; i++) {
      float xi = x[xOffset + i];
      float yi = y[yOffset + i];
      x[xOffset + i] = c * xi + s * yi;
      y[yOffset + i] = c * yi - s * xi;
    }
  }

  @Override
  public void transformChain(double[][] z, int k, int count, boolean descending, double[] m,
      int mOffset, int from, int to) {
    for (int t = 0; t < count; t++) {
      int r = descending ? k - t : k + t;
      double[] x = z[r];
      double[] y = z[r + 1];
      int q = mOffset + 4 * t;
      double alpha = m[q];
      double beta = m[q + 1];
      double gamma = m[q + 2];
      double delta = m[q + 3];
      for (int j = from; j < to; j++) {
        double xj = x[j];
        double yj = y[j];
        x[j] = alpha * xj + beta * yj;
        y[j] = gamma * xj + delta * yj;
      }
    }
  }

  @Override
  public void rotateColumns(int m, double[] a, int aOffset, int lda, int p, int q, double c,
      double s) {
    for (int i = 0; i < m; i++) {
      int row = aOffset + i * lda;
      double xi = a[row + p];
      double yi = a[row + q];
      a[row + p] = c * xi + s * yi;
      a[row + q] = c * yi - s * xi;
    }
  }

  // ---- Chebyshev ----

  @Override
  public void basisT(double[] x, int xOffset, int n, int degree, double[] out, int outOffset,
      int ldOut) {
    assert degree >= 0 && ldOut >= n;
    java.util.Arrays.fill(out, outOffset, outOffset + n, 1.0);
    if (degree >= 1) {
      System.arraycopy(x, xOffset, out, outOffset + ldOut, n);
    }
    recurRows(x, xOffset, n, degree, out, outOffset, ldOut);
  }

  @Override
  public void basisT(float[] x, int xOffset, int n, int degree, float[] out, int outOffset,
      int ldOut) {
    assert degree >= 0 && ldOut >= n;
    java.util.Arrays.fill(out, outOffset, outOffset + n, 1f);
    if (degree >= 1) {
      System.arraycopy(x, xOffset, out, outOffset + ldOut, n);
    }
    for (int k = 1; k < degree; k++) {
      int cur = outOffset + k * ldOut;
      for (int i = 0; i < n; i++) {
        float xi = x[xOffset + i];
        out[cur + ldOut + i] = (xi + xi) * out[cur + i] - out[cur - ldOut + i];
      }
    }
  }

  @Override
  public void basisU(double[] x, int xOffset, int n, int degree, double[] out, int outOffset,
      int ldOut) {
    assert degree >= 0 && ldOut >= n;
    java.util.Arrays.fill(out, outOffset, outOffset + n, 1.0);
    if (degree >= 1) {
      for (int i = 0; i < n; i++) {
        double xi = x[xOffset + i];
        out[outOffset + ldOut + i] = xi + xi;
      }
    }
    recurRows(x, xOffset, n, degree, out, outOffset, ldOut);
  }

  /** Rows {@code 2..degree} of a basis table from rows 0 and 1: {@code 2 x r_k - r_{k-1}}. */
  private static void recurRows(double[] x, int xOffset, int n, int degree, double[] out,
      int outOffset, int ldOut) {
    for (int k = 1; k < degree; k++) {
      int cur = outOffset + k * ldOut;
      for (int i = 0; i < n; i++) {
        double xi = x[xOffset + i];
        out[cur + ldOut + i] = (xi + xi) * out[cur + i] - out[cur - ldOut + i];
      }
    }
  }

  @Override
  public void clenshaw(double[] coef, int coefOffset, int degree, double[] x, int xOffset,
      double[] out, int outOffset, int n) {
    assert degree >= 0;
    for (int i = 0; i < n; i++) {
      double xi = x[xOffset + i];
      double x2 = xi + xi;
      double b1 = 0;
      double b2 = 0;
      for (int k = degree; k >= 1; k--) {
        double b = coef[coefOffset + k] + x2 * b1 - b2;
        b2 = b1;
        b1 = b;
      }
      out[outOffset + i] = coef[coefOffset] + xi * b1 - b2;
    }
  }

  @Override
  public void step(double alpha, double[] at, int atOffset, double beta, double[] t,
      int tOffset, double gamma, double[] prev, int prevOffset, double[] next, int nextOffset,
      int n) {
    for (int i = 0; i < n; i++) {
      next[nextOffset + i] = alpha * at[atOffset + i] + beta * t[tOffset + i]
          + gamma * prev[prevOffset + i];
    }
  }
}
