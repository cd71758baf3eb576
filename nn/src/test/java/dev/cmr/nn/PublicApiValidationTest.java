package dev.cmr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input at the exported entry points of module {@code dev.cmr.nn}: each is rejected with
 * an {@link IllegalArgumentException} that names the argument and the values, and the
 * caller's arrays are left as they were.
 */
class PublicApiValidationTest {

  private static void rejects(Executable call, String... fragments) {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
    for (String fragment : fragments) {
      assertTrue(ex.getMessage().contains(fragment),
          "'" + ex.getMessage() + "' lacks '" + fragment + "'");
    }
  }

  private static Mlp model() {
    Mlp mlp = new Mlp(new int[] {4, 3, 2}, Activation.TANH);
    mlp.initialize(WeightInit.ORTHOGONAL, 1.0, 5);
    return mlp;
  }

  @Test
  void mlpShapes() {
    rejects(() -> new Mlp(new int[] {4}, Activation.TANH), "widths", "at least 2", "got 1");
    rejects(() -> new Mlp(new int[] {4, 0, 2}, Activation.TANH), "widths[1]", "got 0");
    Mlp mlp = model();
    rejects(() -> mlp.newWorkspace(0), "capacity", "got 0");
    Mlp.Workspace ws = mlp.newWorkspace(8);
    rejects(() -> mlp.forward(new float[4 * 9], 9, ws), "batch", "[1, 8]", "got 9");
    rejects(() -> mlp.forward(new float[7], 2, ws), "x needs 8", "got 7");
    Mlp other = new Mlp(new int[] {4, 5, 2}, Activation.TANH);
    rejects(() -> other.forward(new float[8], 2, ws), "workspace built for widths [4, 3, 2]",
        "[4, 5, 2]");
  }

  @Test
  void lossAndGradientLeavesTheGradientAloneOnBadInput() {
    Mlp mlp = model();
    Mlp.Workspace ws = mlp.newWorkspace(4);
    float[] x = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f};
    float[] gradient = new float[mlp.parameterCount()];
    Arrays.fill(gradient, 3f);
    float[] before = gradient.clone();
    rejects(() -> mlp.lossAndGradient(x, new int[] {0, 1}, 2, ws, new float[5]),
        "gradient must have length " + mlp.parameterCount(), "got 5");
    rejects(() -> mlp.lossAndGradient(x, new int[] {0, 2}, 2, ws, gradient), "labels[1]",
        "[0, 2)", "got 2");
    assertArrayEquals(before, gradient);
    rejects(() -> mlp.lossAndGradient(x, new int[] {0}, 2, ws, gradient), "labels 2",
        "and 1");
    assertArrayEquals(before, gradient);
  }

  @Test
  void optimizersCheckTheirArguments() {
    rejects(() -> new Adam(-1, 1e-3), "size", "got -1");
    rejects(() -> new Adam(3, Double.NaN), "lr", "NaN");
    rejects(() -> new Adam(3, 1e-3, 1.0, 0.999, 1e-8), "beta1=1.0");
    rejects(() -> new SgdMomentum(3, 0.1, 1.0), "momentum", "[0, 1)", "got 1.0");
    float[] params = {1, 2, 3};
    float[] before = params.clone();
    rejects(() -> new Adam(3, 1e-3).step(params, new float[2]), "expected 3", "got 3 and 2");
    rejects(() -> new SgdMomentum(3, 0.1, 0.9).step(params, new float[4]), "expected 3",
        "got 3 and 4");
    assertArrayEquals(before, params);
  }
}
