package dev.cmr.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with heavy-ball momentum, as {@code torch.optim.SGD}
 * (no dampening, no Nesterov, no weight decay).
 *
 * <p>{@code buf <- g} on the first step, {@code buf <- mu buf + g} after;
 * {@code p <- p - lr buf}. With {@code mu = 0} this is plain SGD.
 */
public final class SgdMomentum implements Optimizer {
  private final double lr;
  private final double momentum;
  private final float[] buffer;
  private long t;

  /**
   * SGD for {@code size} parameters with learning rate {@code lr} and momentum {@code mu}.
   *
   * @param size length of the parameter vector, {@code >= 0}
   * @param lr learning rate, positive and finite
   * @param momentum {@code mu}, in {@code [0, 1)}; 0 gives plain SGD
   * @throws IllegalArgumentException if a constant is out of range (the message names it)
   */
  public SgdMomentum(int size, double lr, double momentum) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size);
    }
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("lr must be positive and finite, got " + lr);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    this.lr = lr;
    this.momentum = momentum;
    this.buffer = new float[size];
  }

  @Override
  public void step(float[] params, float[] grads) {
    step(params, grads, 1f);
  }

  @Override
  public void step(float[] params, float[] grads, float gradScale) {
    Arguments.checkStep(params, grads, buffer.length, gradScale);
    float lrF = (float) lr;
    float mu = (float) momentum;
    boolean first = t == 0;
    t++;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i] * gradScale;
      float b = first ? g : mu * buffer[i] + g;
      buffer[i] = b;
      params[i] -= lrF * b;
    }
  }

  @Override
  public long stepCount() {
    return t;
  }

  /** {@code sgd_buffer} (the momentum buffer), copied. */
  @Override
  public Map<String, float[]> stateArrays() {
    Map<String, float[]> state = new LinkedHashMap<>();
    state.put("sgd_buffer", buffer.clone());
    return state;
  }

  @Override
  public void restoreState(long steps, Map<String, float[]> arrays) {
    float[][] a = Optimizer.checkState(steps, arrays, buffer.length, "sgd_buffer");
    System.arraycopy(a[0], 0, buffer, 0, buffer.length);
    t = steps;
  }

  @Override
  public SgdMomentum copy() {
    SgdMomentum s = new SgdMomentum(buffer.length, lr, momentum);
    System.arraycopy(buffer, 0, s.buffer, 0, buffer.length);
    s.t = t;
    return s;
  }
}
