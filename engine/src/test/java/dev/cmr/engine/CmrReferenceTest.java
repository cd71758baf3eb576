package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reproduces {@code cmr-reference.json} (CMR.md, section 8) to about 1e-9 relative. */
class CmrReferenceTest {
  private static final double TOL = 1e-9;

  record Case(String name, int rows, int cols, double[] w, double edge, double[] moments,
      double penalty, double regularizer, double[] gradient, double kappa) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() throws IOException {
    String text;
    try (InputStream in = CmrReferenceTest.class.getResourceAsStream("/cmr-reference.json")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<?, ?> root = (Map<?, ?>) MiniJson.parse(text);
    Map<?, ?> constants = (Map<?, ?>) root.get("constants");
    CmrConfig d = CmrConfig.defaults();
    assertEquals(d.eps(), num(constants.get("eps")));
    assertEquals(d.maxOrder(), (int) num(constants.get("K")));
    assertEquals(d.beta(), num(constants.get("beta")));
    assertEquals(d.alphaEdge(), num(constants.get("alpha_1")));
    assertEquals(d.alphaMoment(), num(constants.get("alpha_2")));
    List<Case> out = new ArrayList<>();
    for (Object o : (List<?>) root.get("cases")) {
      Map<?, ?> c = (Map<?, ?>) o;
      List<?> w = (List<?>) c.get("W");
      int rows = w.size();
      int cols = ((List<?>) w.get(0)).size();
      Map<?, ?> m = (Map<?, ?>) c.get("moments");
      double[] moments = new double[6];
      for (int k = 3; k <= 5; k++) {
        moments[k] = num(m.get(Integer.toString(k)));
      }
      out.add(new Case((String) c.get("name"), rows, cols, flatten(w, cols),
          num(c.get("edge")), moments, num(c.get("moment_penalty")),
          num(c.get("regularizer")), flatten((List<?>) c.get("gradient"), cols),
          num(c.get("condition_number"))));
    }
    assertEquals(6, out.size());
    return out;
  }

  private static double num(Object o) {
    return (Double) o;
  }

  private static double[] flatten(List<?> rows, int cols) {
    double[] a = new double[rows.size() * cols];
    for (int i = 0; i < rows.size(); i++) {
      List<?> row = (List<?>) rows.get(i);
      assertEquals(cols, row.size());
      for (int j = 0; j < cols; j++) {
        a[i * cols + j] = num(row.get(j));
      }
    }
    return a;
  }

  private static void assertRelative(double expected, double actual, String what) {
    double err = Math.abs(actual - expected) / Math.abs(expected);
    assertTrue(err <= TOL, what + ": expected " + expected + ", got " + actual
        + " (relative error " + err + ")");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void analyzeMatchesReference(Case c) {
    LayerSpectrum s = new CmrRegularizer(CmrConfig.defaults()).analyze(c.w, c.rows, c.cols);
    assertRelative(c.edge, s.edgeTerm(), c.name + " edge");
    for (int k = 3; k <= 5; k++) {
      assertRelative(c.moments[k], s.moments()[k], c.name + " m_" + k);
    }
    assertRelative(c.penalty, s.momentPenalty(), c.name + " moment penalty");
    assertRelative(c.regularizer, s.regularizer(), c.name + " regularizer");
    assertRelative(c.kappa, s.conditionNumber(), c.name + " condition number");
    assertEquals(c.rows, s.rows());
    assertEquals(c.cols, s.cols());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void gradientMatchesReference(Case c) {
    for (int mode = 0; mode < 3; mode++) {
      boolean full = mode == 1;
      CmrRegularizer reg = new CmrRegularizer(CmrConfig.defaults(),
          mode == 2 ? CmrRegularizer.Products.REFERENCE : CmrRegularizer.Products.FAST);
      reg.forceFullSpectrum = full;
      double[] g = new double[c.w.length];
      double value = reg.valueAndGradient(c.w, c.rows, c.cols, g);
      String path = full ? " (full eigenvectors)"
          : mode == 2 ? " (reference products)" : " (polynomial path)";
      assertRelative(c.regularizer, value, c.name + " value" + path);
      double err = TestMatrices.maxAbsDiff(g, c.gradient) / TestMatrices.maxAbs(c.gradient);
      assertTrue(err <= TOL, c.name + " gradient" + path + ": relative error " + err);
    }
  }

  /**
   * The float entry point with fast (single precision) products against the reference
   * products on the same float-rounded matrix, within the documented tolerance.
   */
  @ParameterizedTest
  @MethodSource("cases")
  void fastFloatProductsMatchTheReferenceProducts(Case c) {
    float[] w = new float[c.w.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) c.w[i];
    }
    float[] fast = new float[w.length];
    float[] ref = new float[w.length];
    double vf = new CmrRegularizer(CmrConfig.defaults()).valueAndGradient(w, c.rows, c.cols,
        fast);
    double vr = new CmrRegularizer(CmrConfig.defaults(), CmrRegularizer.Products.REFERENCE)
        .valueAndGradient(w, c.rows, c.cols, ref);
    assertEquals(vr, vf, 1e-12 * Math.abs(vr), c.name + " value");
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < w.length; i++) {
      diff += (fast[i] - (double) ref[i]) * (fast[i] - (double) ref[i]);
      norm += ref[i] * (double) ref[i];
    }
    double rel = Math.sqrt(diff / norm);
    assertTrue(rel <= CmrRegularizer.FAST_FLOAT_TOLERANCE, c.name + ": " + rel);
  }
}
