package dev.cmr.nn;

import dev.cmr.kernels.Kernels;

/**
 * Chooses, once per JVM, between {@link VectorStepKernels} and {@link ScalarStepKernels} for
 * the element-wise passes of a training step. The vector path runs where the kernels' own
 * vector path runs ({@link Kernels#isVectorized()}) with vectors of at least 256 bits; both
 * paths give bit-identical results, so the choice changes only the speed.
 */
final class StepKernels {
  /** Whether the Vector API twin is in use. */
  static final boolean VECTOR = chooseVector();

  private StepKernels() {}

  private static boolean chooseVector() {
    if (!Kernels.isVectorized()) {
      return false;
    }
    try {
      return VectorStepKernels.worthwhile();
    } catch (LinkageError e) {
      // the jdk.incubator.vector module is absent: the scalar twin gives the same results
      return false;
    }
  }

  /** {@link ScalarStepKernels#biasTanh}, on the chosen path. */
  static void biasTanh(float[] z, int offset, int rows, int cols, float[] bias,
      int biasOffset) {
    if (VECTOR) {
      VectorStepKernels.biasTanh(z, offset, rows, cols, bias, biasOffset);
    } else {
      ScalarStepKernels.biasTanh(z, offset, rows, cols, bias, biasOffset);
    }
  }

  /** {@link ScalarStepKernels#squaredNorm}, on the chosen path. */
  static double squaredNorm(float[] g, int offset, int length) {
    return VECTOR ? VectorStepKernels.squaredNorm(g, offset, length)
        : ScalarStepKernels.squaredNorm(g, offset, length);
  }

  /** {@link ScalarStepKernels#adam}, on the chosen path. */
  static void adam(float[] params, float[] grads, float[] m, float[] v, int from, int to,
      float scale, float stepSize, float invSqrtBias2, float oneMinusBeta1, float beta2,
      float oneMinusBeta2, float eps) {
    if (VECTOR) {
      VectorStepKernels.adam(params, grads, m, v, from, to, scale, stepSize, invSqrtBias2,
          oneMinusBeta1, beta2, oneMinusBeta2, eps);
    } else {
      ScalarStepKernels.adam(params, grads, m, v, from, to, scale, stepSize, invSqrtBias2,
          oneMinusBeta1, beta2, oneMinusBeta2, eps);
    }
  }
}
