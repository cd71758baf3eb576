package dev.cmr.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  void softmaxChecksEveryLabelBeforeWritingInPlace() {
    float[] logits = {1, 2, 3, 4, 5, 6};
    float[] before = logits.clone();
    // gradient written over the logits: row 0 would be overwritten before row 2 is reached
    rejects(() -> SoftmaxCrossEntropy.lossAndGradient(logits, 3, 2, new int[] {0, 1, 2},
        logits), "labels[2]", "[0, 2)", "got 2");
    assertArrayEquals(before, logits);
    rejects(() -> SoftmaxCrossEntropy.lossAndGradient(logits, 3, 2, new int[] {0, 1, -1},
        logits), "labels[2]", "got -1");
    assertArrayEquals(before, logits);
    float[] shortGradient = new float[5];
    rejects(() -> SoftmaxCrossEntropy.lossAndGradient(logits, 3, 2, new int[] {0, 1, 0},
        shortGradient), "gradient needs 6", "got 5");
    assertArrayEquals(new float[5], shortGradient);
    rejects(() -> SoftmaxCrossEntropy.lossAndGradient(logits, 0, 2, new int[0], null),
        "rows=0");
    rejects(() -> SoftmaxCrossEntropy.lossAndGradient(logits, 4, 2, new int[4], null),
        "logits need 8", "got 6");
  }

  @Test
  void initializersCheckTheBlockAndWriteNothingOnFailure() {
    float[] w = new float[6];
    for (WeightInit init : WeightInit.values()) {
      rejects(() -> init.fill(w, 1, 2, 3, 1.0, RandomStreams.stream(1,
          RandomStreams.Purpose.OTHER, 0)), "2x3 block at offset 1", "length 6");
      rejects(() -> init.fill(w, 0, 0, 3, 1.0, RandomStreams.stream(1,
          RandomStreams.Purpose.OTHER, 0)), "rows=0");
    }
    assertArrayEquals(new float[6], w);
    rejects(() -> WeightInit.parse("xavier"), "orthogonal, he", "'xavier'");
    rejects(() -> Activation.parse("gelu"), "tanh, relu, identity", "'gelu'");
  }

  @Test
  void streamsGradientsAndModelCopiesCheckTheirArguments() {
    int[] order = {7, 7};
    rejects(() -> RandomStreams.permutation(order, 3,
        RandomStreams.stream(1, RandomStreams.Purpose.SHUFFLE, 0)), "n=3", "got 2");
    rejects(() -> RandomStreams.permutation(order, -1,
        RandomStreams.stream(1, RandomStreams.Purpose.SHUFFLE, 0)), "n=-1");
    assertArrayEquals(new int[] {7, 7}, order);

    float[] g = {3, 4};
    rejects(() -> Gradients.clipByGlobalNorm(g, 0), "maxNorm", "got 0.0");
    rejects(() -> Gradients.clipByGlobalNorm(g, Double.NaN), "maxNorm", "NaN");
    assertArrayEquals(new float[] {3, 4}, g);

    Mlp mlp = model();
    float[] before = mlp.parameters().clone();
    rejects(() -> mlp.copyParametersFrom(new Mlp(new int[] {4, 2}, Activation.TANH)),
        "shapes differ", "[4, 3, 2]", "[4, 2]");
    assertArrayEquals(before, mlp.parameters());
  }

  @Test
  void optimizerRestoreRejectsForeignStateAndKeepsItsOwn() {
    Adam adam = new Adam(2, 1e-2);
    float[] params = {1, 2};
    adam.step(params, new float[] {0.5f, -0.5f});
    var state = adam.stateArrays();
    rejects(() -> adam.restoreState(-1, state), "step count", "got -1");
    rejects(() -> adam.restoreState(1, java.util.Map.of("adam_m", new float[2])),
        "must hold exactly [adam_m, adam_v]");
    rejects(() -> adam.restoreState(1, java.util.Map.of("adam_m", new float[2],
        "adam_v", new float[3])), "adam_v must have length 2", "got 3");
    assertEquals(1, adam.stepCount());
    assertArrayEquals(state.get("adam_m"), adam.stateArrays().get("adam_m"));
    SgdMomentum sgd = new SgdMomentum(2, 0.1, 0.9);
    rejects(() -> sgd.restoreState(0, java.util.Map.of("adam_m", new float[2])),
        "[sgd_buffer]");
  }

  @Test
  void forwardRejectsNaNOrInfinityInTheBatchAndLeavesTheWorkspaceAlone() {
    Mlp mlp = model();
    Mlp.Workspace ws = mlp.newWorkspace(4);
    float[] x = {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f, 0, 0, 0, 0};
    float[] logits = mlp.forward(x, 3, ws);
    float[] logitsBefore = logits.clone();
    x[6] = Float.NaN;
    float[] xBefore = x.clone();
    rejects(() -> mlp.forward(x, 3, ws), "x must be finite", "entry (row 1, column 2) is NaN");
    assertArrayEquals(logitsBefore, logits);
    assertArrayEquals(xBefore, x);

    // only the first batch rows are scanned
    float[] tail = {0.1f, 0.2f, -0.3f, 0.4f, Float.POSITIVE_INFINITY, 0, 0, 0};
    mlp.forward(tail, 1, ws);
    rejects(() -> mlp.forward(tail, 2, ws), "entry (row 1, column 0) is Infinity");

    float[] gradient = new float[mlp.parameterCount()];
    Arrays.fill(gradient, 3f);
    float[] gradientBefore = gradient.clone();
    rejects(() -> mlp.lossAndGradient(x, new int[] {0, 1, 1}, 3, ws, gradient),
        "x must be finite", "entry (row 1, column 2) is NaN");
    assertArrayEquals(gradientBefore, gradient);
    rejects(() -> mlp.forward(null, 1, ws), "x must not be null");
    rejects(() -> mlp.forward(x, 1, null), "workspace ws must not be null");
    rejects(() -> mlp.lossAndGradient(x, null, 1, ws, gradient), "labels must not be null");
    rejects(() -> new Mlp(new int[] {4, 2}, null), "hidden activation must not be null");
  }

  @Test
  void countCorrectChecksEveryArgumentBeforeStagingABatch() {
    Mlp mlp = model();
    Mlp.Workspace ws = mlp.newWorkspace(2);
    float[] staging = ws.input();
    Arrays.fill(staging, 7f);
    float[] stagingBefore = staging.clone();
    float[] x = new float[3 * 4];
    byte[] labels = {0, 1, 1};
    rejects(() -> mlp.countCorrect(x, labels, -1, ws), "count must be >= 0", "got -1");
    rejects(() -> mlp.countCorrect(x, labels, 4, ws), "x needs 16 elements and labels 4",
        "got 12 and 3");
    rejects(() -> mlp.countCorrect(new float[16], labels, 4, ws), "labels 4", "got 16 and 3");
    x[9] = Float.NEGATIVE_INFINITY;
    rejects(() -> mlp.countCorrect(x, labels, 3, ws), "x must be finite",
        "entry (row 2, column 1) is -Infinity");
    x[9] = 0;
    byte[] bad = {0, 1, 2};
    rejects(() -> mlp.countCorrect(x, bad, 3, ws), "labels[2] must be in [0, 2)", "got 2");
    byte[] unsigned = {0, (byte) 200, 1};
    rejects(() -> mlp.countCorrect(x, unsigned, 3, ws), "labels[1]", "got 200");
    rejects(() -> mlp.countCorrect(null, labels, 3, ws), "x must not be null");
    rejects(() -> mlp.countCorrect(x, null, 3, ws), "labels must not be null");
    Mlp other = new Mlp(new int[] {4, 5, 2}, Activation.TANH);
    rejects(() -> other.countCorrect(x, labels, 3, ws), "workspace built for widths");
    assertArrayEquals(stagingBefore, staging);
    assertEquals(0, mlp.countCorrect(x, labels, 0, ws));
  }

  @Test
  void copyWeightsNamesTheLayerAndTheShortDestination() {
    Mlp mlp = model();
    float[] dst = new float[5];
    Arrays.fill(dst, 9f);
    rejects(() -> mlp.copyWeights(2, dst), "layer l must be in [0, 2)", "got 2");
    rejects(() -> mlp.copyWeights(-1, dst), "layer l", "got -1");
    rejects(() -> mlp.copyWeights(1, dst), "dst needs out_1 * in_1 = 2 * 3 = 6 elements",
        "got 5");
    rejects(() -> mlp.copyWeights(0, null), "dst must not be null");
    assertArrayEquals(new float[] {9, 9, 9, 9, 9}, dst);
    float[] params = mlp.parameters().clone();
    rejects(() -> mlp.copyParametersFrom(null), "other must not be null");
    rejects(() -> mlp.initialize(WeightInit.HE, Double.NaN, 1), "gain must be finite", "NaN");
    rejects(() -> mlp.initialize(null, 1, 1), "init must not be null");
    assertArrayEquals(params, mlp.parameters());
  }

  @Test
  void gradientNormsCheckTheirRange() {
    float[] g = {1, 2, 3, 4, 5};
    rejects(() -> Gradients.norm(g, 3, 3), "g range [3, 6) is outside the array of length 5");
    rejects(() -> Gradients.squaredNorm(g, -1, 2),
        "g range [-1, 1) is outside the array of length 5");
    rejects(() -> Gradients.squaredNorm(g, 0, -1), "length must be >= 0", "got -1");
    rejects(() -> Gradients.norm(null, 0, 0), "g must not be null");
    rejects(() -> Gradients.norm(null), "g must not be null");
    rejects(() -> Gradients.scale(g, Float.NaN), "factor must be finite", "NaN");
    rejects(() -> Gradients.scale(g, Float.POSITIVE_INFINITY), "factor", "Infinity");
    rejects(() -> Gradients.clipByGlobalNorm(null, 1), "g must not be null");
    assertArrayEquals(new float[] {1, 2, 3, 4, 5}, g);
    assertEquals(0.0, Gradients.squaredNorm(g, 5, 0), 0.0);
  }

  @Test
  void activationsCheckTheBlockBeforeWritingAnyRow() {
    for (Activation f : Activation.values()) {
      // row 0 fits, row 1 does not: nothing may be written
      float[] z = {-1, 2, -3, 4, 5, -6, 7};
      float[] zBefore = z.clone();
      float[] bias = {0.5f, 0.5f, 0.5f, 0.5f};
      rejects(() -> f.addBiasAndApply(z, 0, 2, 4, bias, 0),
          "z range [0, 8) is outside the array of length 7");
      rejects(() -> f.addBiasAndApply(z, 4, 1, 4, bias, 0),
          "z range [4, 8) is outside the array of length 7");
      rejects(() -> f.addBiasAndApply(z, 0, 1, 4, bias, 1),
          "bias range [1, 5) is outside the array of length 4");
      rejects(() -> f.addBiasAndApply(z, -1, 1, 2, bias, 0), "z range [-1, 1)");
      rejects(() -> f.addBiasAndApply(z, 0, -1, 2, bias, 0), "rows and cols must be >= 0",
          "rows=-1, cols=2");
      rejects(() -> f.addBiasAndApply(null, 0, 1, 2, bias, 0), "z must not be null");
      rejects(() -> f.addBiasAndApply(z, 0, 1, 2, null, 0), "bias must not be null");
      assertArrayEquals(zBefore, z, f.label());
      assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, bias);

      float[] grad = {1, 2, 3, 4};
      float[] output = {-0.5f, 0.5f, -0.25f};
      rejects(() -> f.multiplyByDerivative(grad, output, 4),
          "output range [0, 4) is outside the array of length 3");
      rejects(() -> f.multiplyByDerivative(grad, new float[5], 5),
          "grad range [0, 5) is outside the array of length 4");
      rejects(() -> f.multiplyByDerivative(grad, output, -1), "length must be >= 0",
          "got -1");
      rejects(() -> f.multiplyByDerivative(grad, null, 0), "output must not be null");
      assertArrayEquals(new float[] {1, 2, 3, 4}, grad, f.label());
      assertArrayEquals(new float[] {-0.5f, 0.5f, -0.25f}, output);
    }
  }

  @Test
  void initializersRejectANonFiniteGainBeforeDrawing() {
    for (WeightInit init : WeightInit.values()) {
      float[] w = new float[6];
      var rng = RandomStreams.stream(1, RandomStreams.Purpose.OTHER, 0);
      rejects(() -> init.fill(w, 0, 2, 3, Double.NaN, rng), "gain must be finite", "NaN");
      rejects(() -> init.fill(w, 0, 2, 3, Double.NEGATIVE_INFINITY, rng), "gain",
          "-Infinity");
      rejects(() -> init.fill(w, 0, 2, 3, 1, null), "rng must not be null");
      rejects(() -> init.fill(null, 0, 2, 3, 1, rng), "w must not be null");
      assertArrayEquals(new float[6], w);
      assertEquals(RandomStreams.stream(1, RandomStreams.Purpose.OTHER, 0).nextLong(),
          rng.nextLong(), "the stream must not have been advanced");
    }
    rejects(() -> RandomStreams.stream(1, null, 0), "purpose must not be null");
    rejects(() -> RandomStreams.permutation(null, 0,
        RandomStreams.stream(1, RandomStreams.Purpose.SHUFFLE, 0)), "order must not be null");
    rejects(() -> RandomStreams.permutation(new int[2], 2, null), "rng must not be null");
    rejects(() -> SoftmaxCrossEntropy.lossAndGradient(null, 1, 2, new int[1], null),
        "logits must not be null");
    rejects(() -> SoftmaxCrossEntropy.lossAndGradient(new float[2], 1, 2, null, null),
        "labels must not be null");
  }

  @Test
  void optimizersRejectANonFiniteGradientScaleAndKeepTheirState() {
    for (Optimizer opt : new Optimizer[] {new Adam(3, 1e-2), new SgdMomentum(3, 0.1, 0.9)}) {
      float[] params = {1, 2, 3};
      float[] grads = {0.5f, -0.5f, 0.25f};
      opt.step(params, grads);
      float[] paramsBefore = params.clone();
      var stateBefore = opt.stateArrays();
      rejects(() -> opt.step(params, grads, Float.NaN), "gradScale must be finite", "NaN");
      rejects(() -> opt.step(params, grads, Float.POSITIVE_INFINITY), "gradScale",
          "Infinity");
      rejects(() -> opt.step(null, grads), "params must not be null");
      rejects(() -> opt.step(params, null, 1f), "grads must not be null");
      assertArrayEquals(paramsBefore, params);
      assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f}, grads);
      assertEquals(1, opt.stepCount());
      for (var e : stateBefore.entrySet()) {
        assertArrayEquals(e.getValue(), opt.stateArrays().get(e.getKey()), e.getKey());
      }
    }
  }
}
