package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CmrRegularizerTest {
  private static final CmrConfig DEFAULTS = CmrConfig.defaults();
  private static final CmrConfig EDGE_ONLY = new CmrConfig(1e-6, 5, 0.15, 1.0, 0.0, 0.03, 0.5);

  private static double value(CmrRegularizer reg, double[] w, int rows, int cols) {
    return reg.valueAndGradient(w, rows, cols, new double[w.length]);
  }

  private static double[] gradient(CmrRegularizer reg, double[] w, int rows, int cols) {
    double[] g = new double[w.length];
    reg.valueAndGradient(w, rows, cols, g);
    return g;
  }

  private static double[] spectrum(double... s) {
    return s;
  }

  /**
   * Central differences of R, entry by entry, with R from the singular values: a computed Gram
   * eigenvalue carries an absolute error near {@code eps_mach lambda_max}, which the edge term
   * magnifies by {@code 1/(lambda_min + eps)} and the difference quotient by {@code 1/h}.
   */
  private static double[] finiteDifferences(CmrRegularizer reg, double[] w, int rows,
      int cols, double h) {
    double[] fd = new double[w.length];
    double[] x = w.clone();
    for (int i = 0; i < w.length; i++) {
      x[i] = w[i] + h;
      double up = reg.analyze(x, rows, cols).regularizer();
      x[i] = w[i] - h;
      double down = reg.analyze(x, rows, cols).regularizer();
      x[i] = w[i];
      fd[i] = (up - down) / (2 * h);
    }
    return fd;
  }

  private static void assertGradientMatchesDifferences(double[] w, int rows, int cols,
      double tol) {
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    double[] g = gradient(reg, w, rows, cols);
    double[] fd = finiteDifferences(reg, w, rows, cols, 1e-6);
    // R is O(1), so the differences carry about 1e-11 of rounding noise: floor the scale
    double err = TestMatrices.maxAbsDiff(g, fd) / Math.max(TestMatrices.maxAbs(fd), 1e-3);
    assertTrue(err <= tol, rows + "x" + cols + ": gradient vs central differences, relative "
        + "error " + err);
  }

  @ParameterizedTest
  @CsvSource({"6,6", "9,4", "4,9", "1,5", "5,1", "2,2"})
  void gradientMatchesCentralDifferencesOnRandomMatrices(int rows, int cols) {
    Random random = new Random(rows * 31 + cols);
    double[] w = TestMatrices.gaussian(random, rows, cols);
    Vectors.scale(0.3, w, 0, w.length);
    assertGradientMatchesDifferences(w, rows, cols, 1e-7);
  }

  @ParameterizedTest
  @CsvSource({"7,7", "10,6", "6,10"})
  void gradientMatchesCentralDifferencesWhenIllConditioned(int rows, int cols) {
    Random random = new Random(rows * 7 + cols);
    int r = Math.min(rows, cols);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = Math.pow(10, -3.0 * i / (r - 1));
    }
    double[] w = TestMatrices.withSingularValues(random, rows, cols, s);
    assertGradientMatchesDifferences(w, rows, cols, 1e-6);
  }

  @ParameterizedTest
  @CsvSource({"6,6,4", "9,5,2", "5,9,3", "8,8,1"})
  void gradientMatchesCentralDifferencesWhenRankDeficient(int rows, int cols, int rank) {
    // the zero singular values form a tied bottom cluster; C stays smooth there because
    // lambda_min moves only to second order
    Random random = new Random(rows * 11 + cols + rank);
    double[] s = new double[Math.min(rows, cols)];
    for (int i = 0; i < rank; i++) {
      s[i] = 1.0 - 0.5 * i / rank;
    }
    double[] w = TestMatrices.withSingularValues(random, rows, cols, s);
    assertGradientMatchesDifferences(w, rows, cols, 1e-6);
    assertPathsAgree(DEFAULTS, w, rows, cols, 1e-8);
  }

  @ParameterizedTest
  @CsvSource({"40,40", "30,55", "55,30"})
  void polynomialPathAgreesWithFullEigenvectors(int rows, int cols) {
    Random random = new Random(rows + 1000L * cols);
    double[] w = TestMatrices.gaussian(random, rows, cols);
    assertPathsAgree(DEFAULTS, w, rows, cols, 1e-11);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 9})
  void otherMomentOrdersAgreeAcrossPaths(int order) {
    CmrConfig config = new CmrConfig(1e-6, order, 0.15, 1.0, 0.5, 0.03, 0.5);
    Random random = new Random(order);
    double[] w = TestMatrices.gaussian(random, 20, 25);
    assertPathsAgree(config, w, 20, 25, 1e-10);
    assertPathsAgree(config, TestMatrices.transpose(w, 20, 25), 25, 20, 1e-10);
  }

  @Test
  void tiedEdgesAgreeAcrossPaths() {
    Random random = new Random(99);
    double[] s = spectrum(2, 2, 2, 1.5, 1, 0.7, 0.4, 0.4);
    double[] w = TestMatrices.withSingularValues(random, 12, 8, s);
    assertPathsAgree(DEFAULTS, w, 12, 8, 1e-9);
    double[] wide = TestMatrices.withSingularValues(random, 8, 12, s);
    assertPathsAgree(DEFAULTS, wide, 8, 12, 1e-9);
  }

  private static void assertPathsAgree(CmrConfig config, double[] w, int rows, int cols,
      double tol) {
    CmrRegularizer fast = new CmrRegularizer(config);
    CmrRegularizer full = new CmrRegularizer(config);
    full.forceFullSpectrum = true;
    double[] g1 = new double[w.length];
    double[] g2 = new double[w.length];
    double v1 = fast.valueAndGradient(w, rows, cols, g1);
    double v2 = full.valueAndGradient(w, rows, cols, g2);
    assertEquals(v2, v1, 1e-13 * Math.abs(v2));
    double err = TestMatrices.maxAbsDiff(g1, g2) / TestMatrices.maxAbs(g2);
    assertTrue(err <= tol, "paths differ by " + err);
  }

  /** The closed form of CMR.md section 3, with tied edges averaged. */
  private static double[] edgeGradient(double[] u, double[] s, double[] v, int rows, int cols,
      int top, int bottom, double eps) {
    int r = s.length;
    double[] coef = new double[r];
    for (int i = 0; i < top; i++) {
      coef[i] += 1 / (s[0] * top);
    }
    for (int i = r - bottom; i < r; i++) {
      coef[i] -= s[r - 1] / ((s[r - 1] * s[r - 1] + eps) * bottom);
    }
    return TestMatrices.compose(u, coef, v, rows, cols);
  }

  @ParameterizedTest
  @CsvSource({
    "7,5,1,1", "5,7,1,0", "6,6,1,1", "9,6,3,2", "6,9,2,0", "6,6,6,6", "14,12,10,1",
    "12,14,11,0"})
  void edgeGradientMatchesClosedForm(int rows, int cols, int top, int bottom) {
    Random random = new Random(rows * 13 + cols * 7 + top);
    int r = Math.min(rows, cols);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = i < top ? 1.5 : 1.2 - 0.8 * i / r;
    }
    for (int i = r - bottom; i < r; i++) {
      if (i >= top) {
        s[i] = 0.05;
      }
    }
    double[] u = TestMatrices.orthonormalColumns(random, rows, r);
    double[] v = TestMatrices.orthonormalColumns(random, cols, r);
    double[] w = TestMatrices.compose(u, s, v, rows, cols);
    int expectedBottom = top == r ? r : bottom;
    double[] expected = edgeGradient(u, s, v, rows, cols, top, expectedBottom, 1e-6);
    for (boolean full : new boolean[] {false, true}) {
      CmrRegularizer reg = new CmrRegularizer(EDGE_ONLY);
      reg.forceFullSpectrum = full;
      double[] g = gradient(reg, w, rows, cols);
      // relative to the larger single edge contribution: with all values tied the two nearly
      // cancel, and the rounding error is that of the terms, not of their difference
      double scale = Math.max(1 / s[0], s[r - 1] / (s[r - 1] * s[r - 1] + 1e-6));
      double err = TestMatrices.maxAbsDiff(g, expected) / scale;
      assertTrue(err <= 1e-10, rows + "x" + cols + " with " + top + " tied at the top, "
          + bottom + " at the bottom: edge gradient (full=" + full + ") differs by " + err);
    }
  }

  @Test
  void tiedEdgesGiveTheDirectionalDerivativeAlongTiePreservingDirections() {
    // scaling each tied cluster as a whole keeps the ties, so R is smooth along D and its
    // slope must be <grad, D>
    Random random = new Random(5);
    double[] s = spectrum(1, 1, 0.6, 0.3, 0.3, 0.3);
    int rows = 8;
    int cols = 6;
    double[] u = TestMatrices.orthonormalColumns(random, rows, 6);
    double[] v = TestMatrices.orthonormalColumns(random, cols, 6);
    double[] w = TestMatrices.compose(u, s, v, rows, cols);
    double[] dir = TestMatrices.compose(u, spectrum(1, 1, 0.2, -0.5, -0.5, -0.5), v, rows,
        cols);
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    for (boolean full : new boolean[] {false, true}) {
      reg.forceFullSpectrum = full;
      double[] g = gradient(reg, w, rows, cols);
      double inner = Vectors.dot(g, dir, 0, w.length);
      double h = 1e-6;
      double[] up = w.clone();
      double[] down = w.clone();
      Vectors.axpy(h, dir, up, 0, up.length);
      Vectors.axpy(-h, dir, down, 0, down.length);
      double fd = (value(reg, up, rows, cols) - value(reg, down, rows, cols)) / (2 * h);
      assertEquals(fd, inner, 1e-7 * Math.abs(fd), "full=" + full);
    }
  }

  @ParameterizedTest
  @CsvSource({"9,9", "12,7", "7,12"})
  void orthogonalInvariance(int rows, int cols) {
    Random random = new Random(rows * 3 + cols);
    double[] w = TestMatrices.gaussian(random, rows, cols);
    double[] q = TestMatrices.orthonormalColumns(random, rows, rows);
    double[] p = TestMatrices.orthonormalColumns(random, cols, cols);
    double[] qwp = TestMatrices.multiply(TestMatrices.multiply(q, w, rows, rows, cols), p, rows,
        cols, cols);
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    double[] g = new double[w.length];
    double[] gq = new double[w.length];
    double v = reg.valueAndGradient(w, rows, cols, g);
    double vq = reg.valueAndGradient(qwp, rows, cols, gq);
    assertEquals(v, vq, 1e-12 * Math.abs(v));
    double[] rotated = TestMatrices.multiply(TestMatrices.multiply(q, g, rows, rows, cols), p,
        rows, cols, cols);
    double err = TestMatrices.maxAbsDiff(gq, rotated) / TestMatrices.maxAbs(rotated);
    assertTrue(err <= 1e-10, "grad R(QWP) vs Q grad R(W) P: " + err);
  }

  @ParameterizedTest
  @CsvSource({"8,8,0", "10,6,0", "6,10,0", "8,8,2", "10,6,3", "6,10,2", "5,5,5"})
  void etaStarStepDecreasesTheEdgeTermStrictly(int rows, int cols, int tiedTop) {
    Random random = new Random(rows * 17 + cols + tiedTop);
    int r = Math.min(rows, cols);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = i < tiedTop ? 2.0 : 1.5 * Math.pow(0.5, i) + 0.01;
    }
    double[] w = TestMatrices.withSingularValues(random, rows, cols, s);
    CmrRegularizer edge = new CmrRegularizer(EDGE_ONLY);
    double eta = edge.etaStar(w, rows, cols);
    LayerSpectrum before = edge.analyze(w, rows, cols);
    if (tiedTop == r) {
      assertEquals(0.0, eta, 1e-12);
      return;
    }
    assertTrue(eta > 0, "eta* = " + eta);
    double[] g = gradient(edge, w, rows, cols);
    for (double fraction : new double[] {1.0, 0.5, 1e-3}) {
      double[] stepped = w.clone();
      Vectors.axpy(-fraction * eta, g, stepped, 0, w.length);
      LayerSpectrum after = edge.analyze(stepped, rows, cols);
      assertTrue(after.edgeTerm() < before.edgeTerm(), "C did not decrease at " + fraction
          + " eta*: " + before.edgeTerm() + " -> " + after.edgeTerm());
      assertTrue(after.conditionNumber() <= before.conditionNumber() * (1 + 1e-12),
          "kappa increased at " + fraction + " eta*");
    }
  }

  @Test
  void etaStarMatchesTheFormula() {
    Random random = new Random(8);
    double[] w = TestMatrices.withSingularValues(random, 5, 4, spectrum(3, 2, 1, 0.5));
    double expected = (3 - 0.5) / (1 / 3.0 + 0.5 / (0.25 + 1e-6));
    assertEquals(expected, new CmrRegularizer(DEFAULTS).etaStar(w, 5, 4), 1e-12 * expected);
    float[] f = new float[w.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) w[i];
    }
    assertEquals(expected, new CmrRegularizer(DEFAULTS).etaStar(f, 5, 4), 1e-5 * expected);
  }

  @ParameterizedTest
  @CsvSource({"12,12,1", "16,9,1", "9,16,1", "12,12,1000", "16,9,1000"})
  void gradientRespectsTheDocumentedBound(int rows, int cols, double kappa) {
    Random random = new Random(rows + cols + (long) kappa);
    int r = Math.min(rows, cols);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = Math.pow(kappa, -i / (double) (r - 1)) * (0.5 + random.nextDouble());
    }
    double[] w = TestMatrices.withSingularValues(random, rows, cols, s);
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    double norm = TestMatrices.frobenius(gradient(reg, w, rows, cols));
    double bound = reg.gradientBound(w, rows, cols);
    assertTrue(norm <= bound, "||grad|| = " + norm + " exceeds the bound " + bound);
  }

  /** Central differences of {@code m_k} with {@code c, d} free (from the singular values). */
  private static double[] momentDifferences(double[] w, int rows, int cols, int order,
      double h) {
    CmrRegularizer reg = new CmrRegularizer(new CmrConfig(1e-6, Math.max(order, 2), 0.15, 1.0,
        0.1, 0.03, 0.5));
    double[] fd = new double[w.length];
    double[] x = w.clone();
    for (int i = 0; i < w.length; i++) {
      x[i] = w[i] + h;
      double up = reg.analyze(x, rows, cols).moments()[order];
      x[i] = w[i] - h;
      double down = reg.analyze(x, rows, cols).moments()[order];
      x[i] = w[i];
      fd[i] = (up - down) / (2 * h);
    }
    return fd;
  }

  /** {@code m_k} of {@code x} with the normalization {@code c, d} of another matrix. */
  private static double momentAt(double[] x, int rows, int cols, int order, double c,
      double d) {
    double[] s = Svd.singularValues(x, rows, cols);
    double[] lambda = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      lambda[i] = s[i] * s[i];
    }
    double[] m = new double[order + 1];
    Chebyshev.moments(lambda, s.length, Math.max(0, cols - rows), c, d, order, m);
    return m[order];
  }

  @ParameterizedTest
  @CsvSource({"6,6,3", "9,4,4", "4,9,5", "5,7,1", "7,3,2", "1,5,3", "5,1,4", "6,6,7"})
  void momentGradientMatchesCentralDifferences(int rows, int cols, int order) {
    Random random = new Random(rows * 19 + cols * 5 + order);
    int r = Math.min(rows, cols);
    double[] s = new double[r];
    for (int i = 0; i < r; i++) {
      s[i] = 1.5 - i / (double) r;
    }
    double[] w = TestMatrices.withSingularValues(random, rows, cols, s);
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    double lambdaMax = s[0] * s[0];
    double lambdaMin = cols > rows ? 0 : s[r - 1] * s[r - 1];
    double c = 0.5 * (lambdaMax + lambdaMin);
    double d = Math.max(0.5 * (lambdaMax - lambdaMin), 1e-6);
    double h = 1e-6;

    // total derivative: c and d follow W
    double[] g = new double[w.length];
    double m = reg.momentGradient(w, rows, cols, order, false, g);
    if (order <= DEFAULTS.maxOrder()) {
      assertEquals(reg.analyze(w, rows, cols).moments()[order], m, 1e-12);
    }
    double[] fd = momentDifferences(w, rows, cols, order, h);
    double err = TestMatrices.maxAbsDiff(g, fd) / Math.max(TestMatrices.maxAbs(fd), 1e-3);
    assertTrue(err <= 1e-7, "total derivative of m_" + order + ": relative error " + err);

    // c and d held at their values for W (skipped when d sits on its floor eps: then m_k
    // varies on a scale of eps / s_1, far below any difference step the SVD can resolve)
    double[] held = new double[w.length];
    double mHeld = reg.momentGradient(w, rows, cols, order, true, held);
    assertEquals(m, mHeld, 0.0);
    if (d == 1e-6) {
      return;
    }
    double[] x = w.clone();
    double worst = 0;
    for (int i = 0; i < w.length; i++) {
      x[i] = w[i] + h;
      double up = momentAt(x, rows, cols, order, c, d);
      x[i] = w[i] - h;
      double down = momentAt(x, rows, cols, order, c, d);
      x[i] = w[i];
      worst = Math.max(worst, Math.abs(held[i] - (up - down) / (2 * h)));
    }
    assertTrue(worst <= 1e-7 * Math.max(TestMatrices.maxAbs(held), 1e-3),
        "derivative of m_" + order + " at fixed c, d: error " + worst);
  }

  @ParameterizedTest
  @CsvSource({"8,8", "11,6", "6,11"})
  void momentGradientsComposeThePenaltyGradient(int rows, int cols) {
    // dM/dW = sum_k 2 exp(beta (k-3)) m_k dm_k/dW, the chain rule through the public parts
    CmrConfig momentOnly = new CmrConfig(1e-6, 5, 0.15, 0.0, 1.0, 0.03, 0.5);
    Random random = new Random(rows * 3L + cols);
    double[] w = TestMatrices.gaussian(random, rows, cols);
    CmrRegularizer reg = new CmrRegularizer(momentOnly);
    double[] expected = new double[w.length];
    double[] gk = new double[w.length];
    double penalty = 0;
    for (int k = 3; k <= 5; k++) {
      double mk = reg.momentGradient(w, rows, cols, k, false, gk);
      double weight = Math.exp(0.15 * (k - 3));
      penalty += weight * mk * mk;
      Vectors.axpy(2 * weight * mk, gk, expected, 0, w.length);
    }
    double[] g = new double[w.length];
    double value = reg.valueAndGradient(w, rows, cols, g);
    assertEquals(value, penalty, 1e-13 * Math.abs(value));
    double err = TestMatrices.maxAbsDiff(g, expected) / TestMatrices.maxAbs(expected);
    assertTrue(err <= 1e-11, "penalty gradient vs composed moment gradients: " + err);
  }

  @Test
  void heldMomentGradientOfAVectorAttainsMarkovsBound() {
    // a 1 x n row: one eigenvalue s^2 at x = 1 and n - 1 zeros at x = -1, c = d = s^2 / 2;
    // T_k'(1) = k^2 makes ||dm_k/dW|| = 2 k^2 ||W|| / (n d) exactly
    double[] w = {0.3, -1.2, 0.5, 2.0, 0.1};
    double norm = TestMatrices.frobenius(w);
    double d = 0.5 * norm * norm;
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    double[] g = new double[w.length];
    for (int k = 0; k <= CmrRegularizer.MAX_MOMENT_ORDER; k++) {
      reg.momentGradient(w, 1, 5, k, true, g);
      double bound = 2.0 * k * k * norm / (5 * d);
      // the monomial basis of the matrix polynomial loses digits like 2^k (class comment)
      assertEquals(bound, TestMatrices.frobenius(g), 1e-9 * Math.max(bound, 1), "k = " + k);
    }
  }

  @Test
  void momentGradientRejectsBadOrders() {
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> reg.momentGradient(new double[4], 2, 2, -1, true, new double[4]));
    assertTrue(ex.getMessage().contains("-1"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> reg.momentGradient(new double[4], 2, 2, 21, true, new double[4]));
    assertTrue(ex.getMessage().contains("21") && ex.getMessage().contains("20"),
        ex.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> reg.momentGradient(new double[4], 2, 2, 3, true, new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> reg.momentGradient(new double[4], 2, 3, 3, true, new double[4]));
  }

  @Test
  void analyzeReportsSpectrumAndMoments() {
    Random random = new Random(4);
    double[] w = TestMatrices.withSingularValues(random, 4, 7, spectrum(2, 1, 0.5, 0.25));
    LayerSpectrum spec = new CmrRegularizer(DEFAULTS).analyze(w, 4, 7);
    assertEquals(2, spec.sMax(), 1e-14);
    assertEquals(0.25, spec.sMin(), 1e-14);
    assertEquals(2 / (0.25 + 1e-8), spec.conditionNumber(), 1e-9);
    assertEquals(6, spec.moments().length);
    assertEquals(1.0, spec.moments()[0], 1e-15);
    // lambda = 4, 1, .25, .0625 and three zeros; c = d = 2
    double[] x = {1, -0.5, -0.875, -0.96875, -1, -1, -1};
    double m1 = Arrays.stream(x).sum() / 7;
    double m2 = Arrays.stream(x).map(t -> 2 * t * t - 1).sum() / 7;
    assertEquals(m1, spec.moments()[1], 1e-14);
    assertEquals(m2, spec.moments()[2], 1e-14);
    assertEquals(0.5 * (Math.log(4 + 1e-30) - Math.log(1e-6)), spec.edgeTerm(), 1e-13);
    double value = value(new CmrRegularizer(DEFAULTS), w, 4, 7);
    assertEquals(spec.regularizer(), value, 1e-12 * value);
  }

  @Test
  void zeroMatrix() {
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    double[] g = new double[12];
    Arrays.fill(g, 7);
    double v = reg.valueAndGradient(new double[12], 3, 4, g);
    double expected = 0.5 * (Math.log(1e-30) - Math.log(1e-6)) + 0.1 * Math.exp(0.15);
    assertEquals(expected, v, 1e-12 * Math.abs(expected));
    assertArrayEquals(new double[12], g, 0.0);
  }

  @Test
  void floatPathMatchesDoublePath() {
    Random random = new Random(12);
    float[] f = new float[15 * 11];
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) random.nextGaussian();
      d[i] = f[i];
    }
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS, CmrRegularizer.Products.REFERENCE);
    float[] gf = new float[f.length];
    double[] gd = new double[f.length];
    double vf = reg.valueAndGradient(f, 15, 11, gf);
    double vd = reg.valueAndGradient(d, 15, 11, gd);
    assertEquals(vd, vf, 0.0);
    for (int i = 0; i < f.length; i++) {
      assertEquals((float) gd[i], gf[i], 0.0f);
    }
    assertEquals(reg.analyze(d, 15, 11), reg.analyze(f, 15, 11),
        "analyze(float) and analyze(double)");
  }

  @Test
  void workspacesAreReusedAcrossShapes() {
    Random random = new Random(21);
    CmrRegularizer shared = new CmrRegularizer(DEFAULTS);
    int[][] shapes = {{20, 30}, {5, 5}, {30, 20}, {1, 3}, {20, 30}};
    for (int[] shape : shapes) {
      double[] w = TestMatrices.gaussian(random, shape[0], shape[1]);
      double[] g1 = new double[w.length];
      double[] g2 = new double[w.length];
      double v1 = shared.valueAndGradient(w, shape[0], shape[1], g1);
      double v2 = new CmrRegularizer(DEFAULTS).valueAndGradient(w, shape[0], shape[1], g2);
      assertEquals(v2, v1, 0.0);
      assertArrayEquals(g2, g1, 0.0);
    }
  }

  @Test
  void gradientMayAliasTheInput() {
    Random random = new Random(6);
    double[] w = TestMatrices.gaussian(random, 6, 4);
    double[] expected = gradient(new CmrRegularizer(DEFAULTS), w, 6, 4);
    double[] same = w.clone();
    new CmrRegularizer(DEFAULTS).valueAndGradient(same, 6, 4, same);
    assertArrayEquals(expected, same, 0.0);
  }

  @Test
  void rejectsBadInputWithoutTouchingTheGradient() {
    CmrRegularizer reg = new CmrRegularizer(DEFAULTS);
    double[] w = new double[12];
    w[7] = Double.NaN;
    double[] g = new double[12];
    Arrays.fill(g, 3);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> reg.valueAndGradient(w, 3, 4, g));
    assertTrue(ex.getMessage().contains("row 1, column 3"), ex.getMessage());
    for (double x : g) {
      assertEquals(3.0, x);
    }

    float[] f = new float[12];
    f[11] = Float.NEGATIVE_INFINITY;
    float[] gf = new float[12];
    Arrays.fill(gf, 2f);
    ex = assertThrows(IllegalArgumentException.class, () -> reg.valueAndGradient(f, 4, 3, gf));
    assertTrue(ex.getMessage().contains("row 3, column 2"), ex.getMessage());
    for (float x : gf) {
      assertEquals(2f, x);
    }

    ex = assertThrows(IllegalArgumentException.class,
        () -> reg.valueAndGradient(new double[12], 3, 5, new double[15]));
    assertTrue(ex.getMessage().contains("3x5") && ex.getMessage().contains("12"),
        ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> reg.valueAndGradient(new double[12], 3, 4, new double[11]));
    assertTrue(ex.getMessage().contains("12") && ex.getMessage().contains("11"),
        ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> reg.valueAndGradient(new double[0], 0, 4, new double[0]));
    assertTrue(ex.getMessage().contains("0x4"), ex.getMessage());
    double[] huge = new double[4];
    huge[2] = 1e200;
    ex = assertThrows(IllegalArgumentException.class, () -> reg.analyze(huge, 2, 2));
    assertTrue(ex.getMessage().contains("row 1, column 0"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> reg.analyze((double[]) null, 1, 1));
    assertThrows(IllegalArgumentException.class,
        () -> reg.valueAndGradient(new float[4], 2, 2, null));
    assertThrows(IllegalArgumentException.class, () -> new CmrRegularizer(null));
  }
}
