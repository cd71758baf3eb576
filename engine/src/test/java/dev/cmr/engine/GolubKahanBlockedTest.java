package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blocked bidiagonalization against its plain twin: the same {@code d}, {@code e},
 * {@code tauq}, {@code taup} and reflectors to rounding, on random, graded and rank-deficient
 * matrices whose widths cross the panel width and the crossover to the plain reduction.
 *
 * <p>Of a matrix of rank {@code r} only the first {@code r / 4} steps are compared entry by
 * entry: like Lanczos coefficients, the bidiagonal's entries grow ill-conditioned as the
 * reduction nears the rank (two summation orders of the plain reduction differ there by
 * O(1)), while the entries past the rank must be rounding noise in both.
 */
class GolubKahanBlockedTest {
  /** Differences allowed, in units of {@code ||A||_F}, divided by a reflector's pivot. */
  private static final double TOL = 3e-13;
  /** Reflectors whose pivot is below this fraction of {@code ||A||_F} are not compared. */
  private static final double PIVOT_FLOOR = 1e-8;

  @ParameterizedTest
  @CsvSource({
      "70, 50, random", "70, 50, graded", "70, 50, deficient",
      "97, 65, random", "97, 65, graded", "97, 65, deficient",
      "160, 100, random", "160, 100, graded", "160, 100, deficient",
      "200, 129, random", "200, 129, graded", "200, 129, deficient",
      "300, 300, random", "300, 300, graded", "300, 300, deficient"})
  void blockedMatchesUnblocked(int m, int n, String kind) {
    double[] a = matrix(new Random(31L * m + n + kind.hashCode()), m, n, kind);
    GolubKahanSvd blocked = new GolubKahanSvd(m, n);
    blocked.load(a, m, n, false, 0);
    blocked.bidiagonalize();
    GolubKahanSvd plain = new GolubKahanSvd(m, n);
    plain.load(a, m, n, false, 0);
    plain.bidiagonalizeUnblocked(0);

    double norm = TestMatrices.frobenius(a);
    int rank = "deficient".equals(kind) ? 2 * n / 3 : n;
    for (int k = rank + 1; k < n; k++) {
      for (GolubKahanSvd g : new GolubKahanSvd[] {blocked, plain}) {
        assertTrue(Math.abs(g.d[k]) <= 1e-12 * norm && Math.abs(g.e[k]) <= 1e-12 * norm,
            (g == blocked ? "blocked" : "plain") + " d/e " + k + " past the rank "
                + g.d[k] + ", " + g.e[k]);
      }
    }
    int compared = rank == n ? n : rank / 4;
    double worst = 0;
    String where = "";
    for (int k = 0; k < compared; k++) {
      double dd = Math.abs(blocked.d[k] - plain.d[k]) / (TOL * norm);
      double de = Math.abs(blocked.e[k] - plain.e[k]) / (TOL * norm);
      if (Math.max(dd, de) > worst) {
        worst = Math.max(dd, de);
        where = "d/e " + k;
      }
      // a reflector moves by about (error in its column) / (the column's norm)
      double left = Math.abs(plain.d[k]);
      if (left > PIVOT_FLOOR * norm) {
        double scale = TOL * norm / left;
        double dt = Math.abs(blocked.tauq[k] - plain.tauq[k]) / scale;
        if (dt > worst) {
          worst = dt;
          where = "tauq " + k;
        }
        for (int r = k + 1; r < m; r++) {
          double dv = Math.abs(blocked.x[r * n + k] - plain.x[r * n + k]) / scale;
          if (dv > worst) {
            worst = dv;
            where = "left reflector " + k + " row " + r;
          }
        }
      }
      double right = Math.abs(plain.e[k]);
      if (k + 1 < n && right > PIVOT_FLOOR * norm) {
        double scale = TOL * norm / right;
        double dt = Math.abs(blocked.taup[k] - plain.taup[k]) / scale;
        if (dt > worst) {
          worst = dt;
          where = "taup " + k;
        }
        for (int c = k + 2; c < n; c++) {
          double dv = Math.abs(blocked.x[k * n + c] - plain.x[k * n + c]) / scale;
          if (dv > worst) {
            worst = dv;
            where = "right reflector " + k + " column " + c;
          }
        }
      }
    }
    System.out.printf("%d x %d %s: worst %.3g of the tolerance at %s%n", m, n, kind, worst,
        where);
    assertTrue(worst <= 1, m + " x " + n + " " + kind + ": " + where + " differs by " + worst
        + " times the tolerance");
  }

  private static double[] matrix(Random random, int m, int n, String kind) {
    return switch (kind) {
      case "random" -> TestMatrices.gaussian(random, m, n);
      case "graded" -> {
        // rows and columns scaled over eight decades each
        double[] g = TestMatrices.gaussian(random, m, n);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            g[i * n + j] *= Math.pow(10, -8.0 * i / m) * Math.pow(10, -8.0 * j / n);
          }
        }
        yield g;
      }
      case "deficient" -> {
        // rank 2n / 3: a product of m x r and r x n Gaussian factors
        int r = 2 * n / 3;
        yield TestMatrices.multiply(TestMatrices.gaussian(random, m, r),
            TestMatrices.gaussian(random, r, n), m, r, n);
      }
      default -> throw new IllegalArgumentException("kind " + kind);
    };
  }
}
