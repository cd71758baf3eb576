package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CappedMixingTest {

  @Test
  void gammaFollowsTheFormula() {
    assertEquals(1.0, CappedMixing.gamma(10, 1, 0.5));
    assertEquals(0.5 * 2 / (8 + 1e-12), CappedMixing.gamma(2, 8, 0.5), 0.0);
    assertEquals(0.0, CappedMixing.gamma(0, 3, 0.5));
    assertEquals(1.0, CappedMixing.gamma(1, 0, 0.5));
    assertEquals(0.0, CappedMixing.gamma(0, 0, 0.5));
    assertEquals(0.0, CappedMixing.gamma(5, 5, 0));
  }

  @Test
  void gammaRejectsBadNorms() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> CappedMixing.gamma(Double.NaN, 1, 0.5));
    assertTrue(ex.getMessage().contains("taskNorm") && ex.getMessage().contains("NaN"));
    ex = assertThrows(IllegalArgumentException.class, () -> CappedMixing.gamma(1, -1, 0.5));
    assertTrue(ex.getMessage().contains("spectralNorm") && ex.getMessage().contains("-1"));
    ex = assertThrows(IllegalArgumentException.class,
        () -> CappedMixing.gamma(1, 1, Double.POSITIVE_INFINITY));
    assertTrue(ex.getMessage().contains("rho"));
  }

  private static List<float[]> randomTensors(Random random, double scale, int... sizes) {
    List<float[]> out = new ArrayList<>();
    for (int size : sizes) {
      float[] t = new float[size];
      for (int i = 0; i < size; i++) {
        t[i] = (float) (scale * random.nextGaussian());
      }
      out.add(t);
    }
    return out;
  }

  private static List<float[]> copy(List<float[]> tensors) {
    List<float[]> out = new ArrayList<>();
    for (float[] t : tensors) {
      out.add(t == null ? null : t.clone());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-3, 0.1, 1, 10, 1e4})
  void capAndDescentHold(double spectralScale) {
    Random random = new Random((long) (spectralScale * 1000));
    List<float[]> task = randomTensors(random, 1, 300, 17, 256);
    List<float[]> spec = randomTensors(random, spectralScale, 300, 17, 256);
    spec.set(1, null);
    List<float[]> mixed = copy(task);
    double rho = 0.5;
    double gamma = CappedMixing.mix(mixed, spec, rho);

    double taskNorm = CappedMixing.globalNorm(task);
    double specNorm = CappedMixing.globalNorm(spec);
    assertEquals(CappedMixing.gamma(taskNorm, specNorm, rho), gamma, 0.0);
    assertTrue(gamma * specNorm <= rho * taskNorm * (1 + 1e-12), "cap violated");

    // <g, g_task> >= (1 - rho) ||g_task||^2, measured on the float result
    double inner = 0;
    for (int i = 0; i < task.size(); i++) {
      for (int j = 0; j < task.get(i).length; j++) {
        inner += (double) mixed.get(i)[j] * task.get(i)[j];
      }
    }
    assertTrue(inner >= (1 - rho) * taskNorm * taskNorm * (1 - 1e-6), "not a descent step");

    // the applied change is gamma * g_spec, rounded once to float
    for (int i = 0; i < task.size(); i++) {
      for (int j = 0; j < task.get(i).length; j++) {
        float expected = spec.get(i) == null ? task.get(i)[j]
            : (float) (task.get(i)[j] + gamma * spec.get(i)[j]);
        assertEquals(expected, mixed.get(i)[j], 0.0f);
      }
    }
  }

  @Test
  void zeroSpectralGradientLeavesTaskBitIdentical() {
    Random random = new Random(1);
    List<float[]> task = randomTensors(random, 1, 50, 7);
    task.get(0)[3] = -0.0f;
    List<float[]> spec = new ArrayList<>();
    spec.add(new float[50]);
    spec.add(null);
    List<float[]> mixed = copy(task);
    double gamma = CappedMixing.mix(mixed, spec, 0.5);
    assertEquals(1.0, gamma);
    for (int i = 0; i < task.size(); i++) {
      for (int j = 0; j < task.get(i).length; j++) {
        assertEquals(Float.floatToRawIntBits(task.get(i)[j]),
            Float.floatToRawIntBits(mixed.get(i)[j]), "tensor " + i + " entry " + j);
      }
    }
  }

  @Test
  void lambdaZeroGivesZeroSpectralContribution() {
    // lambda = 0 scales the CMR gradient to exactly zero before mixing
    Random random = new Random(3);
    double[] w = TestMatrices.gaussian(random, 6, 5);
    double[] g = new double[w.length];
    CmrConfig config = new CmrConfig(1e-6, 5, 0.15, 1, 0.1, 0.0, 0.5);
    new CmrRegularizer(config).valueAndGradient(w, 6, 5, g);
    Vectors.scale(config.lambda(), g, 0, g.length);
    List<double[]> task = new ArrayList<>();
    task.add(TestMatrices.gaussian(random, 6, 5));
    double[] before = task.get(0).clone();
    List<double[]> spec = new ArrayList<>();
    spec.add(g);
    CappedMixing.mixDouble(task, spec, config.rho());
    assertArrayEquals(before, task.get(0), 0.0);
  }

  @Test
  void mixDoubleMatchesTheFormula() {
    Random random = new Random(9);
    List<double[]> task = new ArrayList<>();
    List<double[]> spec = new ArrayList<>();
    task.add(TestMatrices.gaussian(random, 4, 5));
    spec.add(TestMatrices.gaussian(random, 4, 5));
    Vectors.scale(100, spec.get(0), 0, 20);
    double[] t0 = task.get(0).clone();
    double gamma = CappedMixing.mixDouble(task, spec, 0.25);
    double tn = TestMatrices.frobenius(t0);
    double sn = TestMatrices.frobenius(spec.get(0));
    assertEquals(0.25 * tn / (sn + 1e-12), gamma, 1e-15 * gamma);
    for (int j = 0; j < 20; j++) {
      assertEquals(t0[j] + gamma * spec.get(0)[j], task.get(0)[j], 1e-15);
    }
  }

  @Test
  void rejectsNonFiniteAndMismatchedInputWithoutModifying() {
    Random random = new Random(2);
    List<float[]> task = randomTensors(random, 1, 10, 10);
    List<float[]> spec = randomTensors(random, 1, 10, 10);
    spec.get(1)[4] = Float.NaN;
    List<float[]> before = copy(task);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> CappedMixing.mix(task, spec, 0.5));
    assertTrue(ex.getMessage().contains("spectral gradient 1")
        && ex.getMessage().contains("entry 4") && ex.getMessage().contains("NaN"),
        ex.getMessage());
    for (int i = 0; i < task.size(); i++) {
      assertArrayEquals(before.get(i), task.get(i), 0.0f);
    }

    spec.get(1)[4] = 0;
    task.get(0)[9] = Float.POSITIVE_INFINITY;
    ex = assertThrows(IllegalArgumentException.class, () -> CappedMixing.mix(task, spec, 0.5));
    assertTrue(ex.getMessage().contains("task gradient 0")
        && ex.getMessage().contains("entry 9"), ex.getMessage());
    task.get(0)[9] = 0;

    spec.set(0, new float[3]);
    ex = assertThrows(IllegalArgumentException.class, () -> CappedMixing.mix(task, spec, 0.5));
    assertTrue(ex.getMessage().contains("10") && ex.getMessage().contains("3"),
        ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> CappedMixing.mix(task, spec.subList(0, 1), 0.5));
    assertTrue(ex.getMessage().contains("2") && ex.getMessage().contains("1"),
        ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CappedMixing.mix(null, spec, 0.5));
    assertThrows(IllegalArgumentException.class, () -> CappedMixing.mix(task, spec, -1));
    List<float[]> withNull = new ArrayList<>(Arrays.asList(null, new float[10]));
    assertThrows(IllegalArgumentException.class, () -> CappedMixing.mix(withNull, spec, 0.5));
  }
}
