package dev.cmr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InitTest {

  @ParameterizedTest
  @CsvSource({"30, 30, 0.06", "12, 40, 1.0", "40, 12, 0.5", "1, 9, 2.0", "9, 1, 0.3"})
  void orthogonalGivesScaledIdentityGram(int rows, int cols, double gain) {
    float[] w = new float[rows * cols + 3];
    Init.orthogonal(w, 3, rows, cols, gain,
        RandomStreams.stream(5, RandomStreams.Purpose.OTHER, rows * 100 + cols));
    // Gram of the short side: W W^T (rows <= cols) or W^T W (rows > cols)
    int k = Math.min(rows, cols);
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double dot = 0;
        if (rows <= cols) {
          for (int j = 0; j < cols; j++) {
            dot += (double) w[3 + a * cols + j] * w[3 + b * cols + j];
          }
        } else {
          for (int i = 0; i < rows; i++) {
            dot += (double) w[3 + i * cols + a] * w[3 + i * cols + b];
          }
        }
        double expected = a == b ? gain * gain : 0.0;
        assertEquals(expected, dot, 1e-6 * gain * gain, "Gram(" + a + "," + b + ")");
      }
    }
    assertEquals(0f, w[0]);
  }

  @Test
  void orthogonalIsDeterministicPerStream() {
    float[] a = new float[64];
    float[] b = new float[64];
    float[] c = new float[64];
    Init.orthogonal(a, 0, 8, 8, 1, RandomStreams.stream(1, RandomStreams.Purpose.INIT, 0));
    Init.orthogonal(b, 0, 8, 8, 1, RandomStreams.stream(1, RandomStreams.Purpose.INIT, 0));
    Init.orthogonal(c, 0, 8, 8, 1, RandomStreams.stream(1, RandomStreams.Purpose.INIT, 1));
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, c));
  }

  @Test
  void heNormalHasTheKaimingStandardDeviation() {
    int rows = 200;
    int cols = 100;
    float[] w = new float[rows * cols];
    Init.heNormal(w, 0, rows, cols, 1.0, RandomStreams.stream(9, RandomStreams.Purpose.OTHER, 0));
    double sum = 0;
    double sq = 0;
    for (float v : w) {
      sum += v;
      sq += v * v;
    }
    double mean = sum / w.length;
    double var = sq / w.length - mean * mean;
    // 20000 samples: the sample variance is within a few percent of 2 / fan_in
    assertEquals(2.0 / cols, var, 0.05 * 2.0 / cols);
    assertEquals(0.0, mean, 5 * Math.sqrt(2.0 / cols / w.length));
  }

  @Test
  void mlpInitializationZeroesBiasesAndUsesLayerStreams() {
    Mlp mlp = new Mlp(new int[] {5, 4, 4, 3}, Activation.TANH);
    Arrays.fill(mlp.parameters(), 7f);
    mlp.initialize(WeightInit.ORTHOGONAL, 0.06, 42);
    for (int l = 0; l < mlp.layerCount(); l++) {
      for (int j = 0; j < mlp.outputs(l); j++) {
        assertEquals(0f, mlp.parameters()[mlp.biasOffset(l) + j]);
      }
    }
    float[] w1 = new float[16];
    float[] w2 = new float[16];
    mlp.copyWeights(1, w1);
    mlp.copyWeights(2, w2);
    assertFalse(Arrays.equals(w1, Arrays.copyOf(w2, 16)));
    Mlp again = new Mlp(new int[] {5, 4, 4, 3}, Activation.TANH);
    again.initialize(WeightInit.ORTHOGONAL, 0.06, 42);
    assertArrayEquals(mlp.parameters(), again.parameters());
  }

  @Test
  void permutationIsAPermutationAndDependsOnEpoch() {
    int n = 1000;
    int[] a = new int[n];
    int[] b = new int[n];
    RandomStreams.permutation(a, n, RandomStreams.stream(42, RandomStreams.Purpose.SHUFFLE, 1));
    RandomStreams.permutation(b, n, RandomStreams.stream(42, RandomStreams.Purpose.SHUFFLE, 2));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      assertEquals(i, sorted[i]);
    }
    assertFalse(Arrays.equals(a, b));
    int[] again = new int[n];
    RandomStreams.permutation(again, n,
        RandomStreams.stream(42, RandomStreams.Purpose.SHUFFLE, 1));
    assertArrayEquals(a, again);
    assertTrue(a[0] != 0 || a[1] != 1 || a[2] != 2, "shuffled");
  }
}
