package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input at every exported entry point of module {@code dev.cmr.engine}: an
 * {@link IllegalArgumentException} whose message names the argument with the expected and the
 * actual value (the first offending row and column for NaN or infinity), and no argument
 * modified.
 */
class EngineApiValidationTest {

  private static void rejects(Executable call, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
    for (String fragment : fragments) {
      assertTrue(ex.getMessage().contains(fragment),
          "'" + ex.getMessage() + "' lacks '" + fragment + "'");
    }
  }

  private static double[] matrix(int rows, int cols) {
    double[] a = new double[rows * cols];
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.sin(1.7 * i + 0.3);
    }
    return a;
  }

  private static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  @Test
  void svdEntryPoints() {
    double[] a = matrix(3, 2);
    a[5] = Double.NaN;
    double[] before = a.clone();
    rejects(() -> Svd.decompose(a, 3, 2, true, true), "matrix a", "row 2, column 1", "NaN");
    rejects(() -> Svd.singularValues(a, 3, 2), "row 2, column 1");
    rejects(() -> Svd.decompose(a, 2, 2, false, false), "declared 2x2", "needs 4",
        "length is 6");
    rejects(() -> Svd.decompose(a, -3, -2, false, false), "dimensions must be >= 0",
        "-3x-2");
    assertArrayEquals(before, a);
    float[] f = floats(matrix(2, 3));
    f[1] = Float.NEGATIVE_INFINITY;
    float[] fBefore = f.clone();
    rejects(() -> Svd.decompose(f, 2, 3, true, false), "row 0, column 1", "-Infinity");
    rejects(() -> Svd.decompose(f, 3, 3, true, false), "declared 3x3", "length is 6");
    rejects(() -> Svd.decompose((float[]) null, 1, 1, false, false), "must not be null");
    assertArrayEquals(fBefore, f);
  }

  @Test
  void symmetricEigenEntryPoints() {
    double[] a = matrix(3, 3);
    a[7] = Double.POSITIVE_INFINITY;
    double[] before = a.clone();
    rejects(() -> SymmetricEigen.decompose(a, 3, true), "symmetric matrix a",
        "row 2, column 1", "Infinity");
    rejects(() -> SymmetricEigen.eigenvalues(a, 3), "row 2, column 1");
    rejects(() -> SymmetricEigen.eigenvalues(a, 2), "declared 2x2", "needs 4", "length is 9");
    rejects(() -> SymmetricEigen.decompose(null, 2, false), "must not be null");
    assertArrayEquals(before, a);
  }

  @Test
  void symmetricEigenRefusesAnAsymmetricMatrixNamingThePair() {
    double[] a = {4, 1, 2, 1, 5, 3, 2, 3, 6};
    a[5] = 3.5; // (1, 2) against (2, 1) = 3
    double[] before = a.clone();
    String tolerance = "sqrt(eps) max|a_ij| = " + SymmetricEigen.SYMMETRY_TOLERANCE * 6;
    rejects(() -> SymmetricEigen.decompose(a, 3, true), "symmetric matrix a must be symmetric",
        tolerance, "entry (row 2, column 1) is 3.0 and entry (row 1, column 2) is 3.5");
    rejects(() -> SymmetricEigen.eigenvalues(a, 3), "entry (row 2, column 1) is 3.0");
    assertArrayEquals(before, a);

    // the first pair in row-major order of the lower triangle is named
    double[] b = {4, 7, 2, 1, 5, 9, 2, 3, 6};
    rejects(() -> SymmetricEigen.eigenvalues(b, 3),
        "entry (row 1, column 0) is 1.0 and entry (row 0, column 1) is 7.0");

    // the tolerance is relative to the largest entry: twice it is refused, half passes
    double tol = SymmetricEigen.SYMMETRY_TOLERANCE * 6;
    double[] off = {4, 1 + 2 * tol, 2, 1, 5, 3, 2, 3, 6};
    rejects(() -> SymmetricEigen.eigenvalues(off, 3), "entry (row 1, column 0)");
    double[] near = {4, 1 + 0.5 * tol, 2, 1, 5, 3, 2, 3, 6};
    SymmetricEigen.eigenvalues(near, 3);
  }

  @Test
  void symmetricEigenAcceptsAGramMatrixSymmetricOnlyToRounding() {
    int rows = 40;
    int n = 12;
    double[] w = matrix(rows, n);
    for (int i = 0; i < w.length; i++) {
      w[i] *= 1 + i % 7;
    }
    // entry (i, j) summed forwards and (j, i) backwards: equal up to rounding only
    double[] gram = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        for (int k = 0; k < rows; k++) {
          int kk = i >= j ? k : rows - 1 - k;
          sum += w[kk * n + i] * w[kk * n + j];
        }
        gram[i * n + j] = sum;
      }
    }
    boolean asymmetric = false;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        asymmetric |= gram[i * n + j] != gram[j * n + i];
      }
    }
    assertTrue(asymmetric, "the test matrix should differ from its transpose in some bits");
    double[] values = SymmetricEigen.eigenvalues(gram, n);
    assertTrue(values[n - 1] > 0, "Gram matrix of full rank: " + values[n - 1]);
  }

  @Test
  void chebyshevEntryPointsLeaveTheOutputAlone() {
    double[] out = {9, 9, 9};
    rejects(() -> Chebyshev.firstKind(Double.POSITIVE_INFINITY, 2, out), "x must be finite",
        "Infinity");
    rejects(() -> Chebyshev.secondKind(0.5, 3, out), "maxOrder + 1 = 4", "length is 3");
    rejects(() -> Chebyshev.firstKindDerivative(0.5, -1, out), "maxOrder", "got -1");
    rejects(() -> Chebyshev.secondKindSeries(new double[] {1, 2}, Double.NaN),
        "x must be finite", "NaN");
    rejects(() -> Chebyshev.moments(new double[] {1, 2}, 2, 0, 0, -1, 2, out), "half-width");
    rejects(() -> Chebyshev.moments(new double[] {1, Double.NaN}, 2, 0, 0, 1, 2, out),
        "lambda[1]", "NaN");
    rejects(() -> Chebyshev.moments(new double[] {1, 2}, 2, 0, 0, 1, 5, out));
    assertArrayEquals(new double[] {9, 9, 9}, out);
  }

  @Test
  void cappedMixingLeavesTheTaskGradientAloneOnBadInput() {
    rejects(() -> CappedMixing.gamma(-1, 1, 0.5), "taskNorm", "got -1.0");
    rejects(() -> CappedMixing.gamma(1, Double.NaN, 0.5), "spectralNorm", "NaN");
    rejects(() -> CappedMixing.gamma(1, 1, Double.POSITIVE_INFINITY), "rho", "Infinity");

    float[] t0 = {1, 2};
    float[] t1 = {3, 4, 5};
    List<float[]> task = List.of(t0, t1);
    // the bad entry is in the last tensor: the first must not have been mixed already
    List<float[]> spectral = List.of(new float[] {1, 1}, new float[] {1, 1, Float.NaN});
    rejects(() -> CappedMixing.mix(task, spectral, 0.5), "spectral gradient 1", "entry 2",
        "NaN");
    rejects(() -> CappedMixing.mix(task, List.of(new float[2]), 0.5), "same size",
        "got 2 and 1");
    rejects(() -> CappedMixing.mix(task, List.of(new float[2], new float[2]), 0.5),
        "gradient 1", "same length", "got 3 and 2");
    rejects(() -> CappedMixing.mix(task, spectral, -0.1), "rho", "got -0.1");
    List<float[]> withNull = new ArrayList<>();
    withNull.add(null);
    rejects(() -> CappedMixing.mix(withNull, List.of(new float[1]), 0.5),
        "task gradient 0 must not be null");
    rejects(() -> CappedMixing.mix(null, spectral, 0.5), "task gradient list");
    assertArrayEquals(new float[] {1, 2}, t0);
    assertArrayEquals(new float[] {3, 4, 5}, t1);

    double[] d0 = {1, 2};
    double[] d1 = {1e200, 0};
    List<double[]> dTask = List.of(d0, new double[] {3});
    rejects(() -> CappedMixing.mixDouble(dTask, List.of(new double[] {1, 1}, d1.clone()), 0.5),
        "same length", "got 1 and 2");
    rejects(() -> CappedMixing.mixDouble(List.of(d0, d1), List.of(new double[2],
        new double[2]), 0.5), "task gradient 1", "too large");
    assertArrayEquals(new double[] {1, 2}, d0);

    rejects(() -> CappedMixing.globalNorm(null), "tensors must not be null");
    rejects(() -> CappedMixing.globalNorm(List.of(new float[] {0, Float.NaN})), "tensor",
        "entry 1", "NaN");
  }

  @Test
  void regularizerEntryPointsLeaveTheGradientAlone() {
    CmrRegularizer cmr = new CmrRegularizer(CmrConfig.defaults());
    double[] w = matrix(3, 2);
    w[3] = Double.NaN;
    double[] gradient = new double[6];
    Arrays.fill(gradient, 7);
    rejects(() -> cmr.valueAndGradient(w, 3, 2, gradient), "weight matrix w",
        "row 1, column 1", "NaN");
    rejects(() -> cmr.valueAndGradient(matrix(3, 2), 3, 2, new double[5]),
        "rows * cols = 3 * 2 = 6", "length is 5");
    rejects(() -> cmr.momentGradient(matrix(3, 2), 3, 2, 21, false, gradient),
        "moment order", "[0, 20]", "got 21");
    double[] huge = matrix(3, 2);
    huge[4] = 1e200;
    rejects(() -> cmr.valueAndGradient(huge, 3, 2, gradient), "row 2, column 0", "1.0E200",
        "1.0E150");
    assertArrayEquals(new double[] {7, 7, 7, 7, 7, 7}, gradient);

    float[] fw = floats(matrix(2, 3));
    fw[5] = Float.POSITIVE_INFINITY;
    float[] fGradient = new float[6];
    rejects(() -> cmr.valueAndGradient(fw, 2, 3, fGradient), "row 1, column 2", "Infinity");
    rejects(() -> cmr.valueAndGradient(floats(matrix(2, 3)), 0, 3, fGradient),
        "at least one row and one column", "0x3");
    assertArrayEquals(new float[6], fGradient);

    rejects(() -> cmr.analyze(fw, 2, 3), "row 1, column 2");
    rejects(() -> cmr.analyze(w, 3, 2), "row 1, column 1");
    rejects(() -> cmr.etaStar(w, 3, 2), "row 1, column 1");
    rejects(() -> cmr.etaStar(fw, 2, 3), "row 1, column 2");
    rejects(() -> cmr.gradientBound(matrix(3, 2), 2, 2), "declared 2x2", "length is 6");
    rejects(() -> new CmrRegularizer(null), "config must not be null");
  }

  @Test
  void configRejectsEachBadConstant() {
    rejects(() -> new CmrConfig(0, 5, 0.15, 1, 0.1, 0.03, 0.5), "eps", "got 0.0");
    rejects(() -> new CmrConfig(1e-6, 21, 0.15, 1, 0.1, 0.03, 0.5), "maxOrder", "got 21");
    rejects(() -> new CmrConfig(1e-6, 5, Double.NaN, 1, 0.1, 0.03, 0.5), "beta", "NaN");
    rejects(() -> new CmrConfig(1e-6, 5, 0.15, -1, 0.1, 0.03, 0.5), "alphaEdge", "got -1.0");
    rejects(() -> new CmrConfig(1e-6, 5, 0.15, 1, 0.1, 0.03, 1.5), "rho", "[0, 1]",
        "got 1.5");
    rejects(() -> new LayerSpectrum(1, 1, 1, 1, 1, 0, null, 0, 0), "moments");
  }

  @Test
  void namedCopiesChangeOneConstantAndValidateIt() {
    CmrConfig d = CmrConfig.defaults();
    assertEquals(new CmrConfig(1e-6, 5, 0.15, 1, 0.1, 0.1, 0.5), d.withLambda(0.1));
    assertEquals(new CmrConfig(1e-6, 5, 0.15, 1, 0.1, 0.03, 0.25), d.withRho(0.25));
    assertEquals(new CmrConfig(1e-6, 7, 0.15, 1, 0.1, 0.03, 0.5), d.withMaxOrder(7));
    assertEquals(new CmrConfig(1e-8, 5, 0.15, 1, 0.1, 0.03, 0.5), d.withEps(1e-8));
    assertEquals(new CmrConfig(1e-6, 5, 0.3, 1, 0.1, 0.03, 0.5), d.withBeta(0.3));
    assertEquals(new CmrConfig(1e-6, 5, 0.15, 2, 0.1, 0.03, 0.5), d.withAlphaEdge(2));
    assertEquals(new CmrConfig(1e-6, 5, 0.15, 1, 0.5, 0.03, 0.5), d.withAlphaMoment(0.5));
    rejects(() -> d.withRho(2), "rho", "got 2.0");
    rejects(() -> d.withLambda(-1), "lambda", "got -1.0");
    rejects(() -> d.withMaxOrder(1), "maxOrder", "got 1");
    assertEquals(CmrConfig.defaults(), d, "the original is unchanged");
  }
}
