package dev.cmr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector twins of the element-wise step kernels against the scalar references. */
class StepKernelsTest {
  private static final int[] LENGTHS = {0, 1, 3, 7, 8, 9, 17, 256, 1000 + 3};

  private static float[] values(int n, long seed, double spread) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextGaussian() * spread);
    }
    return a;
  }

  private static void assumeVector() {
    assumeTrue(StepKernels.VECTOR, "the vector path is not active on this JVM");
  }

  @Test
  void vectorTanhIsBitIdenticalToScalarOnAwkwardShapes() {
    assumeVector();
    int[][] shapes = {{1, 1}, {1, 3}, {3, 17}, {2, 8}, {5, 256}, {1, 1003}, {17, 10}, {4, 0}};
    for (int[] shape : shapes) {
      int rows = shape[0];
      int cols = shape[1];
      float[] bias = values(cols + 2, 7, 0.5);
      float[] z = values(rows * cols + 3, 11, 3.0);
      float[] scalar = z.clone();
      float[] vector = z.clone();
      ScalarStepKernels.biasTanh(scalar, 0, rows, cols, bias, 2);
      VectorStepKernels.biasTanh(vector, 0, rows, cols, bias, 2);
      assertArrayEquals(scalar, vector, rows + "x" + cols);
    }
  }

  @Test
  void vectorTanhMatchesScalarOnSpecialValues() {
    assumeVector();
    float[] special = {0f, -0f, 1e-30f, -1e-6f, Float.MIN_VALUE, 0.9f, Math.nextDown(0.9f),
        -0.9f, 9.5f, -9.5f, 9.49f, 20f, -1e30f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.NaN, 1f, -3f, 0.5f, 4.2f, -7.9f};
    float[] z = special.clone();
    float[] negativeZero = new float[z.length];
    java.util.Arrays.fill(negativeZero, -0f); // x + (-0) is x for every x, -0 included
    VectorStepKernels.biasTanh(z, 0, 1, z.length, negativeZero, 0);
    for (int i = 0; i < special.length; i++) {
      float expected = ScalarStepKernels.tanh(special[i]);
      assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(z[i]),
          "tanh(" + special[i] + ")");
    }
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(z[1]));
    assertTrue(Float.isNaN(z[16]));
    assertEquals(1f, z[14]);
    assertEquals(-1f, z[15]);
  }

  @Test
  void tanhIsAccurateOnADenseSweepThroughTheSplit() {
    // the whole float range between 0.8 and 1.0, where the two formulas meet
    for (float x = 0.8f; x < 1.0f; x = Math.nextUp(x)) {
      float expected = (float) Math.tanh(x);
      float actual = ScalarStepKernels.tanh(x);
      assertTrue(Math.abs(actual - expected) <= Math.ulp(expected), "tanh(" + x + ")");
    }
  }

  @Test
  void squaredNormIsExactlyTheScalarOneAndCloseToTheDoubleSum() {
    for (int n : LENGTHS) {
      float[] g = values(n + 5, n, 2.0);
      double reference = 0.0;
      for (int i = 5; i < n + 5; i++) {
        reference += (double) g[i] * g[i];
      }
      double scalar = ScalarStepKernels.squaredNorm(g, 5, n);
      assertEquals(reference, scalar, 1e-12 * Math.max(1.0, reference), "length " + n);
      if (StepKernels.VECTOR) {
        assertEquals(Double.doubleToLongBits(scalar),
            Double.doubleToLongBits(VectorStepKernels.squaredNorm(g, 5, n)), "length " + n);
      }
      assertEquals(scalar, Gradients.squaredNorm(g, 5, n), 0.0);
    }
  }

  @Test
  void squaredNormKeepsNonFiniteValues() {
    float[] g = values(40, 3, 1.0);
    g[37] = Float.NaN;
    assertTrue(Double.isNaN(Gradients.squaredNorm(g, 0, 40)));
    assertTrue(Double.isNaN(ScalarStepKernels.squaredNorm(g, 0, 40)));
    g[37] = Float.POSITIVE_INFINITY;
    assertEquals(Double.POSITIVE_INFINITY, Gradients.squaredNorm(g, 0, 40));
    assertEquals(0.0, Gradients.squaredNorm(g, 0, 0));
  }

  @Test
  void vectorAdamIsBitIdenticalToScalarOnAwkwardRanges() {
    assumeVector();
    for (int n : LENGTHS) {
      for (float scale : new float[] {1f, 0.37f}) {
        float[] grads = values(n + 4, 100 + n, 1e-2);
        float[][] scalar = {values(n + 4, 1, 1.0), values(n + 4, 2, 1e-3),
            abs(values(n + 4, 3, 1e-5))};
        float[][] vector = {scalar[0].clone(), scalar[1].clone(), scalar[2].clone()};
        ScalarStepKernels.adam(scalar[0], grads, scalar[1], scalar[2], 2, n + 2, scale,
            1e-3f, 1.2f, 0.1f, 0.999f, 1e-3f, 1e-8f);
        VectorStepKernels.adam(vector[0], grads, vector[1], vector[2], 2, n + 2, scale,
            1e-3f, 1.2f, 0.1f, 0.999f, 1e-3f, 1e-8f);
        for (int k = 0; k < 3; k++) {
          assertArrayEquals(scalar[k], vector[k], "array " + k + ", length " + n);
        }
      }
    }
  }

  @Test
  void scaledStepEqualsScalingTheGradientFirst() {
    float[] grads = values(1003, 5, 1.0);
    float scale = 0.123f;
    float[] scaled = grads.clone();
    Gradients.scale(scaled, scale);
    for (boolean adam : new boolean[] {true, false}) {
      Optimizer fused = adam ? new Adam(1003, 1e-3) : new SgdMomentum(1003, 0.1, 0.9);
      Optimizer plain = fused.copy();
      float[] p = values(1003, 9, 1.0);
      float[] q = p.clone();
      for (int step = 0; step < 3; step++) {
        fused.step(p, grads, scale);
        plain.step(q, scaled);
      }
      assertArrayEquals(q, p, adam ? "adam" : "sgd");
    }
  }

  private static float[] abs(float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.abs(a[i]);
    }
    return a;
  }
}
