package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-layer exact or matrix-free choice of {@link CmrLayers}. */
class CmrLayersMethodTest {
  private static final int[] ROWS = {12, 6, 10};
  private static final int[] COLS = {8, 9, 10};
  private static final long SEED = 42;

  private static List<float[]> gaussian(long seed, int[] rows, int[] cols, int extra) {
    Random random = new Random(seed);
    List<float[]> out = new ArrayList<>();
    for (int l = 0; l < rows.length + extra; l++) {
      int n = l < rows.length ? rows[l] * cols[l] : 5;
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = (float) (random.nextGaussian() / 3);
      }
      out.add(a);
    }
    return out;
  }

  private static List<float[]> copy(List<float[]> list) {
    List<float[]> out = new ArrayList<>();
    for (float[] a : list) {
      out.add(a.clone());
    }
    return out;
  }

  @Test
  void exactOptionsGiveBitForBitTheDefaultEntryPoint() {
    List<float[]> w = gaussian(1, ROWS, COLS, 0);
    List<float[]> g = gaussian(2, ROWS, COLS, 1);
    List<float[]> viaDefault = copy(g);
    List<float[]> viaOptions = copy(g);
    CmrReport a = new CmrLayers(CmrConfig.defaults()).applyTo(w, ROWS, COLS, viaDefault);
    CmrReport b = new CmrLayers(CmrConfig.defaults(),
        MatrixFreeOptions.of(SpectralMethod.EXACT), SEED).applyTo(w, ROWS, COLS, viaOptions);
    assertEquals(a, b);
    for (int i = 0; i < g.size(); i++) {
      assertArrayEquals(viaDefault.get(i), viaOptions.get(i));
    }
  }

  @Test
  void matrixFreeLayersUseTheEstimatorWithProbesFromSeedCallAndLayer() {
    CmrConfig config = CmrConfig.defaults();
    MatrixFreeOptions options = MatrixFreeOptions.of(SpectralMethod.MATRIX_FREE);
    CmrLayers layers = new CmrLayers(config, options, SEED);
    MatrixFreeCmr direct = new MatrixFreeCmr(config, options);
    List<EdgeWarmStart> warm = List.of(new EdgeWarmStart(), new EdgeWarmStart(),
        new EdgeWarmStart());
    for (int call = 0; call < 3; call++) {
      List<float[]> w = gaussian(10 + call, ROWS, COLS, 0);
      List<float[]> g = gaussian(20 + call, ROWS, COLS, 1);
      CmrReport report = layers.applyTo(w, ROWS, COLS, copy(g));
      double[] expected = new double[ROWS.length];
      for (int l = 0; l < ROWS.length; l++) {
        float[] s = new float[ROWS[l] * COLS[l]];
        expected[l] = direct.valueAndGradient(w.get(l), ROWS[l], COLS[l],
            MatrixFreeCmr.probeSeed(SEED, call, l), warm.get(l), s);
      }
      assertArrayEquals(expected, report.layerRegularizers(), "call " + call);
      double[] kappa = report.conditionNumbers();
      assertTrue(Double.isNaN(kappa[1]), "the wide layer has no estimated s_r");
      assertTrue(kappa[0] >= 1 && kappa[2] >= 1, java.util.Arrays.toString(kappa));
    }
  }

  @Test
  void restartFromReplaysTheProbesOfThatCall() {
    CmrConfig config = CmrConfig.defaults();
    MatrixFreeOptions options = MatrixFreeOptions.of(SpectralMethod.MATRIX_FREE);
    List<float[]> w = gaussian(3, ROWS, COLS, 0);
    List<float[]> g = gaussian(4, ROWS, COLS, 1);
    CmrLayers fresh = new CmrLayers(config, options, SEED);
    fresh.applyTo(w, ROWS, COLS, copy(g));
    fresh.restartFrom(0);
    List<float[]> again = copy(g);
    CmrReport replay = fresh.applyTo(w, ROWS, COLS, again);
    List<float[]> first = copy(g);
    CmrReport original = new CmrLayers(config, options, SEED).applyTo(w, ROWS, COLS, first);
    assertEquals(original, replay);
    for (int i = 0; i < g.size(); i++) {
      assertArrayEquals(first.get(i), again.get(i));
    }
    List<float[]> next = copy(g);
    CmrReport other = fresh.applyTo(w, ROWS, COLS, next);
    assertNotEquals(original.regularizer(), other.regularizer(),
        "a later call draws other probes");
  }

  @Test
  void theMixingCapHoldsForMatrixFreeLayers() {
    CmrLayers layers = new CmrLayers(CmrConfig.defaults(),
        MatrixFreeOptions.of(SpectralMethod.MATRIX_FREE), SEED);
    List<float[]> w = gaussian(5, ROWS, COLS, 0);
    List<float[]> g = gaussian(6, ROWS, COLS, 1);
    for (float[] a : g) {
      for (int i = 0; i < a.length; i++) {
        a[i] *= 1e-4f;
      }
    }
    CmrReport report = layers.applyTo(w, ROWS, COLS, g);
    assertTrue(report.gamma() * report.spectralNorm()
        <= CmrConfig.defaults().rho() * report.taskNorm() * (1 + 1e-12), report.toString());
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException methods = assertThrows(IllegalArgumentException.class,
        () -> new CmrLayers(CmrConfig.defaults(), null, SEED));
    assertEquals("methods must not be null", methods.getMessage());
    CmrLayers layers = new CmrLayers(CmrConfig.defaults());
    IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
        () -> layers.restartFrom(-1));
    assertEquals("callIndex must be >= 0, got -1", index.getMessage());
  }
}
