package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.Svd.Algorithm;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every decomposition meets: for each SVD algorithm (and the symmetric
 * eigensolver) on empty, 1x1, row, column, tall, wide and square shapes, random and prescribed
 * spectra, closed forms (Kahan matrices, graded diagonals, exact repeated values) and extreme
 * scales: reconstruction {@code ||A - U S V^T||_max <= c n eps ||A||_max}, orthonormal factors,
 * sorted non-negative values, rank and nullity, and precise errors for bad input.
 */
class DecompositionContractTest {
  private static final double EPS = Math.ulp(1.0);
  /** The constant {@code c} of the reconstruction and orthogonality bounds. */
  private static final double C = 4;

  private static final int[][] SHAPES = {
      {0, 0}, {0, 5}, {5, 0}, {1, 1}, {1, 7}, {7, 1}, {2, 2}, {3, 3}, {17, 5}, {5, 17},
      {33, 33}, {100, 67}, {67, 100}, {130, 130}, {200, 97}, {65, 66}};

  static Stream<Arguments> algorithmsAndShapes() {
    return Arrays.stream(Algorithm.values()).flatMap(alg -> Arrays.stream(SHAPES)
        .map(s -> Arguments.of(alg, s[0], s[1])));
  }

  /** Checks the whole contract for a thin decomposition; returns the values. */
  static double[] assertContract(double[] a, int m, int n, Svd svd) {
    int r = Math.min(m, n);
    int big = Math.max(Math.max(m, n), 1);
    double[] s = svd.singularValues();
    assertEquals(r, s.length);
    assertEquals(r, svd.count());
    for (int i = 0; i < r; i++) {
      assertTrue(s[i] >= 0, "negative singular value " + s[i]);
      assertTrue(i == 0 || s[i - 1] >= s[i], "not descending at " + i);
    }
    double norm = TestMatrices.maxAbs(a);
    double[] u = svd.u();
    double[] v = svd.v();
    assertEquals(m * r, u.length);
    assertEquals(n * r, v.length);
    double residual = TestMatrices.maxAbsDiff(TestMatrices.compose(u, s, v, m, n), a);
    assertTrue(residual <= C * big * EPS * Math.max(norm, Double.MIN_VALUE),
        m + "x" + n + " " + svd.algorithm() + ": reconstruction error " + residual
            + " for ||A||_max " + norm);
    double ou = TestMatrices.orthogonalityError(u, m, r);
    double ov = TestMatrices.orthogonalityError(v, n, r);
    assertTrue(ou <= C * big * EPS, "U orthogonality " + ou);
    assertTrue(ov <= C * big * EPS, "V orthogonality " + ov);
    assertEquals(svd.rank() + svd.nullity(), n, "rank + nullity");
    assertTrue(svd.iterations() >= 0);
    return s;
  }

  @ParameterizedTest
  @MethodSource("algorithmsAndShapes")
  void randomMatricesMeetTheContract(Algorithm alg, int m, int n) {
    Random random = new Random(1000L * m + n);
    double[] a = TestMatrices.gaussian(random, m, n);
    double[] before = a.clone();
    Svd svd = Svd.decompose(a, m, n, true, true, alg);
    assertTrue(Arrays.equals(before, a), "input modified");
    double[] s = assertContract(a, m, n, svd);
    assertEquals(Math.min(m, n), svd.rank(), "a Gaussian matrix has full rank");
    assertEquals(n - Math.min(m, n), svd.nullity());
    // values only (dqds for Golub-Kahan) agrees to relative rounding; each factor alone gives
    // the same values as both
    Svd values = Svd.decompose(a, m, n, false, false, alg);
    assertSameValues(s, values.singularValues(), "values-only");
    Svd onlyU = Svd.decompose(a, m, n, true, false, alg);
    assertTrue(Arrays.equals(s, onlyU.singularValues()) && !onlyU.hasV());
    if (m * n > 0) {
      double cond = svd.trueConditionNumber();
      assertEquals(s[0] / s[s.length - 1], cond, 0.0);
    }
  }

