package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrRegularizer.Products;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SymmetricProducts} against plain loops, and {@link Products#FAST} against
 * {@link Products#REFERENCE}: the same value and, within the documented tolerance, the same
 * gradient, on training-like sequences, ill-conditioned and tied spectra and awkward shapes.
 */
class FastProductsTest {
  private static final CmrConfig DEFAULTS = CmrConfig.defaults();

  // ---- SymmetricProducts against plain loops -------------------------------------------

  private static double[] symmetric(Random random, int n) {
    double[] a = TestMatrices.gaussian(random, n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        a[i * n + j] = a[j * n + i];
      }
    }
    return a;
  }

  /** Plain triple loop, double accumulation. */
  private static double[] naive(double[] a, boolean transA, double[] b, boolean transB,
      int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  private static void assertSymmetric(double[] c, int n) {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        assertEquals(c[j * n + i], c[i * n + j], 0.0, "not symmetric at " + i + "," + j);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 17, 127, 128, 129, 200})
  void commutingProductMatchesPlainLoops(int n) {
    Random random = new Random(n);
    double[] a = symmetric(random, n);
    double[] b = naive(a, false, a, false, n, n, n);
    for (int i = 0; i < b.length; i++) {
      b[i] = 0.5 * b[i] - a[i];
    }
    for (int i = 0; i < n; i++) {
      b[i * n + i] += 2;
    }
    double[] want = naive(a, false, b, false, n, n, n);
    double[] got = new double[n * n];
    SymmetricProducts.multiply(a, b, n, got);
    assertSymmetric(got, n);
    double scale = TestMatrices.maxAbs(want);
    assertTrue(TestMatrices.maxAbsDiff(want, got) <= 1e-13 * n * scale, "double, n = " + n);

    float[] af = new float[n * n];
    float[] bf = new float[n * n];
    float[] cf = new float[n * n];
    for (int i = 0; i < af.length; i++) {
      af[i] = (float) a[i];
      bf[i] = (float) b[i];
    }
    SymmetricProducts.multiply(af, bf, n, cf);
    double[] gotFloat = new double[n * n];
    for (int i = 0; i < cf.length; i++) {
      gotFloat[i] = cf[i];
    }
    assertSymmetric(gotFloat, n);
    assertTrue(TestMatrices.maxAbsDiff(want, gotFloat) <= 1e-6 * n * scale, "float, n = " + n);
  }

  @ParameterizedTest
  @CsvSource({"1,1", "1,5", "5,1", "3,3", "17,40", "40,17", "300,130", "130,300", "256,256",
      "129,1003"})
  void gramMatchesPlainLoops(int rows, int cols) {
    Random random = new Random(rows * 7919L + cols);
    double[] w = TestMatrices.gaussian(random, rows, cols);
    int r = Math.min(rows, cols);
    double[] want = cols <= rows ? naive(w, true, w, false, cols, rows, cols)
        : naive(w, false, w, true, rows, cols, rows);
    double[] got = new double[r * r];
    SymmetricProducts.gram(w, rows, cols, got);
    assertSymmetric(got, r);
    double tol = 1e-14 * Math.max(rows, cols) * TestMatrices.maxAbs(want);
    assertTrue(TestMatrices.maxAbsDiff(want, got) <= tol, rows + "x" + cols);
  }

  // ---- FAST against REFERENCE ----------------------------------------------------------

  private static float[] toFloat(double[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) x[i];
    }
    return y;
  }

  private static double norm(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v * (double) v;
    }
    return Math.sqrt(s);
  }

  /**
   * Asserts FAST equals REFERENCE on float input: the value to 1e-12 relative (both from the
   * same eigenvalues, only the Gram's summation order differs), the gradient within
   * {@link CmrRegularizer#FAST_FLOAT_TOLERANCE} of the reference's norm. Returns the relative
   * gradient difference.
   */
  private static double assertFastMatchesReference(CmrConfig config, float[] w, int rows,
      int cols) {
    float[] gr = new float[w.length];
    float[] gf = new float[w.length];
    double vr = new CmrRegularizer(config, Products.REFERENCE).valueAndGradient(w, rows, cols,
        gr);
    double vf = new CmrRegularizer(config, Products.FAST).valueAndGradient(w, rows, cols, gf);
    assertEquals(vr, vf, 1e-12 * Math.abs(vr) + 1e-15, "value " + rows + "x" + cols);
    float[] diff = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      diff[i] = gf[i] - gr[i];
    }
    double rel = norm(diff) / norm(gr);
    assertTrue(rel <= CmrRegularizer.FAST_FLOAT_TOLERANCE,
        rows + "x" + cols + ": gradient differs by " + rel + " relative");
    return rel;
  }

  @ParameterizedTest
  @CsvSource({"160,160", "96,200", "200,96", "10,160", "1,40", "40,1"})
  void agreesAlongATrainingLikeSequence(int rows, int cols) {
    Random random = new Random(rows * 31L + cols);
    int r = Math.min(rows, cols);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = 0.06 * (1 + 0.5 * Math.cos(Math.PI * (i + 0.5) / r));
    }
    double[] w = TestMatrices.withSingularValues(random, rows, cols, s);
    CmrRegularizer step = new CmrRegularizer(DEFAULTS, Products.REFERENCE);
    double[] g = new double[w.length];
    for (int t = 0; t < 6; t++) {
      assertFastMatchesReference(DEFAULTS, toFloat(w), rows, cols);
      // a small step down the regularizer plus noise, as a layer sees in training
      step.valueAndGradient(w, rows, cols, g);
      double gn = TestMatrices.frobenius(g);
      double wn = TestMatrices.frobenius(w);
      for (int i = 0; i < w.length; i++) {
        w[i] -= 0.02 * wn * (g[i] / gn) + 1e-3 * wn / Math.sqrt(w.length)
            * random.nextGaussian();
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"160,160,1e4", "200,96,1e4", "96,200,1e3", "130,130,3e7"})
  void agreesOnIllConditionedSpectra(int rows, int cols, double kappa) {
    Random random = new Random(rows + (long) kappa);
    int r = Math.min(rows, cols);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = 0.3 * Math.pow(kappa, -i / (double) (r - 1));
    }
    assertFastMatchesReference(DEFAULTS, toFloat(TestMatrices.withSingularValues(random, rows,
        cols, s)), rows, cols);
  }

  @Test
  void agreesWithTiedEdges() {
    Random random = new Random(5);
    // ties survive the rounding to float when the singular vectors are coordinate vectors
    int n = 140;
    double[] w = new double[n * n];
    for (int i = 0; i < n; i++) {
      w[i * n + (i * 37) % n] = i < 3 ? 0.5 : i >= n - 2 ? 0.125 : 0.25 + 0.001 * i / n;
    }
    assertFastMatchesReference(DEFAULTS, toFloat(w), n, n);
    // more tied than the inverse-iteration limit: the full-vector fallback
    for (int i = 0; i < 12; i++) {
      w[i * n + (i * 37) % n] = 0.5;
    }
    assertFastMatchesReference(DEFAULTS, toFloat(w), n, n);
    // all tied (an orthogonal initialization)
    double[] s = new double[64];
    java.util.Arrays.fill(s, 0.06);
    assertFastMatchesReference(DEFAULTS, toFloat(TestMatrices.withSingularValues(random, 64,
        150, s)), 64, 150);
    assertFastMatchesReference(DEFAULTS, toFloat(TestMatrices.withSingularValues(random, 150,
        64, s)), 150, 64);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 6, 9})
  void agreesForOtherOrders(int order) {
    // above FLOAT_MAX_ORDER the polynomial stays in double
    CmrConfig config = new CmrConfig(1e-6, order, 0.15, 1.0, 0.5, 0.03, 0.5);
    Random random = new Random(order);
    double[] w = TestMatrices.gaussian(random, 150, 130);
    assertFastMatchesReference(config, toFloat(w), 150, 130);
  }

  @Test
  void doubleInputAgreesToRoundingAndFloatInputIsRepeatable() {
    Random random = new Random(17);
    double[] w = TestMatrices.gaussian(random, 180, 140);
    double[] gr = new double[w.length];
    double[] gf = new double[w.length];
    double vr = new CmrRegularizer(DEFAULTS, Products.REFERENCE).valueAndGradient(w, 180, 140,
        gr);
    CmrRegularizer fast = new CmrRegularizer(DEFAULTS);
    double vf = fast.valueAndGradient(w, 180, 140, gf);
    assertEquals(vr, vf, 1e-12 * Math.abs(vr));
    assertTrue(TestMatrices.maxAbsDiff(gr, gf) <= 1e-10 * TestMatrices.maxAbs(gr));

    // no state between calls: a used instance and a fresh one give the same bits
    float[] x = toFloat(w);
    float[] first = new float[x.length];
    float[] again = new float[x.length];
    double v1 = fast.valueAndGradient(x, 180, 140, first);
    fast.valueAndGradient(toFloat(TestMatrices.gaussian(random, 60, 70)), 60, 70,
        new float[60 * 70]);
    double v2 = new CmrRegularizer(DEFAULTS).valueAndGradient(x, 180, 140, again);
    assertEquals(v1, v2, 0.0);
    assertArrayEquals(first, again);
  }

  @Test
  void rejectsANullMode() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CmrRegularizer(DEFAULTS, null));
    assertEquals("products must not be null", e.getMessage());
    assertEquals(Products.FAST, new CmrRegularizer(DEFAULTS).products());
  }
}
