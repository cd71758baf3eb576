package dev.cmr.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpGradientTest {

  /** Loss of the model at its current parameters, in float like training. */
  private static double loss(Mlp mlp, float[] x, int[] labels, int batch) {
    Mlp.Workspace ws = mlp.newWorkspace(batch);
    float[] logits = mlp.forward(x, batch, ws);
    return SoftmaxCrossEntropy.lossAndGradient(logits, batch, mlp.classes(), labels, null);
  }

  private static void checkAgainstCentralDifferences(Activation act, long seed) {
    int[] widths = {6, 7, 5, 4};
    int batch = 5;
    Mlp mlp = new Mlp(widths, act);
    mlp.initialize(WeightInit.ORTHOGONAL, 1.0, seed);
    SplittableRandom rng = new SplittableRandom(seed + 1);
    float[] p = mlp.parameters();
    for (int l = 0; l < mlp.layerCount(); l++) {
      for (int j = 0; j < mlp.outputs(l); j++) {
        p[mlp.biasOffset(l) + j] = (float) (0.2 * rng.nextGaussian());
      }
    }
    float[] x = new float[batch * widths[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = rng.nextInt(widths[widths.length - 1]);
    }

    float[] grad = new float[mlp.parameterCount()];
    double l0 = mlp.lossAndGradient(x, labels, batch, mlp.newWorkspace(batch), grad);
    assertEquals(loss(mlp, x, labels, batch), l0, 1e-12, "loss of lossAndGradient");

    // central differences in float: truncation O(h^2) plus rounding O(ulp(loss) / h)
    double h = 1e-2;
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      p[i] = (float) (saved + h);
      double up = loss(mlp, x, labels, batch);
      p[i] = (float) (saved - h);
      double down = loss(mlp, x, labels, batch);
      p[i] = saved;
      double numeric = (up - down) / (2 * h);
      assertTrue(Math.abs(numeric - grad[i]) <= 2e-4 + 2e-3 * Math.abs(numeric),
          "parameter " + i + ": analytic " + grad[i] + " vs numeric " + numeric);
    }
  }

  @Test
  void tanhGradientMatchesCentralDifferences() {
    checkAgainstCentralDifferences(Activation.TANH, 7);
  }

  @Test
  void reluGradientMatchesCentralDifferences() {
    checkAgainstCentralDifferences(Activation.RELU, 11);
  }

  @Test
  void forwardMatchesDirectEvaluation() {
    int[] widths = {3, 4, 2};
    Mlp mlp = new Mlp(widths, Activation.TANH);
    mlp.initialize(WeightInit.HE, 1.0, 3);
    float[] p = mlp.parameters();
    p[mlp.biasOffset(0) + 1] = 0.5f;
    p[mlp.biasOffset(1)] = -0.25f;
    float[] x = {0.1f, -0.7f, 2f, 1f, 0f, -1f};
    float[] logits = mlp.forward(x, 2, mlp.newWorkspace(2)).clone();
    for (int r = 0; r < 2; r++) {
      double[] h = new double[4];
      for (int j = 0; j < 4; j++) {
        double z = p[mlp.biasOffset(0) + j];
        for (int k = 0; k < 3; k++) {
          z += p[mlp.weightOffset(0) + j * 3 + k] * x[r * 3 + k];
        }
        h[j] = Math.tanh(z);
      }
      for (int c = 0; c < 2; c++) {
        double z = p[mlp.biasOffset(1) + c];
        for (int j = 0; j < 4; j++) {
          z += p[mlp.weightOffset(1) + c * 4 + j] * h[j];
        }
        assertEquals(z, logits[r * 2 + c], 1e-5, "logit " + r + "," + c);
      }
    }
  }

  @Test
  void countCorrectUsesArgMaxOverChunks() {
    Mlp mlp = new Mlp(new int[] {2, 2}, Activation.TANH);
    float[] p = mlp.parameters();
    // identity weights: the arg-max is the larger input
    p[mlp.weightOffset(0)] = 1f;
    p[mlp.weightOffset(0) + 3] = 1f;
    float[] x = {1, 0, 0, 1, 2, 1, 0, 3, 5, 4};
    byte[] labels = {0, 1, 1, 1, 0};
    // capacity 2 forces three chunks; row 2 is wrong
    assertEquals(4, mlp.countCorrect(x, labels, 5, mlp.newWorkspace(2)));
  }
}
