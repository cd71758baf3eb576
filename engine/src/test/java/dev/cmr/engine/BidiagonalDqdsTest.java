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
import org.junit.jupiter.params.provider.ValueSource;

class BidiagonalDqdsTest {
  private static final double EPS = Math.ulp(1.0) / 2;
  /** Relative agreement required per singular value with the bidiagonal QR, in eps. */
  private static final double AGREEMENT = 500;
  /** Relative agreement required with bisection, in eps. */
  private static final double BISECTION_AGREEMENT = 100;

  /**
   * The singular values by bisection on the Golub-Kahan form {@code [0 B; B^T 0]} (an
   * independent reference, accurate to a few eps relative to each value): the count of
   * values below {@code x} comes from the signs of the LDL^T pivots of the zero-diagonal
   * tridiagonal with off-diagonals {@code d_0, e_0, d_1, ...} shifted by {@code x}.
   */
  static double[] bisectionValues(double[] d, double[] e, int n) {
    double[] b = new double[2 * n - 1];
    double top = 0;
    for (int i = 0; i < n; i++) {
      b[2 * i] = d[i];
      top = Math.max(top, Math.abs(d[i]));
      if (i < n - 1) {
        b[2 * i + 1] = e[i];
        top = Math.max(top, Math.abs(e[i]));
      }
    }
    double[] s = new double[n];
    for (int k = 0; k < n; k++) {
      double lo = 0;
      double hi = 3 * top;
      while (true) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi) {
          break;
        }
        if (countBelow(b, mid) > k) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      s[n - 1 - k] = hi;
    }
    return s;
  }

  /** Singular values below {@code x > 0}: negative pivots of the shifted form, less n. */
  private static int countBelow(double[] b, double x) {
    int negative = 1;
    double p = -x;
    for (double v : b) {
      if (p == 0) {
        p = -Double.MIN_NORMAL;
      }
      p = -x - v * (v / p);
      if (p < 0) {
        negative++;
      }
    }
    return negative - (b.length + 1) / 2;
  }

  /** The bidiagonal QR's values (the reference), descending. */
  private static double[] qrValues(double[] d, double[] e, int n) {
    double[] dc = Arrays.copyOf(d, n);
    double[] ec = Arrays.copyOf(e, n);
    new BidiagonalQr().diagonalize(dc, ec, n, null, null);
    Arrays.sort(dc);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = dc[n - 1 - i];
    }
    return out;
  }

  /** Runs dqds, checks the output's shape and order, and that the input is untouched. */
  private static double[] dqds(BidiagonalDqds solver, double[] d, double[] e, int n) {
    double[] dBefore = d.clone();
    double[] eBefore = e.clone();
    double[] s = solver.singularValues(d, e, n);
    assertEquals(n, s.length);
    assertArrayEquals(dBefore, d, 0.0, "d modified");
    assertArrayEquals(eBefore, e, 0.0, "e modified");
    for (int i = 0; i < n; i++) {
      assertTrue(s[i] >= 0, "value " + i + " negative: " + s[i]);
      assertTrue(i == 0 || s[i] <= s[i - 1], "not descending at " + i);
    }
    return s;
  }

  /** Each value agrees with the reference to {@code ulps} eps relative to itself. */
  private static void assertRelative(double[] expected, double[] actual, double ulps,
      String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
      assertTrue(Math.abs(expected[i] - actual[i]) <= ulps * EPS * scale,
          what + ": value " + i + " expected " + expected[i] + ", got " + actual[i]
          + " (" + Math.abs(expected[i] - actual[i]) / (EPS * scale) + " eps)");
    }
  }

  private static void assertAgreesWithQr(double[] d, double[] e, int n, String what) {
    BidiagonalDqds solver = new BidiagonalDqds();
    double[] s = dqds(solver, d, e, n);
    assertFalse(solver.fellBack(), what + ": fell back");
    assertRelative(qrValues(d, e, n), s, AGREEMENT, what);
    if (n > 0) {
      assertRelative(bisectionValues(d, e, n), s, BISECTION_AGREEMENT, what + " (bisection)");
    }
    assertTrue(solver.transforms() <= BidiagonalDqds.MAX_TRANSFORMS_FACTOR * n,
        what + ": transforms " + solver.transforms());
    assertTrue(solver.offDiagonal() <= BidiagonalQr.tolerance(),
        what + ": off-diagonal " + solver.offDiagonal());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 17, 100, 257})
  void randomBidiagonalsAgreeWithQr(int n) {
    Random random = new Random(7L * n + 1);
    for (int trial = 0; trial < 5; trial++) {
      double[] d = new double[n];
      double[] e = new double[Math.max(n - 1, 0)];
      for (int i = 0; i < n; i++) {
        d[i] = random.nextGaussian();
      }
      for (int i = 0; i < n - 1; i++) {
        e[i] = random.nextGaussian();
      }
      assertAgreesWithQr(d, e, n, "n " + n + " trial " + trial);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 17, 100, 257})
  void gradedBidiagonalsKeepTheirSmallValues(int n) {
    Random random = new Random(11L * n);
    double[] d = new double[n];
    double[] e = new double[n - 1];
    for (int i = 0; i < n; i++) {
      d[i] = (1 + random.nextDouble()) * Math.pow(10, -i / 2.0);
    }
    for (int i = 0; i < n - 1; i++) {
      e[i] = (1 + random.nextDouble()) * Math.pow(10, -(i + 1) / 2.0);
    }
    assertAgreesWithQr(d, e, n, "graded down, n " + n);
    double[] dr = new double[n];
    double[] er = new double[n - 1];
    for (int i = 0; i < n; i++) {
      dr[i] = d[n - 1 - i];
    }
    for (int i = 0; i < n - 1; i++) {
      er[i] = e[n - 2 - i];
    }
    assertAgreesWithQr(dr, er, n, "graded up, n " + n);
    // the smallest value of the downward graded matrix is near d_last: nowhere near eps
    double[] s = new BidiagonalDqds().singularValues(d, e, n);
    assertTrue(s[n - 1] > 1e-3 * d[n - 1] * Math.pow(10, -0.5), "smallest " + s[n - 1]);
  }

  @Test
  void zerosInTheDiagonalGiveZeroValues() {
    Random random = new Random(5);
    for (int n : new int[] {2, 3, 17, 100}) {
      for (int[] zeros : new int[][] {{0}, {n - 1}, {n / 2}, {0, n / 2, n - 1}}) {
        double[] d = gaussians(random, n);
        double[] e = gaussians(random, n - 1);
        for (int z : zeros) {
          d[z] = 0;
        }
        // with every e nonzero the rank is n - 1: one zero value
        int count = 1;
        double[] s = dqds(new BidiagonalDqds(), d, e, n);
        for (int i = 0; i < count; i++) {
          assertEquals(0.0, s[n - 1 - i], "n " + n + " zero value " + i);
        }
        assertTrue(count == n || s[n - 1 - count] > 0);
        double[] ref = qrValues(d, e, n);
        assertRelative(Arrays.copyOf(ref, n - count), Arrays.copyOf(s, n - count), AGREEMENT,
            "zeros in d, n " + n);
      }
    }
  }

  @Test
  void zerosInTheSuperdiagonalSplit() {
    Random random = new Random(6);
    int n = 60;
    double[] d = new double[n];
    double[] e = new double[n - 1];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextGaussian();
    }
    for (int i = 0; i < n - 1; i++) {
      e[i] = i % 7 == 3 || i == 0 || i == n - 2 ? 0 : random.nextGaussian();
    }
    assertAgreesWithQr(d, e, n, "zeros in e");
    // diagonal input: the values are the sorted magnitudes, exactly
    double[] diag = {3, -1, 2, 0, -5};
    double[] s = dqds(new BidiagonalDqds(), diag, new double[4], 5);
    assertArrayEquals(new double[] {5, 3, 2, 1, 0}, s, 0.0);
    assertArrayEquals(new double[3], new BidiagonalDqds().singularValues(new double[3],
        new double[2], 3), 0.0);
  }

  @Test
  void tiedAndEqualValues() {
    int n = 40;
    double[] ones = new double[n];
    Arrays.fill(ones, 1);
    double[] s = dqds(new BidiagonalDqds(), ones, new double[n - 1], n);
    for (double x : s) {
      assertEquals(1, x, 4 * EPS);
    }
    // repeated 2x2 blocks [[1, 1], [0, 1]]: golden ratio pairs, each value twenty times
    double[] e = new double[n - 1];
    for (int i = 0; i < n - 1; i += 2) {
      e[i] = 1;
    }
    s = dqds(new BidiagonalDqds(), ones, e, n);
    double phi = (1 + Math.sqrt(5)) / 2;
    for (int i = 0; i < n; i++) {
      assertEquals(i < n / 2 ? phi : 1 / phi, s[i], 8 * EPS, "value " + i);
    }
    // coupled ties: equal diagonal, tiny couplings
    double[] tiny = new double[n - 1];
    Arrays.fill(tiny, 1e-9);
    assertAgreesWithQr(ones, tiny, n, "near ties");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 50, 200})
  void onesOnBothDiagonalsHaveCosineValues(int n) {
    double[] d = new double[n];
    double[] e = new double[Math.max(n - 1, 0)];
    Arrays.fill(d, 1);
    Arrays.fill(e, 1);
    double[] s = dqds(new BidiagonalDqds(), d, e, n);
    for (int k = 1; k <= n; k++) {
      // 2 cos(k pi / (2n + 1)), written as a sine to keep the small ones accurate
      double expected = 2 * Math.sin((2 * n + 1 - 2 * k) * Math.PI / (2 * (2 * n + 1)));
      assertEquals(expected, s[k - 1], 20 * EPS * expected, "n " + n + " value " + k);
    }
  }

  @Test
  void twoByTwoHasItsClosedForm() {
    // [[f, g], [0, h]]: s1 s2 = |f h|, s1^2 + s2^2 = f^2 + g^2 + h^2
    Random random = new Random(9);
    for (int trial = 0; trial < 200; trial++) {
      double f = random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
      double g = random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
      double h = random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
      double[] s = dqds(new BidiagonalDqds(), new double[] {f, h}, new double[] {g}, 2);
      double small = BidiagonalQr.smallerSingularValue(f, g, h);
      assertEquals(small, s[1], 8 * EPS * small, "trial " + trial);
      assertEquals(Math.abs(f * h) / small, s[0], 8 * EPS * s[0], "trial " + trial);
    }
  }

  @Test
  void extremeScalesGiveScaledValues() {
    Random random = new Random(12);
    int n = 30;
    double[] d = gaussians(random, n);
    double[] e = gaussians(random, n - 1);
    for (double scale : new double[] {1e300, 1e-300, 0x1p-1060, Double.MAX_VALUE / 4}) {
      double[] ds = new double[n];
      double[] es = new double[n - 1];
      for (int i = 0; i < n; i++) {
        ds[i] = d[i] * scale;
      }
      for (int i = 0; i < n - 1; i++) {
        es[i] = e[i] * scale;
      }
      // the reference: the rounded entries scaled back to 1 by an exact power of two
      int k = Svd.exponentOf(scale);
      double[] du = new double[n];
      double[] eu = new double[n - 1];
      for (int i = 0; i < n; i++) {
        du[i] = Math.scalb(ds[i], -k);
      }
      for (int i = 0; i < n - 1; i++) {
        eu[i] = Math.scalb(es[i], -k);
      }
      double[] base = bisectionValues(du, eu, n);
      double[] s = dqds(new BidiagonalDqds(), ds, es, n);
      for (int i = 0; i < n; i++) {
        // subnormal results keep only the precision their format has
        double expected = Math.scalb(base[i], k);
        assertEquals(expected, s[i],
            BISECTION_AGREEMENT * EPS * expected + Math.ulp(expected),
            "scale " + scale + " value " + i);
      }
    }
  }

  @Test
  void tooWideARangeFallsBackToQr() {
    Random random = new Random(13);
    int n = 20;
    double[] d = gaussians(random, n);
    double[] e = gaussians(random, n - 1);
    BidiagonalDqds solver = new BidiagonalDqds();
    double limit = Math.scalb(1.0, BidiagonalDqds.FALLBACK_EXPONENT);
    double big = 0;
    for (double x : d) {
      big = Math.max(big, Math.abs(x));
    }
    for (double x : e) {
      big = Math.max(big, Math.abs(x));
    }
    d[n - 1] = big * limit * 0.25;
    double[] s = dqds(solver, d, e, n);
    assertTrue(solver.fellBack());
    assertArrayEquals(qrValues(d, e, n), s, 0.0);
    // just inside the range: dqds, to high relative accuracy
    d[n - 1] = big * limit * 4;
    s = dqds(solver, d, e, n);
    assertFalse(solver.fellBack());
    assertRelative(qrValues(d, e, n), s, AGREEMENT, "inside the range");
  }

  @Test
  void boundRaisesWithProgress() {
    Random random = new Random(3);
    int n = 30;
    double[] d = gaussians(random, n);
    double[] e = gaussians(random, n - 1);
    NoConvergenceException ex = assertThrows(NoConvergenceException.class,
        () -> new BidiagonalDqds().singularValues(d, e, n, 0.5));
    assertTrue(ex.getMessage().contains("of 30 singular values converged after 15 transforms"),
        ex.getMessage());
    assertTrue(ex.progress() < n);
    assertEquals(15, ex.iterations());
  }

  @Test
  void transformsStayFewPerValue() {
    Random random = new Random(21);
    int n = 300;
    // the bidiagonal of a Gaussian matrix, as the SVD produces it
    GolubKahanSvd g = new GolubKahanSvd(n, n);
    g.load(TestMatrices.gaussian(random, n, n), n, n, false, 0);
    g.bidiagonalize();
    BidiagonalDqds solver = new BidiagonalDqds();
    double[] s = solver.singularValues(g.d, g.e, n);
    assertTrue(solver.transforms() <= 5 * n, "transforms " + solver.transforms());
    assertRelative(bisectionValues(g.d, g.e, n), s, BISECTION_AGREEMENT, "gaussian");
    // a bidiagonal with Gaussian entries converges more slowly, within the bound
    double[] d = gaussians(random, n);
    double[] e = gaussians(random, n - 1);
    solver.singularValues(d, e, n);
    assertTrue(solver.transforms() <= 10 * n, "transforms " + solver.transforms());
  }

  /** {@code count} independent standard normal numbers. */
  private static double[] gaussians(Random random, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }
}
