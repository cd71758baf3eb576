package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricEigenTest {
  private static final double EPS = Math.ulp(1.0);

  /** A symmetric matrix {@code Q diag(lambda) Q^T} with Haar-random {@code Q}. */
  private static double[] withEigenvalues(Random random, double[] lambda) {
    int n = lambda.length;
    double[] q = TestMatrices.orthonormalColumns(random, n, n);
    double[] a = TestMatrices.compose(q, lambda, q, n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[j * n + i] = a[i * n + j];
      }
    }
    return a;
  }

  private static void assertDecomposition(double[] a, int n, SymmetricEigen e, double tol) {
    double[] v = e.eigenvectors();
    double[] lambda = e.eigenvalues();
    for (int i = 1; i < n; i++) {
      assertTrue(lambda[i - 1] >= lambda[i], "eigenvalues not descending at " + i);
    }
    double[] rebuilt = TestMatrices.compose(v, lambda, v, n, n);
    double scale = Math.max(TestMatrices.maxAbs(a), Double.MIN_NORMAL);
    double residual = TestMatrices.maxAbsDiff(rebuilt, a) / scale;
    assertTrue(residual <= tol, "reconstruction error " + residual);
    double orth = TestMatrices.orthogonalityError(v, n, n);
    assertTrue(orth <= tol, "orthogonality error " + orth);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 17, 64, 256})
  void randomSymmetricMatricesDecompose(int n) {
    Random random = new Random(n);
    double[] a = TestMatrices.gaussian(random, n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[j * n + i] = a[i * n + j];
      }
    }
    SymmetricEigen e = SymmetricEigen.decompose(a, n, true);
    assertDecomposition(a, n, e, 50 * n * EPS);
    // the values-only run uses the root-free iteration: same eigenvalues to rounding
    double normA = 0;
    for (int i = 0; i < n; i++) {
      normA = Math.max(normA, Math.abs(e.eigenvalue(i)));
    }
    double tol = TridiagonalValuesTest.agreement(n) * EPS * normA;
    assertArrayEquals(e.eigenvalues(), SymmetricEigen.eigenvalues(a, n), tol,
        "values-only run must give the same eigenvalues to rounding");
    assertTrue(e.qrSteps() <= 30 * n);
    double trace = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      trace += a[i * n + i];
      sum += e.eigenvalue(i);
    }
    assertEquals(trace, sum, 1e-11 * n * Math.sqrt(n));
  }

  @Test
  void knownSpectrumIsRecovered() {
    Random random = new Random(7);
    double[] lambda = {9.5, 3, 1, 0.25, -0.5, -2, -7};
    double[] a = withEigenvalues(random, lambda);
    double[] got = SymmetricEigen.eigenvalues(a, lambda.length);
    assertArrayEquals(lambda, got, 1e-13 * 10);
  }

  @Test
  void repeatedEigenvaluesGiveAnOrthonormalBasis() {
    Random random = new Random(11);
    double[] lambda = {4, 4, 4, 1, 1, -3, -3, -3, -3};
    double[] a = withEigenvalues(random, lambda);
    SymmetricEigen e = SymmetricEigen.decompose(a, lambda.length, true);
    assertArrayEquals(lambda, e.eigenvalues(), 1e-13 * 10);
    assertDecomposition(a, lambda.length, e, 1e-13);
  }

  @Test
  void matrixOfExactRepeatedValues() {
    // every entry 0.3: rank one, eigenvalues 0.3 n and n - 1 zeros
    int n = 12;
    double[] a = new double[n * n];
    Arrays.fill(a, 0.3);
    SymmetricEigen e = SymmetricEigen.decompose(a, n, true);
    assertEquals(0.3 * n, e.eigenvalue(0), 1e-14 * n);
    for (int i = 1; i < n; i++) {
      assertEquals(0.0, e.eigenvalue(i), 1e-14 * n);
    }
    double[] top = e.eigenvector(0);
    for (double x : top) {
      assertEquals(1 / Math.sqrt(n), x, 1e-14, "top eigenvector is the normalized ones vector");
    }
    assertDecomposition(a, n, e, 1e-13);
  }

  @Test
  void identityAndZeroAndDiagonal() {
    int n = 6;
    double[] id = new double[n * n];
    for (int i = 0; i < n; i++) {
      id[i * n + i] = 1;
    }
    SymmetricEigen e = SymmetricEigen.decompose(id, n, true);
    for (int i = 0; i < n; i++) {
      assertEquals(1.0, e.eigenvalue(i), 0.0);
    }
    assertDecomposition(id, n, e, 1e-15);

    SymmetricEigen z = SymmetricEigen.decompose(new double[n * n], n, true);
    assertArrayEquals(new double[n], z.eigenvalues(), 0.0);
    assertEquals(0.0, TestMatrices.orthogonalityError(z.eigenvectors(), n, n), 0.0);

    double[] diag = new double[9];
    diag[0] = -1;
    diag[4] = 5;
    diag[8] = 2;
    assertArrayEquals(new double[] {5, 2, -1}, SymmetricEigen.eigenvalues(diag, 3), 0.0);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-300, 1e300, 1e-160, 1e160})
  void extremeScalesNeitherOverflowNorUnderflow(double scale) {
    Random random = new Random(5);
    double[] lambda = {3, 2, 1, 0.5, -1};
    double[] a = withEigenvalues(random, lambda);
    for (int i = 0; i < a.length; i++) {
      a[i] *= scale;
    }
    double[] got = SymmetricEigen.eigenvalues(a, lambda.length);
    for (int i = 0; i < lambda.length; i++) {
      assertEquals(lambda[i], got[i] / scale, 1e-12, "eigenvalue " + i + " at scale " + scale);
    }
  }

  @Test
  void readsOnlyTheLowerTriangle() {
    // upper triangle off by rounding-level amounts (below sqrt(eps) * 4): accepted, not read
    double[] a = {2, 1 + 1e-9, -1e-9, 1, 3, 1 - 2e-9, 0, 1, 4};
    double[] b = {2, 1, 0, 1, 3, 1, 0, 1, 4};
    assertArrayEquals(SymmetricEigen.eigenvalues(b, 3), SymmetricEigen.eigenvalues(a, 3), 0.0);
  }

  @Test
  void emptyMatrix() {
    SymmetricEigen e = SymmetricEigen.decompose(new double[0], 0, true);
    assertEquals(0, e.size());
    assertEquals(0, e.eigenvalues().length);
    assertEquals(0, e.eigenvectors().length);
  }

  @Test
  void rejectsNaNNamingRowAndColumn() {
    double[] a = new double[16];
    a[2 * 4 + 3] = Double.NaN;
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> SymmetricEigen.decompose(a, 4, true));
    assertTrue(ex.getMessage().contains("row 2, column 3"), ex.getMessage());
    assertTrue(ex.getMessage().contains("NaN"), ex.getMessage());

    double[] b = new double[9];
    b[1] = Double.NEGATIVE_INFINITY;
    ex = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.eigenvalues(b, 3));
    assertTrue(ex.getMessage().contains("row 0, column 1"), ex.getMessage());
    assertTrue(ex.getMessage().contains("-Infinity"), ex.getMessage());
  }

  @Test
  void rejectsWrongShape() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> SymmetricEigen.decompose(new double[8], 3, false));
    assertTrue(ex.getMessage().contains("9") && ex.getMessage().contains("8"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(null, 3, false));
    assertThrows(IllegalArgumentException.class,
        () -> SymmetricEigen.decompose(new double[0], -1, false));
  }

  @Test
  void eigenvectorsRequireTheFlag() {
    SymmetricEigen e = SymmetricEigen.decompose(new double[] {1, 0, 0, 2}, 2, false);
    assertTrue(!e.hasEigenvectors());
    assertThrows(IllegalStateException.class, e::eigenvectors);
  }

  @Test
  void signConventionMakesLargestComponentPositive() {
    Random random = new Random(3);
    double[] a = withEigenvalues(random, new double[] {3, 1, -2, 0.5});
    SymmetricEigen e = SymmetricEigen.decompose(a, 4, true);
    for (int j = 0; j < 4; j++) {
      double[] v = e.eigenvector(j);
      double best = 0;
      for (double x : v) {
        if (Math.abs(x) > Math.abs(best)) {
          best = x;
        }
      }
      assertTrue(best > 0, "eigenvector " + j);
    }
  }

  /**
   * A random tridiagonal of order 20 with off-diagonals in [1, 2), which a budget of one QR
   * step cannot finish: {@code {d, e}}.
   */
  static double[][] unfinishedTridiagonal() {
    Random random = new Random(13);
    int n = 20;
    double[] d = new double[n];
    double[] e = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextGaussian();
      e[i] = i < n - 1 ? 1 + random.nextDouble() : 0;
    }
    return new double[][] {d, e};
  }

  @Test
  void nonConvergenceSaysHowFarItGot() {
    double[][] de = unfinishedTridiagonal();
    double[] d = de[0];
    double[] e = de[1];
    int n = d.length;
    NoConvergenceException ex = assertThrows(NoConvergenceException.class,
        () -> Tridiagonal.qrIterate(d, e, n, null, 0, 1));
    assertTrue(ex.getMessage().contains("of 20 eigenvalues converged"), ex.getMessage());
    assertTrue(ex.progress() < n - 1, "progress " + ex.progress());
    assertTrue(ex.iterations() >= 1);
  }
}
