package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CmrLayersTest {
  /** A tall, a wide and a square layer, so both Gram sides and the zero eigenvalues occur. */
  private static final int[] ROWS = {9, 4, 5};
  private static final int[] COLS = {6, 7, 5};

  private static float[] gaussian(Random random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (scale * random.nextGaussian());
    }
    return a;
  }

  private static List<float[]> weights(Random random) {
    List<float[]> w = new ArrayList<>();
    for (int l = 0; l < ROWS.length; l++) {
      w.add(gaussian(random, ROWS[l] * COLS[l], 1 / Math.sqrt(COLS[l])));
    }
    return w;
  }

  /** One task gradient per layer, then two bias gradients. */
  private static List<float[]> gradients(Random random, double scale) {
    List<float[]> g = new ArrayList<>();
    for (int l = 0; l < ROWS.length; l++) {
      g.add(gaussian(random, ROWS[l] * COLS[l], scale));
    }
    g.add(gaussian(random, 9, scale));
    g.add(gaussian(random, 4, scale));
    return g;
  }

  private static List<float[]> copy(List<float[]> list) {
    List<float[]> out = new ArrayList<>();
    for (float[] a : list) {
      out.add(a == null ? null : a.clone());
    }
    return out;
  }

  private static double sumOfSquares(List<float[]> list, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      for (float x : list.get(i)) {
        s += (double) x * x;
      }
    }
    return s;
  }

  @Test
  void addsTheCappedSpectralGradientOfEveryLayer() {
    Random random = new Random(11);
    List<float[]> w = weights(random);
    List<float[]> g = gradients(random, 1e-3);
    List<float[]> before = copy(g);
    CmrConfig config = CmrConfig.defaults();

    CmrReport report = new CmrLayers(config).applyTo(w, ROWS, COLS, g);

    // the same step composed by hand from the single-matrix regularizer
    CmrRegularizer single = new CmrRegularizer(config);
    List<float[]> spec = new ArrayList<>();
    double r = 0;
    for (int l = 0; l < ROWS.length; l++) {
      float[] s = new float[ROWS[l] * COLS[l]];
      double value = single.valueAndGradient(w.get(l), ROWS[l], COLS[l], s);
      assertEquals(value, report.layerRegularizers()[l], 0.0, "R_" + l);
      r += value;
      spec.add(s);
    }
    double taskNorm = Math.sqrt(sumOfSquares(before, 0, before.size()));
    double specNorm = config.lambda() * Math.sqrt(sumOfSquares(spec, 0, spec.size()));
    double gamma = Math.min(1, config.rho() * taskNorm / (specNorm + 1e-12));
    assertEquals(taskNorm, report.taskNorm(), 1e-12 * taskNorm);
    assertEquals(specNorm, report.spectralNorm(), 1e-12 * specNorm);
    assertEquals(gamma, report.gamma(), 1e-12);
    assertTrue(gamma < 1, "small task gradients must make the cap bind, gamma " + gamma);
    assertEquals(r, report.regularizer(), 1e-12 * r);
    assertEquals(config.lambda() * r, report.spectralLoss(), 1e-12 * r);
    float c = (float) (gamma * config.lambda());
    for (int l = 0; l < ROWS.length; l++) {
      float[] expected = before.get(l).clone();
      for (int j = 0; j < expected.length; j++) {
        expected[j] += c * spec.get(l)[j];
      }
      assertArrayEquals(expected, g.get(l), 1e-9f, "layer " + l);
    }
    // the bias gradients count in the norm but are left alone
    assertArrayEquals(before.get(3), g.get(3));
    assertArrayEquals(before.get(4), g.get(4));
  }

  @Test
  void theCapBoundsTheSpectralShareAndKeepsDescent() {
    Random random = new Random(12);
    List<float[]> w = weights(random);
    List<float[]> g = gradients(random, 1e-4);
    List<float[]> before = copy(g);
    CmrConfig config = new CmrConfig(1e-6, 5, 0.15, 1.0, 0.1, 10.0, 0.5);

    CmrReport report = new CmrLayers(config).applyTo(w, ROWS, COLS, g);

    double added = 0;
    double inner = 0;
    for (int l = 0; l < g.size(); l++) {
      for (int j = 0; j < g.get(l).length; j++) {
        double d = (double) g.get(l)[j] - before.get(l)[j];
        added += d * d;
        inner += (double) g.get(l)[j] * before.get(l)[j];
      }
    }
    double taskSq = sumOfSquares(before, 0, before.size());
    // ||gamma g_spec|| = rho ||g_task|| when the cap binds (float rounding aside)
    assertEquals(config.rho() * Math.sqrt(taskSq), Math.sqrt(added),
        1e-5 * Math.sqrt(taskSq));
    assertTrue(inner >= (1 - config.rho()) * taskSq * (1 - 1e-5),
        "<g, g_task> = " + inner + " < (1 - rho) ||g_task||^2 = " + (1 - config.rho()) * taskSq);
    assertTrue(report.gamma() < 1e-2, "gamma " + report.gamma());
  }

  @Test
  void lambdaZeroLeavesTheTaskGradientsBitForBit() {
    Random random = new Random(13);
    List<float[]> w = weights(random);
    List<float[]> g = gradients(random, 1e-3);
    List<float[]> before = copy(g);
    CmrConfig config = new CmrConfig(1e-6, 5, 0.15, 1.0, 0.1, 0.0, 0.5);

    CmrReport report = new CmrLayers(config).applyTo(w, ROWS, COLS, g);

    for (int l = 0; l < g.size(); l++) {
      assertArrayEquals(before.get(l), g.get(l), "gradient " + l);
    }
    assertEquals(0.0, report.spectralNorm());
    assertEquals(0.0, report.spectralLoss());
    assertTrue(report.regularizer() > 0, "R is still reported: " + report.regularizer());
  }

  @Test
  void conditionNumbersAgreeWithTheSvd() {
    Random random = new Random(14);
    List<float[]> w = weights(random);
    // make layer 1 ill-conditioned: scale its first row down
    for (int j = 0; j < COLS[1]; j++) {
      w.get(1)[j] *= 1e-3f;
    }
    CmrLayers layers = new CmrLayers(CmrConfig.defaults());
    CmrReport report = layers.applyTo(w, ROWS, COLS, gradients(random, 1));
    List<LayerSpectrum> spectra = layers.analyze(w, ROWS, COLS);
    assertEquals(ROWS.length, report.layerCount());
    for (int l = 0; l < ROWS.length; l++) {
      double exact = spectra.get(l).conditionNumber();
      assertEquals(exact, report.conditionNumbers()[l], 1e-6 * exact, "kappa_" + l);
      assertEquals(spectra.get(l).regularizer(), report.layerRegularizers()[l],
          1e-6 * Math.abs(spectra.get(l).regularizer()), "R_" + l);
    }
    assertTrue(report.conditionNumbers()[1] > 100, Arrays.toString(report.conditionNumbers()));
    assertEquals(Arrays.stream(report.conditionNumbers()).average().orElseThrow(),
        report.meanConditionNumber(), 1e-12 * report.meanConditionNumber());
  }

  @Test
  void theReportIsACopy() {
    double[] values = {1, 2};
    double[] kappas = {3, 4};
    CmrReport report = new CmrReport(0.5, 3, 0.09, 1, 1, values, kappas);
    values[0] = 9;
    report.conditionNumbers()[0] = 9;
    assertEquals(1, report.layerRegularizers()[0]);
    assertEquals(3, report.conditionNumbers()[0]);
    assertEquals(report, new CmrReport(0.5, 3, 0.09, 1, 1, new double[] {1, 2}, kappas));
    assertNotEquals(report, new CmrReport(0.5, 3, 0.09, 1, 1, new double[] {1, 2}, values));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> new CmrReport(0, 0, 0, 0, 0, new double[1], new double[2]));
    assertTrue(ex.getMessage().contains("1 and 2"), ex.getMessage());
  }

  /** Runs {@code call} on fresh valid arguments changed by {@code spoil}; checks the message. */
  private static void rejects(Consumer<Args> spoil, String... fragments) {
    Random random = new Random(15);
    Args a = new Args(weights(random), ROWS.clone(), COLS.clone(), gradients(random, 1e-3));
    spoil.accept(a);
    List<float[]> gradientsBefore = a.gradients == null ? null : copy(a.gradients);
    List<float[]> weightsBefore = a.weights == null ? null : copy(a.weights);
    CmrLayers layers = new CmrLayers(CmrConfig.defaults());
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> layers.applyTo(a.weights, a.rows, a.cols, a.gradients));
    for (String fragment : fragments) {
      assertTrue(ex.getMessage().contains(fragment),
          "'" + ex.getMessage() + "' lacks '" + fragment + "'");
    }
    if (gradientsBefore != null) {
      for (int i = 0; i < gradientsBefore.size(); i++) {
        assertArrayEquals(gradientsBefore.get(i), a.gradients.get(i), "gradient " + i);
      }
    }
    if (weightsBefore != null) {
      for (int i = 0; i < weightsBefore.size(); i++) {
        assertArrayEquals(weightsBefore.get(i), a.weights.get(i), "weight " + i);
      }
    }
  }

  private static final class Args {
    List<float[]> weights;
    int[] rows;
    int[] cols;
    List<float[]> gradients;

    Args(List<float[]> weights, int[] rows, int[] cols, List<float[]> gradients) {
      this.weights = weights;
      this.rows = rows;
      this.cols = cols;
      this.gradients = gradients;
    }
  }

  @Test
  void rejectsBadInputNamingItAndModifiesNothing() {
    rejects(a -> a.weights = null, "weights must not be null");
    rejects(a -> a.rows = null, "rows must not be null");
    rejects(a -> a.cols = null, "cols must not be null");
    rejects(a -> a.gradients = null, "taskGradients must not be null");
    rejects(a -> {
      a.weights = List.of();
      a.rows = new int[0];
      a.cols = new int[0];
    }, "weights must hold at least one matrix");
    rejects(a -> a.rows = new int[] {9, 4}, "one entry per weight matrix (3)", "got 2 and 3");
    rejects(a -> a.weights.set(2, null), "weights.get(2) must not be null");
    rejects(a -> a.cols[0] = 0, "weights.get(0)", "cols[0] = 0");
    rejects(a -> a.rows[1] = 5, "weights.get(1) is declared 5x7", "needs 35",
        "its length is 28");
    rejects(a -> a.weights.get(2)[7] = Float.NaN, "weights.get(2) must be finite",
        "row 1, column 2", "NaN");
    rejects(a -> a.gradients = a.gradients.subList(0, 2),
        "at least one gradient per weight matrix (3), got 2");
    rejects(a -> a.gradients.set(1, new float[27]), "taskGradients.get(1) must have",
        "= 28 elements", "its length is 27");
    rejects(a -> a.gradients.set(4, null), "taskGradients.get(4) must not be null");
    // a bad value in the last bias gradient, found after every layer gradient was checked
    rejects(a -> a.gradients.get(4)[3] = Float.NEGATIVE_INFINITY,
        "taskGradients.get(4) must be finite", "entry 3", "-Infinity");
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> new CmrLayers(null));
    assertTrue(ex.getMessage().contains("config"), ex.getMessage());
  }

  @Test
  void analyzeRejectsBadShapes() {
    CmrLayers layers = new CmrLayers(CmrConfig.defaults());
    List<float[]> w = weights(new Random(16));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> layers.analyze(w, ROWS, new int[] {6, 7, 6}));
    assertTrue(ex.getMessage().contains("weights.get(2) is declared 5x6"), ex.getMessage());
  }
}
