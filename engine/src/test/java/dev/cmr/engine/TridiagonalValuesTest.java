package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The values-only (root-free) QR iteration against the rotation-based one and closed forms.
 */
class TridiagonalValuesTest {
  private static final double EPS = Math.ulp(1.0);
  /**
   * Allowed distance between the two iterations' eigenvalues, in units of eps ||T||: the
   * rotation-based iteration itself moves by up to about {@code 2 sqrt(n)} of these when the
   * matrix is merely reversed (random tridiagonals, n = 17..300).
   */
  static double agreement(int n) {
    return 4 * (2 + Math.sqrt(n));
  }

  private static double norm(double[] d, double[] e) {
    int n = d.length;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      double row = Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0)
          + (i < n - 1 ? Math.abs(e[i]) : 0);
      norm = Math.max(norm, row);
    }
    return norm;
  }

  private static double[] rootFree(double[] d, double[] e) {
    double[] dd = d.clone();
    double[] ee = Arrays.copyOf(e, d.length);
    Tridiagonal.qrIterate(dd, ee, d.length, null, 0);
    for (int i = 0; i < d.length - 1; i++) {
      assertEquals(0.0, ee[i], "off-diagonal " + i + " after the iteration");
    }
    Arrays.sort(dd);
    return dd;
  }

  private static double[] rotations(double[] d, double[] e) {
    double[] dd = d.clone();
    double[] ee = Arrays.copyOf(e, d.length);
    Tridiagonal.rotationIterate(dd, ee, d.length, null, 0,
        Tridiagonal.MAX_STEPS_PER_EIGENVALUE);
    Arrays.sort(dd);
    return dd;
  }

  /** Both iterations, sorted, agree within {@code agreement(n) eps ||T||}. */
  private static double[] assertAgree(double[] d, double[] e, String what) {
    double[] fast = rootFree(d, e);
    double[] reference = rotations(d, e);
    double tol = agreement(d.length) * EPS * norm(d, e);
    for (int i = 0; i < d.length; i++) {
      assertTrue(Math.abs(fast[i] - reference[i]) <= tol, what + ": eigenvalue " + i + " is "
          + fast[i] + ", rotations give " + reference[i] + " (tolerance " + tol + ")");
    }
    return fast;
  }

  private static void assertClose(double[] expectedSorted, double[] got, double tol,
      String what) {
    for (int i = 0; i < got.length; i++) {
      assertTrue(Math.abs(got[i] - expectedSorted[i]) <= tol, what + ": eigenvalue " + i
          + " is " + got[i] + ", expected " + expectedSorted[i] + " (tolerance " + tol + ")");
    }
  }

  @Test
  void randomTridiagonalsOfEveryOrderUpTo300() {
    Random random = new Random(41);
    for (int n = 0; n <= 300; n++) {
      double[] d = new double[n];
      double[] e = new double[n];
      for (int i = 0; i < n; i++) {
        d[i] = random.nextGaussian();
        e[i] = i < n - 1 ? random.nextGaussian() : 0;
      }
      assertAgree(d, e, "n=" + n);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 17, 64, 256, 257, 300})
  void toeplitzMatchesItsClosedForm(int n) {
    double[] d = new double[n];
    double[] e = new double[n];
    Arrays.fill(d, 2);
    Arrays.fill(e, 0, n - 1, -1);
    double[] expected = new double[n];
    for (int k = 1; k <= n; k++) {
      expected[k - 1] = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
    }
    Arrays.sort(expected);
    double[] got = assertAgree(d, e, "Toeplitz n=" + n);
    // the root-free iteration is within 3 eps ||T|| of these (the rotations within 14)
    assertClose(expected, got, 4 * EPS * norm(d, e), "Toeplitz n=" + n);
  }

  @Test
  void twoByTwoMatchesItsClosedForm() {
    Random random = new Random(5);
    for (int t = 0; t < 200; t++) {
      double a = random.nextGaussian();
      double c = random.nextGaussian() * (t % 2 == 0 ? 1 : 1e-9);
      double b = random.nextGaussian() * Math.pow(10, -random.nextInt(12));
      double mean = 0.5 * (a + c);
      double radius = Math.hypot(0.5 * (a - c), b);
      double[] expected = {mean - radius, mean + radius};
      double[] got = rootFree(new double[] {a, c}, new double[] {b, 0});
      assertClose(expected, got, 4 * EPS * norm(new double[] {a, c}, new double[] {b}),
          "2x2 (" + a + ", " + b + ", " + c + ")");
    }
  }

  @Test
  void orderZeroAndOneAreTrivial() {
    assertEquals(0, Tridiagonal.qrIterate(new double[0], new double[0], 0, null, 0));
    double[] d = {-3.25};
    assertEquals(0, Tridiagonal.qrIterate(d, new double[1], 1, null, 0));
    assertEquals(-3.25, d[0]);
  }

  @Test
  void zeroMatrixStaysZero() {
    double[] got = rootFree(new double[40], new double[40]);
    for (double x : got) {
      assertEquals(0.0, x);
    }
  }

  @Test
  void repeatedAndClusteredEigenvalues() {
    Random random = new Random(3);
    int n = 120;
    // Wilkinson's W+ matrix: pairs that agree to many digits
    double[] d = new double[n + 1];
    double[] e = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      d[i] = Math.abs(i - n / 2);
      e[i] = i < n ? 1 : 0;
    }
    assertAgree(d, e, "W+");

    // copies of one block joined by zero couplings: exactly repeated eigenvalues
    int block = 7;
    double[] bd = new double[block];
    double[] be = new double[block];
    for (int i = 0; i < block; i++) {
      bd[i] = random.nextGaussian();
      be[i] = i < block - 1 ? random.nextGaussian() : 0;
    }
    double[] rd = new double[5 * block];
    double[] re = new double[5 * block];
    for (int c = 0; c < 5; c++) {
      System.arraycopy(bd, 0, rd, c * block, block);
      System.arraycopy(be, 0, re, c * block, block);
    }
    double[] single = rotations(bd, be);
    double[] got = assertAgree(rd, re, "repeated blocks");
    double[] expected = new double[5 * block];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = single[i / 5];
    }
    assertClose(expected, got, agreement(rd.length) * EPS * norm(rd, re),
        "repeated blocks");

    // a cluster within 1e-12 next to well separated values
    double[] cd = new double[n];
    double[] ce = new double[n];
    for (int i = 0; i < n; i++) {
      cd[i] = i < n / 2 ? 1 + 1e-12 * random.nextGaussian() : random.nextGaussian();
      ce[i] = i < n - 1 ? (i < n / 2 ? 1e-13 : 0.5) * random.nextGaussian() : 0;
    }
    assertAgree(cd, ce, "cluster");
  }

  @Test
  void gradedMatrices() {
    for (boolean increasing : new boolean[] {false, true}) {
      int n = 60;
      double[] d = new double[n];
      double[] e = new double[n];
      for (int i = 0; i < n; i++) {
        int k = increasing ? n - 1 - i : i;
        d[i] = Math.pow(10, -0.25 * k);
        e[i] = i < n - 1 ? Math.pow(10, -0.25 * (k + 0.5)) : 0;
      }
      assertAgree(d, e, increasing ? "graded upward" : "graded downward");
    }
  }

  @Test
  void extremeScalesAgreeWithTheScaledProblem() {
    Random random = new Random(11);
    int n = 50;
    double[] d = new double[n];
    double[] e = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextGaussian();
      e[i] = i < n - 1 ? random.nextGaussian() : 0;
    }
    double[] unit = rootFree(d, e);
    for (int exponent : new int[] {-1000, -600, -300, 300, 600, 1000}) {
      double[] sd = new double[n];
      double[] se = new double[n];
      for (int i = 0; i < n; i++) {
        sd[i] = Math.scalb(d[i], exponent);
        se[i] = Math.scalb(e[i], exponent);
      }
      double[] got = rootFree(sd, se);
      for (int i = 0; i < n; i++) {
        assertEquals(unit[i], Math.scalb(got[i], -exponent), 0.0,
            "scale 2^" + exponent + ", eigenvalue " + i);
      }
    }
  }

  @Test
  void tinyOffDiagonalNextToLargeNorm() {
    Random random = new Random(17);
    int n = 80;
    double[] d = new double[n];
    double[] e = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i == 0 ? 1e6 : 1e-8 * random.nextGaussian();
      e[i] = i < n - 1 ? 1e-9 * random.nextGaussian() : 0;
    }
    assertAgree(d, e, "tiny block under a large entry");
  }

  @Test
  void rotationPathReportsNonConvergenceToo() {
    double[][] de = SymmetricEigenTest.unfinishedTridiagonal();
    double[] d = de[0];
    double[] e = de[1];
    int n = d.length;
    double[][] z = new double[n][n];
    NoConvergenceException ex = assertThrows(NoConvergenceException.class,
        () -> Tridiagonal.qrIterate(d, e, n, z, n, 1));
    assertTrue(ex.getMessage().contains("of 20 eigenvalues converged"), ex.getMessage());
  }
}
