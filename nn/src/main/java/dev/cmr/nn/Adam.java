package dev.cmr.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam with PyTorch's semantics ({@code torch.optim.Adam}, no weight decay, no AMSGrad).
 *
 * <p>At step {@code t} (from 1): {@code m <- m + (1 - b1)(g - m)},
 * {@code v <- b2 v + (1 - b2) g^2},
 * {@code p <- p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. Moments are
 * float32 like the parameters; the bias corrections are computed in double.
 */
public final class Adam implements Optimizer {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final float[] m;
  private final float[] v;
  private long t;

  /**
   * Adam for {@code size} parameters with the given constants; moments start at zero.
   *
   * @param size length of the parameter vector, {@code >= 0}
   * @param lr learning rate, positive and finite
   * @param beta1 decay of the first moment, in {@code [0, 1)}
   * @param beta2 decay of the second moment, in {@code [0, 1)}
   * @param eps denominator floor, positive and finite
   * @throws IllegalArgumentException if a constant is out of range (the message names it)
   */
  public Adam(int size, double lr, double beta1, double beta2, double eps) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("lr must be positive and finite, got " + lr);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "betas must be in [0, 1), got beta1=" + beta1 + ", beta2=" + beta2);
    }
    if (!(eps > 0) || !Double.isFinite(eps)) {
      throw new IllegalArgumentException("eps must be positive and finite, got " + eps);
    }
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = new float[size];
    this.v = new float[size];
  }

  /**
   * Adam with PyTorch's defaults {@code betas = (0.9, 0.999)}, {@code eps = 1e-8}.
   *
   * @param size length of the parameter vector, {@code >= 0}
   * @param lr learning rate, positive and finite
   * @throws IllegalArgumentException if {@code size < 0} or {@code lr} is not positive and
   *     finite
   */
  public Adam(int size, double lr) {
    this(size, lr, 0.9, 0.999, 1e-8);
  }

  @Override
  public void step(float[] params, float[] grads) {
    step(params, grads, 1f);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One fused pass over the parameters, vectorized where the kernels are (bit-identical
   * to the scalar loop).
   */
  @Override
  public void step(float[] params, float[] grads, float gradScale) {
    Arguments.checkStep(params, grads, m.length, gradScale);
    t++;
    double bias1 = 1.0 - Math.pow(beta1, t);
    double bias2 = 1.0 - Math.pow(beta2, t);
    // Limitation: one thread; splitting this memory-bound pass over the cores needs a public
    // parallel-for on the kernels' pool (KernelPool is package-private in dev.cmr.kernels).
    StepKernels.adam(params, grads, m, v, 0, params.length, gradScale, (float) (lr / bias1),
        (float) (1.0 / Math.sqrt(bias2)), (float) (1.0 - beta1), (float) beta2,
        (float) (1.0 - beta2), (float) eps);
  }

  @Override
  public long stepCount() {
    return t;
  }

  /** {@code adam_m} (first moment) and {@code adam_v} (second moment), copied. */
  @Override
  public Map<String, float[]> stateArrays() {
    Map<String, float[]> state = new LinkedHashMap<>();
    state.put("adam_m", m.clone());
    state.put("adam_v", v.clone());
    return state;
  }

  @Override
  public void restoreState(long steps, Map<String, float[]> arrays) {
    float[][] a = Optimizer.checkState(steps, arrays, m.length, "adam_m", "adam_v");
    System.arraycopy(a[0], 0, m, 0, m.length);
    System.arraycopy(a[1], 0, v, 0, v.length);
    t = steps;
  }

  @Override
  public Adam copy() {
    Adam a = new Adam(m.length, lr, beta1, beta2, eps);
    System.arraycopy(m, 0, a.m, 0, m.length);
    System.arraycopy(v, 0, a.v, 0, v.length);
    a.t = t;
    return a;
  }
}
