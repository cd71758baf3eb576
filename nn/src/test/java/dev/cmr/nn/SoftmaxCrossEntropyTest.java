package dev.cmr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {

  @Test
  void matchesNaiveFormulaForModerateLogits() {
    float[] z = {0.5f, -1.25f, 2f, 0.1f, 0.2f, 0.3f};
    int[] y = {2, 0};
    float[] g = new float[6];
    double loss = SoftmaxCrossEntropy.lossAndGradient(z, 2, 3, y, g);
    double expected = 0;
    for (int r = 0; r < 2; r++) {
      double sum = 0;
      for (int j = 0; j < 3; j++) {
        sum += Math.exp(z[r * 3 + j]);
      }
      expected += -Math.log(Math.exp(z[r * 3 + y[r]]) / sum);
      for (int j = 0; j < 3; j++) {
        double p = Math.exp(z[r * 3 + j]) / sum;
        assertEquals((p - (j == y[r] ? 1 : 0)) / 2, g[r * 3 + j], 1e-7);
      }
    }
    assertEquals(expected / 2, loss, 1e-6);
  }

  @Test
  void staysFiniteForHugeLogits() {
    float[] z = {1000f, 0f, -1000f, 3e30f, -3e30f, 0f};
    float[] g = new float[6];
    double correct = SoftmaxCrossEntropy.lossAndGradient(z, 1, 3, new int[] {0}, g);
    assertEquals(0.0, correct, 1e-12);
    double wrong = SoftmaxCrossEntropy.lossAndGradient(z, 1, 3, new int[] {1}, g);
    assertEquals(1000.0, wrong, 1e-9);
    assertEquals(1.0, g[0], 1e-7);
    assertEquals(-1.0, g[1], 1e-7);
    double extreme = SoftmaxCrossEntropy.lossAndGradient(z, 2, 3, new int[] {0, 1}, g);
    assertTrue(Double.isFinite(extreme), "loss " + extreme);
    for (float v : g) {
      assertTrue(Float.isFinite(v), "gradient entry " + v);
    }
  }

  @Test
  void shiftInvariantAndGradientRowsSumToZero() {
    float[] z = {3f, 1f, -2f, 0.5f};
    float[] shifted = {103f, 101f, 98f, 100.5f};
    float[] g = new float[4];
    float[] gs = new float[4];
    double a = SoftmaxCrossEntropy.lossAndGradient(z, 1, 4, new int[] {3}, g);
    double b = SoftmaxCrossEntropy.lossAndGradient(shifted, 1, 4, new int[] {3}, gs);
    assertEquals(a, b, 1e-5);
    double sum = 0;
    for (int j = 0; j < 4; j++) {
      assertEquals(g[j], gs[j], 1e-6);
      sum += g[j];
    }
    assertEquals(0.0, sum, 1e-7);
  }

  @Test
  void inPlaceGradientEqualsSeparateBuffer() {
    float[] z = {0.3f, -0.1f, 0.9f, 1.5f, 0.2f, -2f};
    float[] g = new float[6];
    double a = SoftmaxCrossEntropy.lossAndGradient(z.clone(), 2, 3, new int[] {1, 2}, g);
    float[] inPlace = z.clone();
    double b = SoftmaxCrossEntropy.lossAndGradient(inPlace, 2, 3, new int[] {1, 2}, inPlace);
    assertEquals(a, b);
    for (int i = 0; i < 6; i++) {
      assertEquals(g[i], inPlace[i]);
    }
  }

  @Test
  void rejectsOutOfRangeLabel() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxCrossEntropy.lossAndGradient(new float[3], 1, 3, new int[] {3}, null));
    assertTrue(e.getMessage().contains("labels[0]"), e.getMessage());
  }
}
