package dev.cmr.properties;

import java.util.SplittableRandom;

/**
 * Test matrices with a prescribed spectrum: {@code A = Q diag(s) P^T} with Haar-random
 * orthogonal factors. A Haar-random orthogonal matrix is the Q factor of a Gaussian matrix's
 * QR decomposition with the signs of {@code diag(R)} made positive (F. Mezzadri, "How to
 * generate random matrices from the classical compact groups", Notices AMS 54(5), 2007,
 * 592-604, section 5). Without the sign fix the Householder Q is not Haar distributed.
 */
final class RandomMatrices {
  private RandomMatrices() {}

  /** A Haar-random {@code n x n} orthogonal matrix, row-major. */
  static double[] haarOrthogonal(int n, SplittableRandom random) {
    double[] a = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = gaussian(random);
    }
    return orthogonalFactor(a, n);
  }

  /**
   * {@code rows x cols} matrix {@code Q diag(s) P^T} whose singular values are {@code s}
   * ({@code s.length == min(rows, cols)}), with Haar-random {@code Q} and {@code P} (only their
   * first {@code r} columns enter).
   */
  static double[] withSingularValues(int rows, int cols, double[] s, SplittableRandom random) {
    int r = Math.min(rows, cols);
    if (s.length != r) {
      throw new IllegalArgumentException("need " + r + " singular values, got " + s.length);
    }
    double[] u = leadingColumns(haarOrthogonal(rows, random), rows, r);
    double[] v = leadingColumns(haarOrthogonal(cols, random), cols, r);
    return Dense.compose(u, s, v, rows, cols);
  }

  /** {@code rows x cols} matrix of independent standard normal entries. */
  static double[] gaussian(int rows, int cols, SplittableRandom random) {
    double[] a = new double[rows * cols];
    for (int i = 0; i < a.length; i++) {
      a[i] = gaussian(random);
    }
    return a;
  }

  /** One standard normal deviate (Box-Muller, so the stream depends on the seed alone). */
  static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }

  /** The first {@code k} columns of an {@code n x n} matrix, as {@code n x k}. */
  static double[] leadingColumns(double[] q, int n, int k) {
    double[] out = new double[n * k];
    for (int i = 0; i < n; i++) {
      System.arraycopy(q, i * n, out, i * k, k);
    }
    return out;
  }

  /**
   * Q of the Householder QR of square {@code a} (overwritten by R), columns sign-fixed so that
   * {@code diag(R) > 0}.
   */
  private static double[] orthogonalFactor(double[] a, int n) {
    double[] q = new double[n * n];
    for (int i = 0; i < n; i++) {
      q[i * n + i] = 1;
    }
    double[] v = new double[n];
    double[] sign = new double[n];
    for (int k = 0; k < n; k++) {
      // reflector H_k = I - 2 v v^T / (v^T v) with H_k a(k:, k) = alpha e_k
      double norm = 0;
      for (int i = k; i < n; i++) {
        norm = Math.hypot(norm, a[i * n + k]);
      }
      double alpha = a[k * n + k] >= 0 ? -norm : norm;
      for (int i = k; i < n; i++) {
        v[i] = a[i * n + k];
      }
      v[k] -= alpha;
      double vNormSquared = 0;
      for (int i = k; i < n; i++) {
        vNormSquared += v[i] * v[i];
      }
      sign[k] = alpha >= 0 ? 1 : -1;
      if (vNormSquared == 0) {
        // a zero column (probability 0): H_k = I and R_kk = 0
        sign[k] = 1;
        continue;
      }

      // apply on the left: a(k:, k:) -= 2 v (v^T a) / (v^T v)
      for (int j = k; j < n; j++) {
        double dot = 0;
        for (int i = k; i < n; i++) {
          dot += v[i] * a[i * n + j];
        }
        double f = 2 * dot / vNormSquared;
        for (int i = k; i < n; i++) {
          a[i * n + j] -= f * v[i];
        }
      }

      // accumulate q = q H_k
      for (int i = 0; i < n; i++) {
        int row = i * n;
        double dot = 0;
        for (int j = k; j < n; j++) {
          dot += q[row + j] * v[j];
        }
        double f = 2 * dot / vNormSquared;
        for (int j = k; j < n; j++) {
          q[row + j] -= f * v[j];
        }
      }
    }

    // sign fix: Q D with D = sign(diag R) makes the factorization unique and Q Haar
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i * n + j] *= sign[j];
      }
    }
    return q;
  }
}
