package dev.cmr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationTest {

  @Test
  void fastTanhIsWithinOneUlpOfMathTanh() {
    float[] special = {0f, -0f, 1e-30f, -1e-6f, 9.99e-5f, 1e-4f, 0.5f, -3f, 8.9f, 9.1f, -20f,
        Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE};
    for (float x : special) {
      check(x);
    }
    for (int i = -200_000; i <= 200_000; i++) {
      check(i * 1e-4f);
    }
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Activation.tanh(-0f)));
    assertTrue(Float.isNaN(Activation.tanh(Float.NaN)));
    assertEquals(1f, Activation.tanh(Float.POSITIVE_INFINITY));
    assertEquals(-1f, Activation.tanh(Float.NEGATIVE_INFINITY));
  }

  private static void check(float x) {
    float expected = (float) Math.tanh(x);
    float actual = Activation.tanh(x);
    assertTrue(Math.abs(actual - expected) <= Math.ulp(expected),
        "tanh(" + x + "): " + actual + " vs " + expected);
  }

  @Test
  void biasAndActivationAreFused() {
    float[] z = {0.5f, -2f, 1f, 3f};
    float[] bias = {9f, 0.25f, -1f};
    Activation.RELU.addBiasAndApply(z, 0, 2, 2, bias, 1);
    assertArrayEquals(new float[] {0.75f, 0f, 1.25f, 2f}, z);
    float[] t = {0.5f, -2f};
    Activation.TANH.addBiasAndApply(t, 0, 1, 2, new float[] {0.1f, 0.2f}, 0);
    assertEquals(Math.tanh(0.6f), t[0], 1e-7);
    assertEquals(Math.tanh(-1.8f), t[1], 1e-7);
    float[] id = {1f, 2f};
    Activation.IDENTITY.addBiasAndApply(id, 0, 1, 2, new float[] {-1f, 1f}, 0);
    assertArrayEquals(new float[] {0f, 3f}, id);
  }

  @Test
  void derivativesUseTheOutputs() {
    float[] out = {0.5f, -0.9f, 0f, 2f};
    float[] g = {1f, 2f, 3f, 4f};
    Activation.TANH.multiplyByDerivative(g, out, 4);
    assertArrayEquals(new float[] {0.75f, 2f * (1f - 0.81f), 3f, 4f * (1f - 4f)}, g, 1e-6f);
    float[] h = {1f, 2f, 3f, 4f};
    Activation.RELU.multiplyByDerivative(h, out, 4);
    assertArrayEquals(new float[] {1f, 0f, 0f, 4f}, h);
  }

  @Test
  void parseAcceptsLabels() {
    for (Activation a : Activation.values()) {
      assertEquals(a, Activation.parse(a.label().toUpperCase(java.util.Locale.ROOT)));
    }
  }
}
