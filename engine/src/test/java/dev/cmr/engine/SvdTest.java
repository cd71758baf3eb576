package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SvdTest {
  private static final double EPS = Math.ulp(1.0);

  /** Checks ordering, reconstruction, orthogonality and the convergence report. */
  private static void assertValidSvd(double[] a, int m, int n, Svd svd, double tol) {
    int r = Math.min(m, n);
    assertEquals(r, svd.count());
    double[] s = svd.singularValues();
    for (int i = 0; i < r; i++) {
      assertTrue(s[i] >= 0, "negative singular value " + s[i]);
      if (i > 0) {
        assertTrue(s[i - 1] >= s[i], "not descending at " + i);
      }
    }
    double[] u = svd.u();
    double[] v = svd.v();
    assertEquals(m * r, u.length);
    assertEquals(n * r, v.length);
    double scale = Math.max(TestMatrices.maxAbs(a), Double.MIN_NORMAL);
    double residual = TestMatrices.maxAbsDiff(TestMatrices.compose(u, s, v, m, n), a) / scale;
    assertTrue(residual <= tol, "reconstruction error " + residual);
    assertTrue(TestMatrices.orthogonalityError(u, m, r) <= tol, "U not orthonormal");
    assertTrue(TestMatrices.orthogonalityError(v, n, r) <= tol, "V not orthonormal");
    if (svd.algorithm() == Svd.Algorithm.JACOBI) {
      assertTrue(svd.sweeps() >= 1 && svd.sweeps() <= Svd.MAX_SWEEPS, "sweeps " + svd.sweeps());
      assertEquals(svd.sweeps(), svd.iterations());
      assertTrue(svd.offDiagonal() <= Math.sqrt(r) * EPS, "off-diagonal " + svd.offDiagonal());
    } else {
      assertEquals(0, svd.sweeps());
      assertTrue(svd.iterations() >= 0 && svd.iterations() <= 6 * r * r,
          "iterations " + svd.iterations());
      assertTrue(svd.offDiagonal() <= 2 * BidiagonalQr.tolerance(),
          "off-diagonal " + svd.offDiagonal());
    }
  }

  @ParameterizedTest
  @CsvSource({"1,1,GOLUB_KAHAN", "1,1,JACOBI", "3,3,GOLUB_KAHAN", "3,3,JACOBI",
      "17,5,GOLUB_KAHAN", "17,5,JACOBI", "5,17,GOLUB_KAHAN", "5,17,JACOBI",
      "256,256,GOLUB_KAHAN", "256,256,JACOBI", "256,784,GOLUB_KAHAN", "256,784,JACOBI"})
  void knownSpectrumIsRecovered(int m, int n, Svd.Algorithm alg) {
    Random random = new Random(31L * m + n);
    int r = Math.min(m, n);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = Math.pow(10, -3.0 * i / Math.max(1, r - 1)) * (1 + 0.5 * random.nextDouble());
    }
    Arrays.sort(s);
    for (int i = 0; i < r / 2; i++) {
      double t = s[i];
      s[i] = s[r - 1 - i];
      s[r - 1 - i] = t;
    }
    double[] a = TestMatrices.withSingularValues(random, m, n, s);
    Svd svd = Svd.decompose(a, m, n, true, true, alg);
    double[] got = svd.singularValues();
    for (int i = 0; i < r; i++) {
      double rel = Math.abs(got[i] - s[i]) / s[i];
      assertTrue(rel <= 1e-11, m + "x" + n + " singular value " + i + ": expected " + s[i]
          + ", got " + got[i]);
    }
    assertValidSvd(a, m, n, svd, 1e-12);
    // values only (dqds for Golub-Kahan) agrees to relative rounding with the vectors' run
    double[] valuesOnly = Svd.decompose(a, m, n, false, false, alg).singularValues();
    for (int i = 0; i < r; i++) {
      assertEquals(got[i], valuesOnly[i], 1000 * Math.ulp(1.0) * got[i],
          "values-only run, singular value " + i);
    }
  }

  @ParameterizedTest
  @CsvSource({"0,0", "0,3", "3,0"})
  void emptyShapes(int m, int n) {
    Svd svd = Svd.decompose(new double[0], m, n, true, true);
    assertEquals(0, svd.rank());
    assertEquals(0, svd.count());
    assertEquals(0, svd.singularValues().length);
    assertEquals(0, svd.u().length);
    assertEquals(0, svd.v().length);
    assertEquals(1.0, svd.conditionNumber());
    assertEquals(1.0, svd.trueConditionNumber());
  }

  /**
   * A bidiagonal graded by 2^-40 per row reaches subnormal entries (2^-1060): Jacobi's column
   * norms must stay finite (an unscaled reciprocal of a subnormal is infinite), and its values
   * agree with Golub-Kahan's to the absolute accuracy its documentation promises there.
   */
  @Test
  void jacobiOnSubnormalColumnsGivesNoNan() {
    int n = 27;
    double[] b = new double[n * n];
    for (int i = 0; i < n; i++) {
      b[i * n + i] = Math.scalb(1.0, -40 * i);
      if (i + 1 < n) {
        b[i * n + i + 1] = Math.scalb(1.0, -40 * i - 20);
      }
    }
    double[] jacobi = Svd.decompose(b, n, n, false, false, Svd.Algorithm.JACOBI)
        .singularValues();
    double[] reference = Svd.singularValues(b, n, n);
    for (int i = 0; i < n; i++) {
      assertTrue(Double.isFinite(jacobi[i]) && jacobi[i] >= 0, "value " + i + ": " + jacobi[i]);
      assertEquals(reference[i], jacobi[i], 64 * EPS * reference[0], "value " + i);
    }
  }

  /**
   * Jacobi keeps graded values across a sudden drop (diag(1, 1e-16) is graded, not rank
   * deficient) and gets a strong row grading D Q (values 1e-3^i down to 1e-117) to high
   * relative accuracy.
   */
  @Test
  void jacobiKeepsSuddenDropsAndStrongGrading() {
    double[] twoByTwo = Svd.decompose(new double[] {1, 0, 0, 1e-16}, 2, 2, false, false,
        Svd.Algorithm.JACOBI).singularValues();
    assertArrayEquals(new double[] {1, 1e-16}, twoByTwo, 0.0);
    double[] three = {1, 0, 0, 0, 1e-50, 0, 0, 0, 1e-100};
    assertArrayEquals(new double[] {1, 1e-50, 1e-100},
        Svd.decompose(three, 3, 3, false, false, Svd.Algorithm.JACOBI).singularValues(), 0.0);

    int n = 40;
    double[] q = TestMatrices.orthonormalColumns(new Random(7), n, n);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = q[i * n + j] * Math.pow(1e-3, i);
      }
    }
    double[] s = Svd.decompose(a, n, n, false, false, Svd.Algorithm.JACOBI).singularValues();
    for (int i = 0; i < n; i++) {
      double expected = Math.pow(1e-3, i);
      assertEquals(expected, s[i], 1e-12 * expected, "value " + i);
    }
  }

  /** Row grading in any order: the rows are sorted by norm before the pivoted QR. */
  @Test
  void jacobiHandlesUnsortedRowGrading() {
    double c = Math.sqrt(3) / 2;
    // Q = R12(30 degrees) R13(30 degrees), orthogonal
    double[] q = {c * c, -0.5, -c * 0.5, 0.5 * c, c, -0.25, 0.5, 0, c};
    double[][] gradings = {{1e-16, 1, 1e-8}, {1e-8, 1, 1e-16}, {1e-8, 1e-16, 1}};
    for (double[] d : gradings) {
      double[] a = new double[9];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          a[i * 3 + j] = d[i] * q[i * 3 + j];
        }
      }
      double[] s = Svd.decompose(a, 3, 3, false, false, Svd.Algorithm.JACOBI).singularValues();
      double[] expected = {1, 1e-8, 1e-16};
      for (int i = 0; i < 3; i++) {
        assertEquals(expected[i], s[i], 8 * EPS * expected[i], Arrays.toString(d) + " " + i);
      }
    }
  }

  /** A column whose squares underflow still gets an orthogonal reflector (U stays orthogonal). */
  @Test
  void jacobiReflectorsSurviveUnderflowingColumns() {
    double[] a = {1, 3e-162, 0, 3e-162, 0, 2.1e-162};
    Svd svd = Svd.decompose(a, 3, 2, true, true, Svd.Algorithm.JACOBI);
    assertTrue(TestMatrices.orthogonalityError(svd.u(), 3, 2) <= 16 * EPS,
        "U orthogonality " + TestMatrices.orthogonalityError(svd.u(), 3, 2));
  }

  /**
   * Completing a basis whose missing direction has no coordinate above 1/2 (here (1..1)/3 in 9
   * dimensions) still gives a unit vector: the coordinate vector with the largest residual.
   */
  @Test
  void completionFindsADirectionWithOnlySmallCoordinates() {
    int n = 9;
    double[] u = new double[n];
    Arrays.fill(u, 1.0 / 3);
    // H = I - 2 w w^T maps e_0 to u; its other rows span the complement of u
    double[] w = u.clone();
    w[0] -= 1;
    double norm = Math.sqrt(Vectors.dot(w, w, 0, n));
    double[][] basis = new double[n][n];
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < n; j++) {
        basis[i - 1][j] = (i == j ? 1 : 0) - 2 * w[i] * w[j] / (norm * norm);
      }
    }
    Svd.completeOrthonormal(basis, n - 1, n);
    double[] last = basis[n - 1];
    assertEquals(1, Math.abs(Vectors.dot(last, u, 0, n)), 1e-14, Arrays.toString(last));
  }

  @Test
  void oneByOne() {
    Svd svd = Svd.decompose(new double[] {-2.5}, 1, 1, true, true);
    assertArrayEquals(new double[] {2.5}, svd.singularValues(), 0.0);
    assertEquals(-2.5, svd.u()[0] * 2.5 * svd.v()[0], 0.0);
    assertEquals(1.0, svd.trueConditionNumber());
    assertEquals(2.5 / (2.5 + 1e-8), svd.conditionNumber(), 0.0);
  }

  @Test
  void zeroMatrix() {
    Svd svd = Svd.decompose(new double[12], 4, 3, true, true);
    assertArrayEquals(new double[3], svd.singularValues(), 0.0);
    assertEquals(0.0, TestMatrices.orthogonalityError(svd.u(), 4, 3), 0.0);
    assertEquals(0.0, TestMatrices.orthogonalityError(svd.v(), 3, 3), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, svd.trueConditionNumber());
    assertEquals(0.0, svd.conditionNumber());
    Svd one = Svd.decompose(new double[1], 1, 1, false, false);
    assertEquals(Double.POSITIVE_INFINITY, one.trueConditionNumber());
  }

  @ParameterizedTest
  @CsvSource({"8,6,GOLUB_KAHAN", "8,6,JACOBI", "6,8,GOLUB_KAHAN", "6,8,JACOBI",
      "7,7,GOLUB_KAHAN", "7,7,JACOBI"})
  void rankDeficient(int m, int n, Svd.Algorithm alg) {
    Random random = new Random(m * 100 + n);
    int r = Math.min(m, n);
    double[] s = new double[r];
    s[0] = 3;
    s[1] = 1;
    double[] a = TestMatrices.withSingularValues(random, m, n, s);
    Svd svd = Svd.decompose(a, m, n, true, true, alg);
    double[] got = svd.singularValues();
    assertEquals(2, svd.rank());
    assertEquals(n - 2, svd.nullity());
    assertEquals(3, got[0], 1e-14);
    assertEquals(1, got[1], 1e-14);
    for (int i = 2; i < r; i++) {
      assertTrue(got[i] <= 1e-14, "singular value " + i + " = " + got[i]);
    }
    assertValidSvd(a, m, n, svd, 1e-13);
  }

  @Test
  void matrixOfExactRepeatedValues() {
    // a 5x3 matrix of ones: rank one, s_1 = sqrt(15)
    double[] a = new double[15];
    Arrays.fill(a, 1.0);
    Svd svd = Svd.decompose(a, 5, 3, true, true);
    assertEquals(Math.sqrt(15), svd.singularValue(0), 1e-14);
    assertEquals(0.0, svd.singularValue(1), 1e-14);
    assertEquals(0.0, svd.singularValue(2), 1e-14);
    assertValidSvd(a, 5, 3, svd, 1e-14);
    assertTrue(svd.trueConditionNumber() > 1e14);
  }

  @Test
  void repeatedSingularValues() {
    Random random = new Random(17);
    double[] s = {2, 2, 2, 1, 1, 0.5};
    double[] a = TestMatrices.withSingularValues(random, 9, 6, s);
    Svd svd = Svd.decompose(a, 9, 6, true, true);
    assertArrayEquals(s, svd.singularValues(), 1e-14);
    assertValidSvd(a, 9, 6, svd, 1e-14);
  }

  @Test
  void smallSingularValuesKeepRelativeAccuracy() {
    // graded spectrum over 12 decades: Jacobi keeps each value to high relative accuracy
    Random random = new Random(23);
    double[] s = new double[8];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.pow(10, -12.0 * i / 7);
    }
    double[] d = TestMatrices.orthonormalColumns(random, 8, 8);
    // A = D1 * Q * D2 style grading: columns of an orthogonal matrix scaled
    double[] a = new double[64];
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 8; j++) {
        a[i * 8 + j] = d[i * 8 + j] * s[j];
      }
    }
    double[] got = Svd.decompose(a, 8, 8, false, false, Svd.Algorithm.JACOBI)
        .singularValues();
    for (int i = 0; i < 8; i++) {
      assertEquals(1.0, got[i] / s[i], 1e-10, "singular value " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-300, 1e300, 1e-200, 1e200})
  void extremeScales(double scale) {
    Random random = new Random(41);
    double[] s = {4, 2, 1, 0.125};
    double[] a = TestMatrices.withSingularValues(random, 6, 4, s);
    for (int i = 0; i < a.length; i++) {
      a[i] *= scale;
    }
    Svd svd = Svd.decompose(a, 6, 4, true, true);
    for (int i = 0; i < s.length; i++) {
      assertEquals(s[i], svd.singularValue(i) / scale, 1e-13, "at scale " + scale);
    }
    assertTrue(TestMatrices.orthogonalityError(svd.u(), 6, 4) <= 1e-14);
    assertTrue(TestMatrices.orthogonalityError(svd.v(), 4, 4) <= 1e-14);
  }

  @Test
  void conditionNumbers() {
    Random random = new Random(2);
    double[] a = TestMatrices.withSingularValues(random, 5, 3, new double[] {10, 1, 0.01});
    Svd svd = Svd.decompose(a, 5, 3, false, false);
    assertEquals(1000, svd.trueConditionNumber(), 1e-9);
    assertEquals(10 / (0.01 + 1e-8), svd.conditionNumber(), 1e-7);
  }

  @Test
  void optionalFactors() {
    double[] a = {1, 2, 3, 4, 5, 6};
    Svd svd = Svd.decompose(a, 2, 3, false, true);
    assertFalse(svd.hasU());
    assertTrue(svd.hasV());
    assertThrows(IllegalStateException.class, svd::u);
    assertEquals(6, svd.v().length);
    assertEquals(2, svd.rows());
    assertEquals(3, svd.cols());
  }

  @Test
  void floatInputMatchesDouble() {
    float[] f = {1.5f, -2f, 0.25f, 3f, 1f, -1f};
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    assertArrayEquals(Svd.singularValues(d, 3, 2),
        Svd.decompose(f, 3, 2, false, false).singularValues(), 0.0);
  }

  @Test
  void rejectsBadInput() {
    double[] a = new double[6];
    a[4] = Double.NaN;
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> Svd.decompose(a, 2, 3, true, true));
    assertTrue(ex.getMessage().contains("row 1, column 1"), ex.getMessage());
    float[] f = new float[6];
    f[5] = Float.POSITIVE_INFINITY;
    ex = assertThrows(IllegalArgumentException.class, () -> Svd.decompose(f, 3, 2, true, true));
    assertTrue(ex.getMessage().contains("row 2, column 1"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class, () -> Svd.singularValues(a, 4, 2));
    assertTrue(ex.getMessage().contains("4x2") && ex.getMessage().contains("6"),
        ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Svd.singularValues(a, -2, -3));
    assertThrows(IllegalArgumentException.class, () -> Svd.singularValues(null, 1, 1));
  }

  @Test
  void nonConvergenceReportsTheOffDiagonalMeasure() {
    Random random = new Random(19);
    double[] a = TestMatrices.gaussian(random, 12, 9);
    NoConvergenceException ex = assertThrows(NoConvergenceException.class,
        () -> Svd.decomposeValid(a, 12, 9, false, false, 2));
    assertTrue(ex.getMessage().contains("2 sweeps"), ex.getMessage());
    assertEquals(2, ex.iterations());
    assertTrue(ex.progress() > Math.sqrt(9) * EPS, "off-diagonal " + ex.progress());
  }
}