  @ParameterizedTest
  @MethodSource("algorithmsAndShapes")
  void fullFactorsAreOrthogonal(Algorithm alg, int m, int n) {
    Random random = new Random(7L * m + n);
    double[] a = TestMatrices.gaussian(random, m, n);
    Svd full = Svd.decomposeFull(a, m, n, alg);
    assertEquals(m, full.uColumns());
    assertEquals(n, full.vColumns());
    double[] u = full.u();
    double[] v = full.v();
    int big = Math.max(Math.max(m, n), 1);
    assertTrue(TestMatrices.orthogonalityError(u, m, m) <= C * big * EPS, "full U");
    assertTrue(TestMatrices.orthogonalityError(v, n, n) <= C * big * EPS, "full V");
    // A = U_r S V_r^T with the leading columns
    int r = Math.min(m, n);
    double[] ur = leadingColumns(u, m, m, r);
    double[] vr = leadingColumns(v, n, n, r);
    double residual = TestMatrices.maxAbsDiff(
        TestMatrices.compose(ur, full.singularValues(), vr, m, n), a);
    assertTrue(residual <= C * big * EPS * Math.max(TestMatrices.maxAbs(a), Double.MIN_VALUE),
        "full reconstruction " + residual);
  }

  private static double[] leadingColumns(double[] q, int m, int cols, int r) {
    double[] out = new double[m * r];
    for (int i = 0; i < m; i++) {
      System.arraycopy(q, i * cols, out, i * r, r);
    }
    return out;
  }

  static Stream<Arguments> prescribed() {
    return Arrays.stream(Algorithm.values()).flatMap(alg -> Stream.of(
        Arguments.of(alg, 40, 40), Arguments.of(alg, 90, 70), Arguments.of(alg, 70, 90),
        Arguments.of(alg, 150, 100), Arguments.of(alg, 300, 40), Arguments.of(alg, 40, 300)));
  }

  /** Tall and wide shapes on both sides of the Golub-Kahan QR crossover. */
  static Stream<Arguments> tallShapes() {
    return Stream.of(Arguments.of(784, 256), Arguments.of(256, 784), Arguments.of(300, 20),
        Arguments.of(1000, 3), Arguments.of(200, 50), Arguments.of(70, 50),
        Arguments.of(50, 200), Arguments.of(97, 64));
  }

  @ParameterizedTest
  @MethodSource("tallShapes")
  void golubKahanWithAndWithoutQrFirstMeetTheContract(int m, int n) {
    Random random = new Random(13L * m + n);
    double[] a = TestMatrices.gaussian(random, m, n);
    int r = Math.min(m, n);
    int big = Math.max(m, n);
    double[] direct = null;
    for (boolean qrFirst : new boolean[] {false, true}) {
      Svd svd = Svd.golubKahan(a, m, n, true, true, false, qrFirst);
      double[] s = assertContract(a, m, n, svd);
      assertEquals(r, svd.rank());
      assertSameValues(s, Svd.golubKahan(a, m, n, false, false, false, qrFirst)
          .singularValues(), "values-only, qrFirst " + qrFirst);
      Svd full = Svd.golubKahan(a, m, n, true, true, true, qrFirst);
      assertTrue(Arrays.equals(s, full.singularValues()), "full differs, qrFirst " + qrFirst);
      assertTrue(TestMatrices.orthogonalityError(full.u(), m, m) <= C * big * EPS, "full U");
      assertTrue(TestMatrices.orthogonalityError(full.v(), n, n) <= C * big * EPS, "full V");
      double residual = TestMatrices.maxAbsDiff(TestMatrices.compose(
          leadingColumns(full.u(), m, m, r), s, leadingColumns(full.v(), n, n, r), m, n), a);
      assertTrue(residual <= C * big * EPS * TestMatrices.maxAbs(a),
          m + "x" + n + " full reconstruction " + residual + ", qrFirst " + qrFirst);
      if (direct == null) {
        direct = s;
      } else {
        for (int i = 0; i < r; i++) {
          assertEquals(direct[i], s[i], C * big * EPS * direct[0], "value " + i);
        }
      }
    }
    Svd path = Svd.golubKahan(a, m, n, true, true, false, Svd.qrFirst(big, r));
    assertTrue(Arrays.equals(path.u(), Svd.decompose(a, m, n, true, true).u()),
        "the default takes the other path");
  }

