package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cmr.kernels.internal.GemmKernels;
import java.util.SplittableRandom;

/**
 * One GEMM problem with padded, offset operands and an exact-enough double reference.
 *
 * <p>The reference is accumulated in double (float problems) or with a running error bound
 * (double problems); an element passes when {@code |got - want| <= tol}, where
 * {@code tol = (2k + 4) * eps * (|alpha| * sum_p |a_ip b_pj| + |beta c_ij|)} is the classic
 * forward error bound of a length-k dot product (Higham, Accuracy and Stability of Numerical
 * Algorithms, 2nd ed., section 3.1) plus the final scaling.
 */
final class GemmCase {
  final boolean transA;
  final boolean transB;
  final int m;
  final int n;
  final int k;
  final int lda;
  final int ldb;
  final int ldc;
  final int aOffset;
  final int bOffset;
  final int cOffset;
  final double[] a;
  final double[] b;
  final double[] c;

  GemmCase(boolean transA, boolean transB, int m, int n, int k, long seed) {
    this.transA = transA;
    this.transB = transB;
    this.m = m;
    this.n = n;
    this.k = k;
    SplittableRandom random = new SplittableRandom(seed);
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    this.lda = aCols + 3;
    this.ldb = bCols + 1;
    this.ldc = n + 2;
    this.aOffset = 5;
    this.bOffset = 1;
    this.cOffset = 7;
    this.a = fill(random, aOffset + aRows * lda + 4);
    this.b = fill(random, bOffset + bRows * ldb + 4);
    this.c = fill(random, cOffset + m * ldc + 4);
  }

  private static double[] fill(SplittableRandom random, int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      // exactly representable in float, so float and double problems share inputs
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return x;
  }

  static float[] toFloat(double[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) x[i];
    }
    return y;
  }

  double aAt(int i, int p) {
    return transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
  }

  double bAt(int p, int j) {
    return transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
  }

  /** Runs sgemm through {@code kernels} and checks every element and the untouched padding. */
  void checkFloat(GemmKernels kernels, float alpha, float beta, boolean nanInC) {
    float[] fa = toFloat(a);
    float[] fb = toFloat(b);
    float[] fc = toFloat(c);
    if (nanInC) {
      fillC(fc, Float.NaN);
    }
    float[] before = fc.clone();
    kernels.sgemm(transA, transB, m, n, k, alpha, fa, aOffset, lda, fb, bOffset, ldb,
        beta, fc, cOffset, ldc);
    double eps = Math.ulp(1f);
    verify(kernels, alpha, beta, eps, i -> fc[i], i -> before[i], fc.length);
  }

  /** Runs dgemm through {@code kernels} and checks every element and the untouched padding. */
  void checkDouble(GemmKernels kernels, double alpha, double beta, boolean nanInC) {
    double[] dc = c.clone();
    if (nanInC) {
      fillC(dc, Double.NaN);
    }
    double[] before = dc.clone();
    kernels.dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, dc, cOffset, ldc);
    double eps = Math.ulp(1.0);
    verify(kernels, alpha, beta, eps, i -> dc[i], i -> before[i], dc.length);
  }

  private void fillC(float[] x, float value) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        x[cOffset + i * ldc + j] = value;
      }
    }
  }

  private void fillC(double[] x, double value) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        x[cOffset + i * ldc + j] = value;
      }
    }
  }

  private void verify(GemmKernels kernels, double alpha, double beta, double eps,
      java.util.function.IntToDoubleFunction got, java.util.function.IntToDoubleFunction prior,
      int length) {
    boolean[] inside = new boolean[length];
    double gamma = (2.0 * k + 4) * eps;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int index = cOffset + i * ldc + j;
        inside[index] = true;
        double sum = 0;
        double abs = 0;
        if (alpha != 0) {
          for (int p = 0; p < k; p++) {
            double t = aAt(i, p) * bAt(p, j);
            sum += t;
            abs += Math.abs(t);
          }
        }
        double old = prior.applyAsDouble(index);
        double want = alpha * sum + (beta == 0 ? 0 : beta * old);
        double tol = gamma * (Math.abs(alpha) * abs + (beta == 0 ? 0 : Math.abs(beta * old)))
            + Double.MIN_NORMAL;
        double value = got.applyAsDouble(index);
        if (!(Math.abs(value - want) <= tol)) {
          fail(describe(kernels, alpha, beta) + ": C[" + i + "][" + j + "] = " + value
              + ", expected " + want + " +- " + tol);
        }
      }
    }
    for (int index = 0; index < length; index++) {
      if (!inside[index] && Double.compare(got.applyAsDouble(index),
          prior.applyAsDouble(index)) != 0) {
        fail(describe(kernels, alpha, beta) + ": wrote outside C at array index " + index);
      }
    }
  }

  String describe(GemmKernels kernels, double alpha, double beta) {
    return kernels.getClass().getSimpleName() + " " + (transA ? "T" : "N") + (transB ? "T" : "N")
        + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta;
  }
}
