package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sturm counts, bisection and Chebyshev traces against all eigenvalues from the QR path. */
class TridiagonalSpectrumTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 17, 64, 257})
  void matchTheEigenvaluesOfTheQrIteration(int n) {
    Random random = new Random(31 + n);
    double[] d = new double[n];
    double[] e = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = 1 + random.nextGaussian();
      e[i] = i < n - 1 ? 0.5 * random.nextGaussian() : 0;
    }
    // a repeated pair and a tiny coupling, so clusters and near-splits occur
    if (n >= 17) {
      d[3] = d[4];
      e[3] = 0;
      e[10] = 1e-14;
    }
    double[] lambda = d.clone();
    Tridiagonal.rotationIterate(lambda, e.clone(), n, null, 0,
        Tridiagonal.MAX_STEPS_PER_EIGENVALUE);
    Arrays.sort(lambda);
    double norm = 0;
    for (double x : lambda) {
      norm = Math.max(norm, Math.abs(x));
    }
    double tol = 8 * n * Math.ulp(1.0) * norm;
    double pivotMin = TridiagonalSpectrum.pivotMin(e, n);

    for (int k = 0; k < n; k++) {
      assertEquals(lambda[k], TridiagonalSpectrum.eigenvalue(d, e, n, k, pivotMin), tol,
          "eigenvalue " + k);
    }
    for (int k = 0; k < n; k++) {
      // a point halfway to the next distinct eigenvalue has exactly k + 1 below it
      if (k + 1 < n && lambda[k + 1] - lambda[k] > 4 * tol) {
        double x = 0.5 * (lambda[k] + lambda[k + 1]);
        assertEquals(k + 1, TridiagonalSpectrum.countBelow(d, e, n, x, pivotMin), "at " + x);
      }
    }
    assertEquals(0, TridiagonalSpectrum.countBelow(d, e, n, lambda[0] - 1, pivotMin));
    assertEquals(n, TridiagonalSpectrum.countBelow(d, e, n, lambda[n - 1] + 1, pivotMin));

    int order = 7;
    double c = 0.5 * (lambda[n - 1] + lambda[0]);
    double half = Math.max(0.5 * (lambda[n - 1] - lambda[0]), 1e-3);
    double[] traces = new double[order + 1];
    int h = (order + 1) / 2;
    TridiagonalSpectrum.chebyshevTraces(d, e, n, c, half, order, traces,
        new double[(h + 1) * (2 * h + 1)]);
    double[] expected = new double[order + 1];
    double[] t = new double[order + 1];
    for (double x : lambda) {
      Chebyshev.firstKindValid((x - c) / half, order, t);
      for (int k = 0; k <= order; k++) {
        expected[k] += t[k];
      }
    }
    for (int k = 0; k <= order; k++) {
      assertEquals(expected[k], traces[k], 1e-12 * n * order, "tr T_" + k);
    }
  }
}