  @ParameterizedTest
  @MethodSource("prescribed")
  void prescribedSpectraAreRecovered(Algorithm alg, int m, int n) {
    Random random = new Random(31L * m + n);
    int r = Math.min(m, n);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = Math.pow(10, -6.0 * i / (r - 1));
    }
    double[] a = TestMatrices.withSingularValues(random, m, n, s);
    Svd svd = Svd.decompose(a, m, n, true, true, alg);
    double[] got = assertContract(a, m, n, svd);
    for (int i = 0; i < r; i++) {
      assertEquals(s[i], got[i], C * r * EPS * s[0], "value " + i);
    }
  }

  @ParameterizedTest
  @MethodSource("prescribed")
  void rankAndNullityOfRankDeficientMatrices(Algorithm alg, int m, int n) {
    Random random = new Random(5L * m + n);
    int r = Math.min(m, n);
    double[] s = new double[r];
    int rank = r / 3;
    for (int i = 0; i < rank; i++) {
      s[i] = 1 + i % 4;
    }
    Arrays.sort(s);
    for (int i = 0; i < r / 2; i++) {
      double t = s[i];
      s[i] = s[r - 1 - i];
      s[r - 1 - i] = t;
    }
    double[] a = TestMatrices.withSingularValues(random, m, n, s);
    Svd svd = Svd.decompose(a, m, n, true, true, alg);
    assertContract(a, m, n, svd);
    assertEquals(rank, svd.rank());
    assertEquals(n - rank, svd.nullity());
    assertEquals(Double.POSITIVE_INFINITY, Svd.decompose(new double[m * n], m, n, false, false,
        alg).trueConditionNumber());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void exactRepeatedValues(Algorithm alg) {
    Random random = new Random(17);
    double[] s = {2, 2, 2, 1, 1, 0.5, 0.5, 0.5, 0.5};
    double[] a = TestMatrices.withSingularValues(random, 12, 9, s);
    double[] got = assertContract(a, 12, 9, Svd.decompose(a, 12, 9, true, true, alg));
    for (int i = 0; i < s.length; i++) {
      assertEquals(s[i], got[i], C * 12 * EPS * 2, "value " + i);
    }
    // an orthogonal matrix: every value exactly 1 (to rounding)
    double[] q = TestMatrices.orthonormalColumns(random, 80, 80);
    got = assertContract(q, 80, 80, Svd.decompose(q, 80, 80, true, true, alg));
    for (double x : got) {
      assertEquals(1, x, 80 * EPS);
    }
    // a matrix of ones: rank one
    double[] ones = new double[70 * 50];
    Arrays.fill(ones, 1);
    Svd svd = Svd.decompose(ones, 70, 50, true, true, alg);
    got = assertContract(ones, 70, 50, svd);
    assertEquals(Math.sqrt(3500), got[0], C * 70 * EPS * got[0]);
    assertEquals(1, svd.rank());
    assertEquals(49, svd.nullity());
  }

  /**
   * Kahan's matrix {@code diag(1, s, ..., s^{n-1}) (I - c N)} with {@code N} strictly upper
   * ones and {@code c^2 + s^2 = 1}: its determinant is {@code s^{n(n-1)/2}}, so the product of
   * the singular values is known in closed form; the smallest one is tiny.
   */
  static double[] kahan(int n, double theta) {
    double c = Math.cos(theta);
    double s = Math.sin(theta);
    double[] k = new double[n * n];
    double scale = 1;
    for (int i = 0; i < n; i++) {
      k[i * n + i] = scale;
      for (int j = i + 1; j < n; j++) {
        k[i * n + j] = -c * scale;
      }
      scale *= s;
    }
    return k;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void kahanMatrixDeterminant(Algorithm alg) {
    int n = 40;
    double theta = 1.2;
    double[] a = kahan(n, theta);
    double[] s = assertContract(a, n, n, Svd.decompose(a, n, n, true, true, alg));
    double logDet = 0.5 * n * (n - 1) * Math.log(Math.sin(theta));
    double logProduct = 0;
    for (double x : s) {
      logProduct += Math.log(x);
    }
    // every value to a few hundred ulps relative to itself gives this bound on the sum of logs
    assertEquals(logDet, logProduct, 1e-10 * Math.abs(logDet), "log |det|");
  }

  /** {@code Q D} and {@code D Q}: singular values exactly {@code D}, graded over 15 decades. */
  static double[] graded(Random random, int n, double[] dg, boolean columns) {
    double[] q = TestMatrices.orthonormalColumns(random, n, n);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = q[i * n + j] * (columns ? dg[j] : dg[i]);
      }
    }
    return a;
  }

  @Test
  void jacobiKeepsRelativeAccuracyOnGradedMatricesWhereGolubKahanNeedNot() {
    int n = 30;
    double[] dg = new double[n];
    for (int i = 0; i < n; i++) {
      dg[i] = Math.pow(10, -15.0 * i / (n - 1));
    }
    Random random = new Random(23);
    double worstGk = 0;
    for (boolean columns : new boolean[] {true, false}) {
      double[] a = graded(random, n, dg, columns);
      double[] jac = assertContract(a, n, n, Svd.decompose(a, n, n, true, true,
          Algorithm.JACOBI));
      double[] gk = assertContract(a, n, n, Svd.decompose(a, n, n, true, true,
          Algorithm.GOLUB_KAHAN));
      for (int i = 0; i < n; i++) {
        assertEquals(1, jac[i] / dg[i], 1e-12, "Jacobi value " + i + " (columns " + columns
            + ")");
        assertEquals(dg[i], gk[i], C * n * EPS, "Golub-Kahan value " + i + " (absolute)");
        worstGk = Math.max(worstGk, Math.abs(gk[i] / dg[i] - 1));
      }
    }
    // documents the difference the algorithm choice makes (not a requirement on Golub-Kahan)
    assertTrue(worstGk >= 0);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void gradedDiagonalIsExact(Algorithm alg) {
    // a permuted, sign-flipped diagonal from 1e70 down to 1e-70: values exactly |d|
    int n = 25;
    double[] a = new double[n * n];
    double[] expected = new double[n];
    for (int i = 0; i < n; i++) {
      double v = Math.pow(10, 70 - 140.0 * i / (n - 1));
      expected[i] = v;
      int row = (i * 7) % n;
      a[row * n + i] = (i % 2 == 0) ? v : -v;
    }
    double[] s = Svd.decompose(a, n, n, false, false, alg).singularValues();
    for (int i = 0; i < n; i++) {
      assertEquals(1, s[i] / expected[i], 4 * EPS, "value " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void bidiagonalGradedMatrixKeepsRelativeAccuracy(Algorithm alg) {
    // an upper bidiagonal matrix graded over 120 decades: both algorithms must get every value
    // to high relative accuracy (the bidiagonal QR's relative convergence test)
    int n = 12;
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      a[i * n + i] = Math.pow(10, -11.0 * i);
      if (i + 1 < n) {
        a[i * n + i + 1] = 0.5 * Math.pow(10, -11.0 * i);
      }
    }
    double[] s = Svd.decompose(a, n, n, false, false, alg).singularValues();
    double[] ref = Svd.decompose(a, n, n, false, false, Algorithm.JACOBI).singularValues();
    for (int i = 0; i < n; i++) {
      assertEquals(1, s[i] / ref[i], 1e-13, "value " + i);
      assertTrue(s[i] > 0);
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void extremeScalesAndSubnormals(Algorithm alg) {
    Random random = new Random(41);
    double[] s = {4, 2, 1, 0.125, 0.0625};
    double[] base = TestMatrices.withSingularValues(random, 9, 5, s);
    for (double scale : new double[] {1e300, 1e-300}) {
      double[] a = new double[base.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = base[i] * scale;
      }
      Svd svd = Svd.decompose(a, 9, 5, true, true, alg);
      for (int i = 0; i < s.length; i++) {
        assertEquals(s[i], svd.singularValue(i) / scale, 1e-13, "scale " + scale);
      }
      assertTrue(TestMatrices.orthogonalityError(svd.u(), 9, 5) <= 1e-13);
      assertTrue(TestMatrices.orthogonalityError(svd.v(), 5, 5) <= 1e-13);
      assertEquals(5, svd.rank());
    }
    assertSubnormalInputScales(base, s.length,
        a -> Svd.decompose(a, 9, 5, false, false, alg).singularValues(), alg.toString());
  }

  @Test
  void extremeScalesThroughBothGolubKahanPaths() {
    Random random = new Random(43);
    double[] s = {4, 2, 1, 0.125, 0.0625};
    int m = 40;
    int n = 5;
    double[] base = TestMatrices.withSingularValues(random, m, n, s);
    assertTrue(Svd.qrFirst(m, n), "40x5 is above the crossover");
    for (boolean qrFirst : new boolean[] {false, true}) {
      for (double scale : new double[] {1e300, 1e-300}) {
        double[] a = new double[base.length];
        for (int i = 0; i < a.length; i++) {
          a[i] = base[i] * scale;
        }
        Svd svd = Svd.golubKahan(a, m, n, true, true, false, qrFirst);
        for (int i = 0; i < s.length; i++) {
          assertEquals(s[i], svd.singularValue(i) / scale, 1e-13,
              "scale " + scale + ", qrFirst " + qrFirst);
        }
        assertTrue(TestMatrices.orthogonalityError(svd.u(), m, n) <= 1e-13);
        assertTrue(TestMatrices.orthogonalityError(svd.v(), n, n) <= 1e-13);
        assertEquals(n, svd.rank());
      }
      boolean viaQr = qrFirst;
      assertSubnormalInputScales(base, n,
          a -> Svd.golubKahan(a, m, n, false, false, false, viaQr).singularValues(),
          "qrFirst " + qrFirst);
    }
  }

  /**
   * Subnormal input {@code 2^-k base}: the values equal those of the exactly scaled-up input,
   * scaled down (no underflow inside the decomposition), up to the outputs' own rounding.
   */
  private static void assertSubnormalInputScales(double[] base, int count,
      UnaryOperator<double[]> values, String label) {
    for (int k : new int[] {1060, 1068}) {
      double[] a = new double[base.length];
      double[] up = new double[base.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.scalb(base[i], -k);
        up[i] = Math.scalb(a[i], k);
      }
      double[] tiny = values.apply(a);
      double[] ref = values.apply(up);
      for (int i = 0; i < count; i++) {
        double expected = Math.scalb(ref[i], -k);
        assertEquals(expected, tiny[i], Math.max(1e-13 * Math.scalb(ref[0], -k),
            Math.ulp(expected)), label + ", 2^-" + k + " value " + i);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void conventionsForTinyShapes(Algorithm alg) {
    for (int[] shape : new int[][] {{0, 0}, {0, 4}, {4, 0}}) {
      Svd svd = Svd.decompose(new double[0], shape[0], shape[1], true, true, alg);
      assertEquals(0, svd.count());
      assertEquals(0, svd.rank());
      assertEquals(shape[1], svd.nullity());
      assertEquals(1.0, svd.trueConditionNumber());
      assertEquals(1.0, svd.conditionNumber());
      assertEquals(0, svd.u().length);
      assertEquals(0, svd.v().length);
    }
    Svd one = Svd.decompose(new double[] {-3}, 1, 1, true, true, alg);
    assertEquals(3, one.singularValue(0), 0.0);
    assertEquals(-3, one.u()[0] * 3 * one.v()[0], 0.0);
    assertEquals(1.0, one.trueConditionNumber());
    assertEquals(1, one.rank());
    Svd zero = Svd.decompose(new double[1], 1, 1, true, true, alg);
    assertEquals(Double.POSITIVE_INFINITY, zero.trueConditionNumber());
    assertEquals(0, zero.rank());
    assertEquals(1, zero.nullity());
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void badInputIsRejectedBeforeAnyWork(Algorithm alg) {
    double[] a = new double[12];
    a[7] = Double.NaN;
    a[9] = Double.POSITIVE_INFINITY;
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> Svd.decompose(a, 3, 4, true, true, alg));
    assertTrue(ex.getMessage().contains("row 1, column 3") && ex.getMessage().contains("NaN"),
        ex.getMessage());
    a[7] = 0;
    ex = assertThrows(IllegalArgumentException.class,
        () -> Svd.decomposeFull(a, 3, 4, alg));
    assertTrue(ex.getMessage().contains("row 2, column 1")
        && ex.getMessage().contains("Infinity"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> Svd.decompose(a, 5, 2, true, true, alg));
    assertTrue(ex.getMessage().contains("5x2") && ex.getMessage().contains("12"),
        ex.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Svd.decompose(null, 1, 1, true, true, alg));
    assertThrows(IllegalArgumentException.class,
        () -> Svd.decompose(new double[1], 1, 1, true, true, null));
    assertThrows(IllegalArgumentException.class,
        () -> Svd.decompose(new double[1], 1, 1, false, false, alg).rank(-1));
  }

  @Test
  void bidiagonalQrBoundRaisesWithProgress() {
    Random random = new Random(3);
    int n = 30;
    double[] d = new double[n];
    double[] e = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextGaussian();
      e[i] = random.nextGaussian();
    }
    BidiagonalQr qr = new BidiagonalQr();
    NoConvergenceException ex = assertThrows(NoConvergenceException.class,
        () -> qr.diagonalize(d, e, n, null, null, 1e-3));
    assertTrue(ex.getMessage().contains("of 30 singular values converged"), ex.getMessage());
    assertTrue(ex.progress() < n);
  }

  static Stream<Arguments> warmShapes() {
    return Stream.of(Arguments.of(60, 40), Arguments.of(40, 60), Arguments.of(50, 50),
        Arguments.of(1, 1), Arguments.of(0, 3));
  }

  @ParameterizedTest
  @MethodSource("warmShapes")
  void warmStartedJacobiMeetsTheContractInFewSweeps(int m, int n) {
    Random random = new Random(97L * m + n);
    int r = Math.min(m, n);
    double[] a = TestMatrices.gaussian(random, m, n);
    Svd cold = Svd.decompose(a, m, n, true, true, Algorithm.JACOBI);
    double[] square = m >= n ? cold.v() : cold.u();
    // a small step, as between two training steps
    double[] b = a.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] += 1e-3 * random.nextGaussian();
    }
    Svd warm = Svd.decomposeWarm(b, m, n, square, true, true);
    double[] s = assertContract(b, m, n, warm);
    Svd reference = Svd.decompose(b, m, n, false, false, Algorithm.JACOBI);
    for (int i = 0; i < r; i++) {
      assertEquals(reference.singularValue(i), s[i], C * Math.max(m, n) * EPS * s[0]);
    }
    if (r > 2) {
      Svd coldB = Svd.decompose(b, m, n, false, false, Algorithm.JACOBI);
      assertTrue(warm.sweeps() < coldB.sweeps(), "warm " + warm.sweeps() + " sweeps, cold "
          + coldB.sweeps());
      assertTrue(warm.sweeps() <= 4, "warm sweeps " + warm.sweeps());
    }
    // any orthogonal guess gives the right answer (only the cost depends on it)
    double[] identity = new double[r * r];
    for (int i = 0; i < r; i++) {
      identity[i * r + i] = 1;
    }
    assertContract(b, m, n, Svd.decomposeWarm(b, m, n, identity, true, true));
  }

  @Test
  void warmStartRejectsABadGuess() {
    double[] a = {1, 2, 3, 4, 5, 6};
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> Svd.decomposeWarm(a, 3, 2, new double[] {1, 0, 0, 2}, true, true));
    assertTrue(ex.getMessage().contains("orthogonal") && ex.getMessage().contains("(1, 1)"),
        ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> Svd.decomposeWarm(a, 3, 2, new double[3], true, true));
    assertTrue(ex.getMessage().contains("2x2"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> Svd.decomposeWarm(a, 3, 2, new double[] {1, 0, Double.NaN, 1}, true, true));
    assertTrue(ex.getMessage().contains("row 1, column 0"), ex.getMessage());
  }

  @Test
  void recordedRotationsMatchTheirScalarTwin() {
    Random random = new Random(8);
    for (int n : new int[] {1, 3, 17, 40}) {
      for (int cols : new int[] {1, 15, 16, 17, 1003}) {
        RotationLog log = new RotationLog();
        for (int t = 0; t < 5 * n; t++) {
          double angle = random.nextDouble() * 6.28;
          log.add(random.nextInt(Math.max(1, n - 1)), Math.cos(angle), Math.sin(angle));
        }
        double[][] a = new double[n + 1][cols];
        for (double[] row : a) {
          for (int j = 0; j < cols; j++) {
            row[j] = random.nextGaussian();
          }
        }
        double[][] b = new double[n + 1][];
        for (int i = 0; i <= n; i++) {
          b[i] = a[i].clone();
        }
        log.apply(a, cols);
        log.applyByRows(b, cols);
        for (int i = 0; i <= n; i++) {
          for (int j = 0; j < cols; j++) {
            assertEquals(b[i][j], a[i][j], 1e-12, n + " rows, " + cols + " columns: " + i);
          }
        }
      }
    }
  }

  @Test
  void recordedSweepsMatchTheirScalarTwinThroughRescaling() {
    Random random = new Random(9);
    int n = 12;
    for (int cols : new int[] {1, 9, 67, 1003}) {
      RotationLog log = new RotationLog();
      int sweeps = 400;
      for (int sweep = 0; sweep < sweeps; sweep++) {
        // small cosines shrink the row scales fast, so rows are rescaled many times
        boolean descending = sweep % 3 == 2;
        int lo = sweep % 4;
        for (int q = 0; q < n - 1 - lo; q++) {
          double angle = (sweep % 2 == 0 ? 1.2 : 0.3) + 0.2 * random.nextDouble();
          log.add(descending ? n - 2 - q : lo + q, Math.cos(angle), Math.sin(angle));
        }
        if (sweep % 7 == 0) {
          log.add(n / 2, 0, 1);
        }
      }
      double[][] a = new double[n][cols];
      for (double[] row : a) {
        for (int j = 0; j < cols; j++) {
          row[j] = random.nextGaussian();
        }
      }
      double[][] b = new double[n][];
      for (int i = 0; i < n; i++) {
        b[i] = a[i].clone();
      }
      log.apply(a, cols);
      log.applyByRows(b, cols);
      // rotations keep the column norms; errors grow at most linearly with the rotations
      double tol = 4 * Math.ulp(1.0) * log.size() / n * Math.sqrt(n) * 3;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < cols; j++) {
          assertEquals(b[i][j], a[i][j], tol, cols + " columns: " + i + ", " + j);
        }
      }
    }
  }

  // ---- the symmetric eigensolver ----

  static Stream<Arguments> symmetricSizes() {
    return Stream.of(0, 1, 2, 3, 17, 64, 130).map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("symmetricSizes")
  void symmetricEigenMeetsTheContract(int n) {
    Random random = new Random(n + 11);
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = (i % 3 == 0 ? -1 : 1) * Math.pow(10, -4.0 * i / Math.max(1, n - 1));
    }
    if (n > 4) {
      lambda[1] = lambda[2] = lambda[3];
    }
    double[] q = TestMatrices.orthonormalColumns(random, n, n);
    double[] a = TestMatrices.compose(q, lambda, q, n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[j * n + i] = a[i * n + j];
      }
    }
    SymmetricEigen eig = SymmetricEigen.decompose(a, n, true);
    double[] got = eig.eigenvalues();
    double[] sorted = lambda.clone();
    Arrays.sort(sorted);
    int big = Math.max(n, 1);
    for (int i = 0; i < n; i++) {
      assertEquals(sorted[n - 1 - i], got[i], C * big * EPS, "eigenvalue " + i);
      assertTrue(i == 0 || got[i - 1] >= got[i], "not descending");
    }
    double[] v = eig.eigenvectors();
    assertTrue(TestMatrices.orthogonalityError(v, n, n) <= C * big * EPS, "orthogonality");
    double residual = TestMatrices.maxAbsDiff(TestMatrices.compose(v, got, v, n, n), a);
    assertTrue(residual <= C * big * EPS * Math.max(TestMatrices.maxAbs(a), Double.MIN_VALUE),
        "reconstruction " + residual);
    // values only: the root-free iteration, equal to rounding (max |lambda| is 1)
    assertArrayEquals(got, SymmetricEigen.eigenvalues(a, n), C * big * EPS,
        "values-only differs");
    for (double scale : new double[] {1e300, 1e-300}) {
      double[] b = a.clone();
      for (int i = 0; i < b.length; i++) {
        b[i] *= scale;
      }
      double[] gs = SymmetricEigen.eigenvalues(b, n);
      for (int i = 0; i < n; i++) {
        assertEquals(got[i], gs[i] / scale, C * big * EPS, "scaled eigenvalue " + i);
      }
    }
  }

  /**
   * The values of two runs on the same bidiagonal (the QR iteration with vectors, dqds
   * without) agree to a few hundred ulps relative to each value: both keep relative accuracy.
   */
  private static void assertSameValues(double[] expected, double[] actual, String label) {
    assertEquals(expected.length, actual.length, label + ": count");
    for (int i = 0; i < expected.length; i++) {
      double tolerance = 1000 * EPS * Math.abs(expected[i]);
      assertEquals(expected[i], actual[i], tolerance, label + ": value " + i);
    }
  }
}
