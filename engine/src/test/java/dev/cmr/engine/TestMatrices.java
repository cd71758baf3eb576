package dev.cmr.engine;

import java.util.Random;

/** Random and structured matrices for the tests (row-major double arrays). */
final class TestMatrices {
  private TestMatrices() {}

  /** An {@code m x n} matrix of independent standard normal entries. */
  static double[] gaussian(Random random, int m, int n) {
    double[] a = new double[m * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
    }
    return a;
  }

  /**
   * An {@code m x k} matrix with orthonormal columns ({@code k <= m}), Haar distributed: the
   * Q factor of a Gaussian matrix by modified Gram-Schmidt (run twice), with the signs of
   * {@code diag(R)} made positive.
   */
  static double[] orthonormalColumns(Random random, int m, int k) {
    double[] g = gaussian(random, m, k);
    double[] q = new double[m * k];
    for (int j = 0; j < k; j++) {
      double[] col = new double[m];
      for (int i = 0; i < m; i++) {
        col[i] = g[i * k + j];
      }
      for (int pass = 0; pass < 2; pass++) {
        for (int p = 0; p < j; p++) {
          double dot = 0;
          for (int i = 0; i < m; i++) {
            dot += q[i * k + p] * col[i];
          }
          for (int i = 0; i < m; i++) {
            col[i] -= dot * q[i * k + p];
          }
        }
      }
      double norm = 0;
      for (int i = 0; i < m; i++) {
        norm += col[i] * col[i];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < m; i++) {
        q[i * k + j] = col[i] / norm;
      }
    }
    return q;
  }

  /** {@code U diag(s) V^T} for {@code U} ({@code m x r}) and {@code V} ({@code n x r}). */
  static double[] compose(double[] u, double[] s, double[] v, int m, int n) {
    int r = s.length;
    double[] a = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int q = 0; q < r; q++) {
          sum += u[i * r + q] * s[q] * v[j * r + q];
        }
        a[i * n + j] = sum;
      }
    }
    return a;
  }

  /** A matrix with the prescribed singular values and Haar-random singular vectors. */
  static double[] withSingularValues(Random random, int m, int n, double[] s) {
    double[] u = orthonormalColumns(random, m, s.length);
    double[] v = orthonormalColumns(random, n, s.length);
    return compose(u, s, v, m, n);
  }

  /** Plain product {@code A B} of an {@code m x k} and a {@code k x n} matrix. */
  static double[] multiply(double[] a, double[] b, int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < k; p++) {
        double aip = a[i * k + p];
        for (int j = 0; j < n; j++) {
          c[i * n + j] += aip * b[p * n + j];
        }
      }
    }
    return c;
  }

  /** Transpose of an {@code m x n} matrix. */
  static double[] transpose(double[] a, int m, int n) {
    double[] t = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        t[j * m + i] = a[i * n + j];
      }
    }
    return t;
  }

  /** Largest absolute entry. */
  static double maxAbs(double[] a) {
    double m = 0;
    for (double x : a) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  /** Largest absolute entry of {@code a - b}. */
  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  /** Frobenius norm. */
  static double frobenius(double[] a) {
    double s = 0;
    for (double x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** Largest {@code |(Q^T Q - I)_ij|} for an {@code m x k} matrix {@code Q}. */
  static double orthogonalityError(double[] q, int m, int k) {
    double worst = 0;
    for (int p = 0; p < k; p++) {
      for (int r = 0; r < k; r++) {
        double dot = 0;
        for (int i = 0; i < m; i++) {
          dot += q[i * k + p] * q[i * k + r];
        }
        worst = Math.max(worst, Math.abs(dot - (p == r ? 1 : 0)));
      }
    }
    return worst;
  }
}
