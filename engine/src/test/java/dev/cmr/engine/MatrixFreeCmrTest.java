package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Matrix-free CMR: agreement with the exact path on average, edge cases, reproducibility and
 * bad input. The statistical properties over many shapes and spectra are in property-tests.
 */
class MatrixFreeCmrTest {
  private static final CmrConfig CONFIG = CmrConfig.defaults();

  /** Options that resolve the edges to rounding on small matrices. */
  static MatrixFreeOptions tight(int probes) {
    return new MatrixFreeOptions(SpectralMethod.MATRIX_FREE, probes,
        new Lanczos.Options(200, 2, 1e-12));
  }

  static double[] spread(int r, double kappa) {
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = r == 1 ? 1 : Math.pow(kappa, -i / (double) (r - 1));
    }
    return s;
  }

  @Test
  void meanOverSeedsMatchesTheExactMomentsAndGradient() {
    int m = 12;
    int n = 9;
    double[] w = TestMatrices.withSingularValues(new Random(15), m, n, spread(n, 5));
    double[] exact = new double[m * n];
    CmrRegularizer regularizer = new CmrRegularizer(CONFIG);
    regularizer.valueAndGradient(w, m, n, exact);
    double[] exactMoments = regularizer.analyze(w, m, n).moments();

    MatrixFreeCmr estimator = new MatrixFreeCmr(CONFIG, tight(4));
    int seeds = 2000;
    double[] mean = new double[m * n];
    double[] meanSquares = new double[m * n];
    double[][] momentSamples = new double[seeds][];
    double[] g = new double[m * n];
    for (int seed = 0; seed < seeds; seed++) {
      estimator.valueAndGradient(w, m, n, seed, null, g);
      for (int i = 0; i < g.length; i++) {
        mean[i] += g[i] / seeds;
        meanSquares[i] += g[i] * g[i] / seeds;
      }
      momentSamples[seed] = estimator.lastEstimate().moments();
    }
    for (int k = 3; k <= CONFIG.maxOrder(); k++) {
      double sum = 0;
      double squares = 0;
      for (double[] sample : momentSamples) {
        sum += sample[k];
        squares += sample[k] * sample[k];
      }
      double avg = sum / seeds;
      double sd = Math.sqrt((squares / seeds - avg * avg) / seeds);
      assertEquals(exactMoments[k], avg, 4.5 * sd, "m_" + k);
    }
    // unbiased: E ||mean - exact||^2 equals the summed variance of the mean
    double errorSquared = 0;
    double varianceOfMean = 0;
    for (int i = 0; i < g.length; i++) {
      double e = mean[i] - exact[i];
      errorSquared += e * e;
      varianceOfMean += (meanSquares[i] - mean[i] * mean[i]) / seeds;
    }
    assertTrue(errorSquared < 3 * varianceOfMean, errorSquared + " vs " + varianceOfMean);
    // and the estimate is not trivially noisy: the mean is close to the exact gradient
    assertTrue(Math.sqrt(errorSquared) < 0.05 * TestMatrices.frobenius(exact));
  }

  @Test
  void edgesAndValueMatchTheExactSpectrumWhenConverged() {
    int m = 30;
    int n = 20;
    double[] w = TestMatrices.withSingularValues(new Random(4), m, n, spread(n, 8));
    LayerSpectrum exact = new CmrRegularizer(CONFIG).analyze(w, m, n);
    MatrixFreeCmr estimator = new MatrixFreeCmr(CONFIG, tight(8));
    estimator.valueAndGradient(w, m, n, 1, null, new double[m * n]);
    MatrixFreeEstimate e = estimator.lastEstimate();
    assertTrue(e.edgesConverged());
    assertEquals(exact.sMax() * exact.sMax(), e.lambdaMax(), 1e-10);
    assertEquals(exact.sMin() * exact.sMin(), e.lambdaMin(), 1e-10);
    assertEquals(exact.edgeTerm(), e.edgeTerm(), 1e-8);
    assertEquals(1.0, e.moments()[0], 1e-15);
    assertEquals(0.0, e.standardErrors()[0], 0.0);
  }

  @Test
  void wideMatricesHaveAZeroBottomEdge() {
    int m = 4;
    int n = 9;
    double[] w = TestMatrices.gaussian(new Random(2), m, n);
    MatrixFreeCmr estimator = new MatrixFreeCmr(CONFIG, tight(8));
    estimator.valueAndGradient(w, m, n, 7, null, new double[m * n]);
    MatrixFreeEstimate e = estimator.lastEstimate();
    assertEquals(0.0, e.lambdaMin(), 0.0);
    LayerSpectrum exact = new CmrRegularizer(CONFIG).analyze(w, m, n);
    assertEquals(exact.edgeTerm(), e.edgeTerm(), 1e-8);
  }

  @Test
  void zeroAndTinyShapesGiveFiniteResults() {
    MatrixFreeCmr estimator = new MatrixFreeCmr(CONFIG, MatrixFreeOptions.of(
        SpectralMethod.MATRIX_FREE));
    for (int[] shape : new int[][] {{1, 1}, {1, 5}, {5, 1}, {3, 3}}) {
      int m = shape[0];
      int n = shape[1];
      double[] zero = new double[m * n];
      double[] g = new double[m * n];
      Arrays.fill(g, 7);
      double value = estimator.valueAndGradient(zero, m, n, 3, null, g);
      assertTrue(Double.isFinite(value), m + "x" + n);
      assertArrayEquals(new double[m * n], g, 0.0, m + "x" + n);
      double[] w = TestMatrices.gaussian(new Random(m * 31 + n), m, n);
      value = estimator.valueAndGradient(w, m, n, 3, null, g);
      double expected = new CmrRegularizer(CONFIG).analyze(w, m, n).edgeTerm();
      assertEquals(expected, estimator.lastEstimate().edgeTerm(), 1e-6 * Math.abs(expected)
          + 1e-9, m + "x" + n);
      for (double x : g) {
        assertTrue(Double.isFinite(x), m + "x" + n);
      }
    }
  }

  @Test
  void sameSeedIsBitIdenticalAndOtherSeedsDiffer() {
    int m = 40;
    int n = 33;
    float[] w = new float[m * n];
    Random random = new Random(9);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) random.nextGaussian();
    }
    MatrixFreeCmr a = new MatrixFreeCmr(CONFIG, MatrixFreeOptions.of(SpectralMethod.MATRIX_FREE));
    MatrixFreeCmr b = new MatrixFreeCmr(CONFIG, MatrixFreeOptions.of(SpectralMethod.MATRIX_FREE));
    float[] ga = new float[m * n];
    float[] gb = new float[m * n];
    long seed = MatrixFreeCmr.probeSeed(42, 17, 3);
    double va = a.valueAndGradient(w, m, n, seed, null, ga);
    double vb = b.valueAndGradient(w, m, n, seed, null, gb);
    assertEquals(va, vb, 0.0);
    assertArrayEquals(ga, gb, 0f);
    b.valueAndGradient(w, m, n, MatrixFreeCmr.probeSeed(42, 18, 3), null, gb);
    assertFalse(Arrays.equals(ga, gb));
    assertNotEquals(MatrixFreeCmr.probeSeed(42, 17, 3), MatrixFreeCmr.probeSeed(42, 17, 4));
    assertNotEquals(MatrixFreeCmr.probeSeed(42, 17, 3), MatrixFreeCmr.probeSeed(43, 17, 3));
  }

  @Test
  void warmStartIsStoredAndSavesIterations() {
    int m = 300;
    int n = 300;
    double[] w = TestMatrices.withSingularValues(new Random(5), m, n, spread(n, 4));
    MatrixFreeCmr estimator = new MatrixFreeCmr(CONFIG, MatrixFreeOptions.of(
        SpectralMethod.MATRIX_FREE));
    EdgeWarmStart warm = new EdgeWarmStart();
    assertTrue(warm.isEmpty());
    double[] g = new double[m * n];
    estimator.valueAndGradient(w, m, n, 1, warm, g);
    int cold = estimator.lastEstimate().lanczosIterations();
    assertFalse(warm.isEmpty());
    // a small step of the weights, as in training
    for (int i = 0; i < w.length; i++) {
      w[i] -= 1e-3 * g[i];
    }
    estimator.valueAndGradient(w, m, n, 2, warm, g);
    int warmed = estimator.lastEstimate().lanczosIterations();
    assertTrue(estimator.lastEstimate().edgesConverged());
    assertTrue(warmed < cold, "warm " + warmed + " vs cold " + cold);
    warm.clear();
    assertTrue(warm.isEmpty());
  }

  @Test
  void gradientMayAliasTheWeights() {
    int m = 6;
    int n = 5;
    double[] w = TestMatrices.gaussian(new Random(1), m, n);
    double[] expected = new double[m * n];
    MatrixFreeCmr estimator = new MatrixFreeCmr(CONFIG, tight(8));
    estimator.valueAndGradient(w, m, n, 5, null, expected);
    double[] alias = w.clone();
    estimator.valueAndGradient(alias, m, n, 5, null, alias);
    assertArrayEquals(expected, alias, 0.0);
  }

  @Test
  void rejectsBadInputByNameAndLeavesOutputsAlone() {
    MatrixFreeCmr estimator = new MatrixFreeCmr(CONFIG, MatrixFreeOptions.of(
        SpectralMethod.MATRIX_FREE));
    double[] g = new double[6];
    Arrays.fill(g, 3);
    EdgeWarmStart warm = new EdgeWarmStart();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> estimator.valueAndGradient((double[]) null, 2, 3, 0, warm, g));
    assertTrue(e.getMessage().contains("weight matrix w"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> estimator.valueAndGradient(new double[6], 0, 3, 0, warm, g));
    assertTrue(e.getMessage().contains("0x3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> estimator.valueAndGradient(new double[5], 2, 3, 0, warm, g));
    assertTrue(e.getMessage().contains("needs 6 elements, but its length is 5"),
        e.getMessage());
    double[] nan = new double[6];
    nan[4] = Double.NaN;
    e = assertThrows(IllegalArgumentException.class,
        () -> estimator.valueAndGradient(nan, 2, 3, 0, warm, g));
    assertTrue(e.getMessage().contains("row 1, column 1") && e.getMessage().contains("NaN"),
        e.getMessage());
    float[] inf = new float[6];
    inf[2] = Float.NEGATIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class,
        () -> estimator.valueAndGradient(inf, 2, 3, 0, warm, new float[6]));
    assertTrue(e.getMessage().contains("row 0, column 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> estimator.valueAndGradient(new double[6], 2, 3, 0, warm, new double[4]));
    assertTrue(e.getMessage().contains("gradient must have rows * cols = 2 * 3 = 6"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> estimator.valueAndGradient(new double[6], 2, 3, 0, warm, (double[]) null));
    assertTrue(e.getMessage().contains("gradient must not be null"), e.getMessage());
    double[] huge = {1e200, 1e200, 1e200, 1e200, 1e200, 1e200};
    e = assertThrows(IllegalArgumentException.class,
        () -> estimator.valueAndGradient(huge, 2, 3, 0, warm, g));
    assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    double[] untouched = new double[6];
    Arrays.fill(untouched, 3);
    assertArrayEquals(untouched, g, 0.0);
    assertTrue(warm.isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new MatrixFreeCmr(null,
        MatrixFreeOptions.defaults()));
    assertThrows(IllegalArgumentException.class, () -> new MatrixFreeCmr(CONFIG, null));
  }

  @Test
  void optionsAndMethodsValidateAndResolve() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MatrixFreeOptions(SpectralMethod.AUTO, 1, Lanczos.Options.defaults()));
    assertEquals("probes must be in [2, 4096], got 1", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new MatrixFreeOptions(null, 8, Lanczos.Options.defaults()));
    assertThrows(IllegalArgumentException.class,
        () -> new MatrixFreeOptions(SpectralMethod.AUTO, 8, null));
    assertEquals(SpectralMethod.EXACT, MatrixFreeOptions.defaults().method());
    assertEquals(8, MatrixFreeOptions.defaults().probes());

    assertEquals(SpectralMethod.MATRIX_FREE, SpectralMethod.parse("matrix-free"));
    assertEquals(SpectralMethod.EXACT, SpectralMethod.parse("EXACT"));
    assertEquals(SpectralMethod.AUTO, SpectralMethod.parse("auto"));
    e = assertThrows(IllegalArgumentException.class, () -> SpectralMethod.parse("fast"));
    assertEquals("spectral method must be exact, matrix-free or auto, got fast",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SpectralMethod.parse(null));
    for (SpectralMethod method : SpectralMethod.values()) {
      assertEquals(method, SpectralMethod.parse(method.cliName()));
    }

    MatrixFreeOptions auto = MatrixFreeOptions.of(SpectralMethod.AUTO);
    assertEquals(SpectralMethod.EXACT, auto.methodFor(256, 256, CONFIG));
    assertEquals(SpectralMethod.EXACT, auto.methodFor(10, 4096, CONFIG));
    assertEquals(SpectralMethod.MATRIX_FREE, auto.methodFor(2048, 2048, CONFIG));
    assertEquals(SpectralMethod.MATRIX_FREE, auto.methodFor(4096, 4096, CONFIG));
    assertEquals(SpectralMethod.EXACT,
        MatrixFreeOptions.of(SpectralMethod.EXACT).methodFor(4096, 4096, CONFIG));
    assertEquals(SpectralMethod.MATRIX_FREE,
        MatrixFreeOptions.of(SpectralMethod.MATRIX_FREE).methodFor(2, 2, CONFIG));
    e = assertThrows(IllegalArgumentException.class, () -> auto.methodFor(0, 3, CONFIG));
    assertTrue(e.getMessage().contains("0x3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> auto.methodFor(3, 3, null));
  }
}
