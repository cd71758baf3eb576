package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blocked (panel) reduction against the one-reflector-at-a-time one. */
class TridiagonalReductionTest {
  private static final double EPS = Math.ulp(1.0);

  private static double[] symmetric(Random random, int n, boolean gram) {
    double[] a = new double[n * n];
    if (gram) {
      // a Gram matrix X X^T / k with k < n: rank deficient, like a layer's
      int k = n / 2 + 1;
      double[] x = TestMatrices.gaussian(random, n, k);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          double sum = 0;
          for (int l = 0; l < k; l++) {
            sum += x[i * k + l] * x[j * k + l];
          }
          a[i * n + j] = sum / k;
          a[j * n + i] = sum / k;
        }
      }
      return a;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double v = random.nextGaussian();
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
    }
    return a;
  }

  private static double[] eigenvalues(Tridiagonal tri) {
    int n = tri.size();
    double[] d = Arrays.copyOf(tri.diagonal(), n);
    double[] e = Arrays.copyOf(tri.offDiagonal(), n);
    Tridiagonal.rotationIterate(d, e, n, null, 0, Tridiagonal.MAX_STEPS_PER_EIGENVALUE);
    Arrays.sort(d);
    return d;
  }

  /** {@code max |A - Q T Q^T|} with Q from the stored reflectors. */
  private static double reconstructionError(Tridiagonal tri, double[] a) {
    int n = tri.size();
    double[][] qt = new double[n][n];
    tri.formQTransposed(qt);
    double[] d = tri.diagonal();
    double[] e = tri.offDiagonal();
    double worst = 0;
    for (int i = 0; i < n; i++) {
      // row i of Q T: (Q T)[i][c] = Q[i][c] d[c] + Q[i][c-1] e[c-1] + Q[i][c+1] e[c]
      double[] qtRow = new double[n];
      for (int c = 0; c < n; c++) {
        double v = qt[c][i] * d[c];
        if (c > 0) {
          v += qt[c - 1][i] * e[c - 1];
        }
        if (c < n - 1) {
          v += qt[c + 1][i] * e[c];
        }
        qtRow[c] = v;
      }
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int c = 0; c < n; c++) {
          sum += qtRow[c] * qt[c][j];
        }
        worst = Math.max(worst, Math.abs(sum - a[i * n + j]));
      }
    }
    return worst;
  }

  /**
   * Already tridiagonal in its leading rows (trivial reflectors inside the panels), dense in
   * the trailing {@code n / 3} rows and columns.
   */
  private static double[] partlyTridiagonal(Random random, int n) {
    double[] a = new double[n * n];
    int dense = n - n / 3;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        boolean keep = i == j || i == j + 1 || (i >= dense && j >= dense);
        double v = keep ? random.nextGaussian() : 0;
        a[i * n + j] = v;
        a[j * n + i] = v;
      }
    }
    return a;
  }

  @ParameterizedTest
  @ValueSource(ints = {96, 97, 128, 129, 160, 200, 256, 257})
  void blockedMatchesUnblocked(int n) {
    for (int kind = 0; kind < 3; kind++) {
      boolean gram = kind == 1;
      double[] a = kind == 2 ? partlyTridiagonal(new Random(n), n)
          : symmetric(new Random(n), n, gram);
      double normA = 0;
      for (int i = 0; i < n; i++) {
        double row = 0;
        for (int j = 0; j < n; j++) {
          row += Math.abs(a[i * n + j]);
        }
        normA = Math.max(normA, row);
      }
      Tridiagonal blocked = new Tridiagonal();
      blocked.load(a, 0, n, 1);
      blocked.reduce();
      Tridiagonal unblocked = new Tridiagonal();
      unblocked.load(a, 0, n, 1);
      unblocked.reduce(false);

      String what = new String[] {"random", "Gram", "partly tridiagonal"}[kind] + " n=" + n;
      double[] got = eigenvalues(blocked);
      double[] reference = eigenvalues(unblocked);
      // observed: up to 12 eps ||A||_inf (n = 129)
      double tol = 4 * Math.sqrt(n) * EPS * normA;
      for (int i = 0; i < n; i++) {
        assertTrue(Math.abs(got[i] - reference[i]) <= tol, what + ": eigenvalue " + i + " is "
            + got[i] + ", unblocked gives " + reference[i] + " (tolerance " + tol + ")");
      }
      double error = reconstructionError(blocked, a);
      double reference2 = reconstructionError(unblocked, a);
      // both reductions stay below eps ||A||_inf here; sqrt(n) leaves room for other seeds
      assertTrue(error <= Math.sqrt(n) * EPS * normA, what + ": ||A - Q T Q^T|| = " + error
          + " (unblocked " + reference2 + ", ||A|| = " + normA + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 17, 64, 65, 200, 257})
  void blockedFormationOfQMatchesTheUnblockedOne(int n) {
    for (int kind = 0; kind < 2; kind++) {
      double[] a = kind == 1 ? partlyTridiagonal(new Random(3L * n), n)
          : symmetric(new Random(3L * n), n, false);
      Tridiagonal tri = new Tridiagonal();
      tri.load(a, 0, n, 1);
      tri.reduce();
      double[][] reference = new double[n][n];
      tri.formQTransposed(reference, 0);
      // the default, one full-size block, and small blocks that leave a partial last block
      for (int block : new int[] {-1, Tridiagonal.PANEL, 5, 1}) {
        double[][] got = new double[n][n];
        for (double[] row : got) {
          Arrays.fill(row, Double.NaN);
        }
        if (block < 0) {
          tri.formQTransposed(got);
        } else {
          tri.formQTransposed(got, block);
        }
        // entries of an orthogonal matrix: the two differ by rounding, a few eps sqrt(n)
        double tol = 8 * Math.sqrt(Math.max(n, 1)) * EPS;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            double diff = Math.abs(got[i][j] - reference[i][j]);
            assertTrue(diff <= tol, (kind == 1 ? "partly tridiagonal" : "random") + " n=" + n
                + " block " + block + ": Q^T[" + i + "][" + j + "] is " + got[i][j]
                + ", unblocked gives " + reference[i][j] + " (tolerance " + tol + ")");
          }
        }
      }
    }
  }
}
