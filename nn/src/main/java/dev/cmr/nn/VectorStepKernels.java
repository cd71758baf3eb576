package dev.cmr.nn;

import static dev.cmr.nn.ScalarStepKernels.E2;
import static dev.cmr.nn.ScalarStepKernels.E3;
import static dev.cmr.nn.ScalarStepKernels.E4;
import static dev.cmr.nn.ScalarStepKernels.E5;
import static dev.cmr.nn.ScalarStepKernels.E6;
import static dev.cmr.nn.ScalarStepKernels.EXPONENT_BIAS;
import static dev.cmr.nn.ScalarStepKernels.LN2_HI;
import static dev.cmr.nn.ScalarStepKernels.LN2_LO;
import static dev.cmr.nn.ScalarStepKernels.LOG2E;
import static dev.cmr.nn.ScalarStepKernels.NORM_LANES;
import static dev.cmr.nn.ScalarStepKernels.P0;
import static dev.cmr.nn.ScalarStepKernels.P1;
import static dev.cmr.nn.ScalarStepKernels.P2;
import static dev.cmr.nn.ScalarStepKernels.P3;
import static dev.cmr.nn.ScalarStepKernels.P4;
import static dev.cmr.nn.ScalarStepKernels.P5;
import static dev.cmr.nn.ScalarStepKernels.P6;
import static dev.cmr.nn.ScalarStepKernels.ROUNDER;
import static dev.cmr.nn.ScalarStepKernels.SIGN_BIT;
import static dev.cmr.nn.ScalarStepKernels.TANH_CLAMP;
import static dev.cmr.nn.ScalarStepKernels.TANH_SPLIT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link ScalarStepKernels}: the same operations in the same order on
 * whole vectors, so the results are bit-identical to the scalar ones whatever the width.
 * Loaded only when the kernels' vector path is active (see {@link StepKernels}).
 */
final class VectorStepKernels {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> F128 = FloatVector.SPECIES_128;
  private static final VectorSpecies<Double> D256 = DoubleVector.SPECIES_256;

  private VectorStepKernels() {}

  /** Whether the vector path pays here: at least 256-bit vectors (8 floats, 4 doubles). */
  static boolean worthwhile() {
    return F.vectorBitSize() >= 256;
  }

  /**
   * {@link ScalarStepKernels#biasTanh}: {@link ScalarStepKernels#tanh(float)} on every lane,
   * written out in the loop because a vector returned from a call that C2 does not inline is
   * boxed on the heap (the whole tanh is too large to be inlined).
   */
  static void biasTanh(float[] z, int offset, int rows, int cols, float[] bias,
      int biasOffset) {
    int bound = F.loopBound(cols);
    for (int i = 0; i < rows; i++) {
      int row = offset + i * cols;
      int j = 0;
      for (; j < bound; j += F.length()) {
        FloatVector x = FloatVector.fromArray(F, z, row + j)
            .add(FloatVector.fromArray(F, bias, biasOffset + j));
        FloatVector ax = x.abs().min(TANH_CLAMP);

        FloatVector s = ax.mul(ax);
        FloatVector p = FloatVector.broadcast(F, P6);
        p = p.mul(s).add(P5);
        p = p.mul(s).add(P4);
        p = p.mul(s).add(P3);
        p = p.mul(s).add(P2);
        p = p.mul(s).add(P1);
        p = p.mul(s).add(P0);
        FloatVector small = ax.add(ax.mul(s.mul(p)));

        FloatVector y = ax.add(ax);
        FloatVector rounded = y.mul(LOG2E).add(ROUNDER);
        FloatVector n = rounded.sub(ROUNDER);
        FloatVector r = y.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector e = FloatVector.broadcast(F, E6);
        e = e.mul(r).add(E5);
        e = e.mul(r).add(E4);
        e = e.mul(r).add(E3);
        e = e.mul(r).add(E2);
        e = e.mul(r).add(1f);
        e = e.mul(r).add(1f);
        FloatVector powerOfTwo = rounded.reinterpretAsInts().add(EXPONENT_BIAS)
            .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector large = FloatVector.broadcast(F, 1f)
            .sub(FloatVector.broadcast(F, 2f).div(e.mul(powerOfTwo).add(1f)));

        FloatVector t = large.blend(small, ax.lt(TANH_SPLIT));
        t.reinterpretAsInts().or(x.reinterpretAsInts().and(SIGN_BIT)).reinterpretAsFloats()
            .intoArray(z, row + j);
      }
      for (; j < cols; j++) {
        z[row + j] = ScalarStepKernels.tanh(z[row + j] + bias[biasOffset + j]);
      }
    }
  }

  /** {@link ScalarStepKernels#squaredNorm}: lanes 0-3 and 4-7 of each block of eight. */
  static double squaredNorm(float[] g, int offset, int length) {
    DoubleVector low = DoubleVector.zero(D256);
    DoubleVector high = low;
    int i = 0;
    for (; i + NORM_LANES <= length; i += NORM_LANES) {
      int o = offset + i;
      DoubleVector a = (DoubleVector) FloatVector.fromArray(F128, g, o).castShape(D256, 0);
      DoubleVector b = (DoubleVector) FloatVector.fromArray(F128, g, o + 4).castShape(D256, 0);
      low = low.add(a.mul(a));
      high = high.add(b.mul(b));
    }
    return ScalarStepKernels.finish(g, offset + i, length - i, low.lane(0), low.lane(1),
        low.lane(2), low.lane(3), high.lane(0), high.lane(1), high.lane(2), high.lane(3));
  }

  /** {@link ScalarStepKernels#adam}. */
  static void adam(float[] params, float[] grads, float[] m, float[] v, int from, int to,
      float scale, float stepSize, float invSqrtBias2, float oneMinusBeta1, float beta2,
      float oneMinusBeta2, float eps) {
    int i = from;
    int bound = from + F.loopBound(to - from);
    for (; i < bound; i += F.length()) {
      FloatVector g = FloatVector.fromArray(F, grads, i).mul(scale);
      FloatVector mi = FloatVector.fromArray(F, m, i);
      mi = mi.add(g.sub(mi).mul(oneMinusBeta1));
      FloatVector vi = FloatVector.fromArray(F, v, i).mul(beta2)
          .add(g.mul(oneMinusBeta2).mul(g));
      mi.intoArray(m, i);
      vi.intoArray(v, i);
      FloatVector update = mi.mul(stepSize).div(vi.sqrt().mul(invSqrtBias2).add(eps));
      FloatVector.fromArray(F, params, i).sub(update).intoArray(params, i);
    }
    ScalarStepKernels.adam(params, grads, m, v, i, to, scale, stepSize, invSqrtBias2,
        oneMinusBeta1, beta2, oneMinusBeta2, eps);
  }
}
