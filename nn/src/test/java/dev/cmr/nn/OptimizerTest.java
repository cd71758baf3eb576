package dev.cmr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  @Test
  void adamMatchesTextbookFormulaOverThreeSteps() {
    double lr = 0.01;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    float[] p = {1f, -2f, 0.5f};
    float[][] grads = {{0.1f, -3f, 0f}, {0.2f, 1f, 1e-4f}, {-0.3f, 2f, -5f}};
    Adam adam = new Adam(3, lr, b1, b2, eps);
    double[] expected = {1, -2, 0.5};
    double[] m = new double[3];
    double[] v = new double[3];
    for (int t = 1; t <= 3; t++) {
      adam.step(p, grads[t - 1]);
      for (int i = 0; i < 3; i++) {
        double g = grads[t - 1][i];
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        expected[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        assertEquals(expected[i], p[i], 1e-6, "step " + t + " parameter " + i);
      }
    }
    assertEquals(3, adam.stepCount());
  }

  @Test
  void adamFirstStepMovesEachParameterByLearningRate() {
    float[] p = {0f, 0f, 0f};
    new Adam(3, 1e-3).step(p, new float[] {5f, -0.01f, 0f});
    assertEquals(-1e-3, p[0], 1e-9);
    assertEquals(1e-3, p[1], 1e-8);
    assertEquals(0.0, p[2], 0.0);
  }

  @Test
  void adamCopyContinuesIdentically() {
    float[] p = {1f, 2f};
    Adam a = new Adam(2, 0.1);
    a.step(p, new float[] {1f, -1f});
    float[] q = p.clone();
    Adam b = a.copy();
    a.step(p, new float[] {0.5f, 0.25f});
    b.step(q, new float[] {0.5f, 0.25f});
    assertArrayEquals(p, q);
    assertEquals(a.stepCount(), b.stepCount());
  }

  @Test
  void sgdMomentumFollowsPyTorchRecurrence() {
    float[] p = {1f};
    SgdMomentum sgd = new SgdMomentum(1, 0.1, 0.9);
    sgd.step(p, new float[] {2f});          // buf = 2, p = 1 - 0.2
    assertEquals(0.8, p[0], 1e-7);
    sgd.step(p, new float[] {1f});          // buf = 0.9 * 2 + 1 = 2.8, p = 0.8 - 0.28
    assertEquals(0.52, p[0], 1e-6);
    SgdMomentum plain = new SgdMomentum(1, 0.5, 0.0);
    float[] q = {1f};
    plain.step(q, new float[] {2f});
    plain.step(q, new float[] {2f});
    assertEquals(-1.0, q[0], 1e-7);
  }

  @Test
  void clippingScalesOnlyAboveTheThreshold() {
    float[] g = {6f, 8f};                  // norm 10
    double n = Gradients.clipByGlobalNorm(g, 5.0);
    assertEquals(10.0, n, 1e-12);
    double scale = 5.0 / (10.0 + 1e-6);
    assertEquals(6 * scale, g[0], 1e-6);
    assertEquals(8 * scale, g[1], 1e-6);
    assertEquals(5.0, Gradients.norm(g), 1e-5);

    float[] small = {0.3f, 0.4f};
    float[] copy = small.clone();
    assertEquals(0.5, Gradients.clipByGlobalNorm(small, 5.0), 1e-7);
    assertArrayEquals(copy, small);
  }

  @Test
  void normOfSlicesAddsUp() {
    float[] g = {1f, 2f, 3f, 4f, 5f};
    assertEquals(55.0, Gradients.squaredNorm(g, 0, 5), 0.0);
    assertEquals(4.0 + 9.0 + 16.0, Gradients.squaredNorm(g, 1, 3), 0.0);
    assertEquals(Math.sqrt(55.0), Gradients.norm(g), 0.0);
  }

  @Test
  void restoredStateContinuesExactlyAsTheOriginal() {
    for (boolean adam : new boolean[] {true, false}) {
      float[] p = {1f, -2f, 0.5f};
      Optimizer a = adam ? new Adam(3, 0.05) : new SgdMomentum(3, 0.05, 0.9);
      a.step(p, new float[] {0.3f, -1f, 2f});
      a.step(p, new float[] {-0.1f, 0.5f, 1f});
      Map<String, float[]> saved = a.stateArrays();
      assertEquals(adam ? List.of("adam_m", "adam_v") : List.of("sgd_buffer"),
          List.copyOf(saved.keySet()));
      Optimizer b = adam ? new Adam(3, 0.05) : new SgdMomentum(3, 0.05, 0.9);
      b.restoreState(a.stepCount(), saved);
      float[] q = p.clone();
      float[] g = {0.7f, 0.2f, -0.4f};
      a.step(p, g);
      b.step(q, g);
      assertArrayEquals(p, q, adam ? "adam" : "sgd");
      assertEquals(3, b.stepCount());
      saved.values().iterator().next()[0] = 99f;
      assertFalse(a.stateArrays().values().iterator().next()[0] == 99f, "a copy");
    }
  }

  @Test
  void restoreRefusesStateOfAnotherShape() {
    Adam a = new Adam(3, 0.1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.restoreState(1, Map.of("adam_m", new float[3], "adam_v", new float[2])));
    assertTrue(e.getMessage().contains("adam_v") && e.getMessage().contains("2"),
        e.getMessage());
    IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
        () -> a.restoreState(1, Map.of("sgd_buffer", new float[3])));
    assertTrue(f.getMessage().contains("adam_m"), f.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new SgdMomentum(3, 0.1, 0.9).restoreState(-1, Map.of("sgd_buffer",
            new float[3])));
  }
}
