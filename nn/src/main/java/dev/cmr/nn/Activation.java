package dev.cmr.nn;

/**
 * Element-wise non-linearities of the MLP, fused with the bias add.
 *
 * <p>The derivative is expressed through the activation's <em>output</em> {@code a} so that
 * back-propagation needs only the stored outputs: {@code tanh' = 1 - a^2},
 * {@code relu' = [a > 0]}, {@code identity' = 1}.
 */
public enum Activation {
  /** Hyperbolic tangent. */
  TANH,
  /** Rectified linear unit {@code max(0, z)}. */
  RELU,
  /** No non-linearity (the output layer, whose logits feed the softmax). */
  IDENTITY;

  /**
   * Computes {@code z[i, j] = f(z[i, j] + bias[j])} in place for a {@code rows x cols}
   * row-major block starting at {@code zOffset}; the bias is read from {@code bias} at
   * {@code biasOffset}. Only {@code z} is modified. The ranges are checked once at entry
   * ({@code O(1)}), before anything is written; the values are not (NaN and infinity
   * propagate).
   *
   * @param z pre-activations, replaced by the activations
   * @param zOffset index of the block's first element in {@code z}, {@code >= 0}
   * @param rows rows of the block (batch size), {@code >= 0}
   * @param cols columns of the block (features); row stride of {@code z}, {@code >= 0}
   * @param bias bias vector of {@code cols} elements; not modified
   * @param biasOffset index of the first bias in {@code bias}, {@code >= 0}
   * @throws IllegalArgumentException if {@code z} or {@code bias} is null, {@code rows} or
   *     {@code cols} is negative, or the block or the bias range does not fit its array (the
   *     message names the range and the array length); {@code z} is untouched then
   */
  public void addBiasAndApply(float[] z, int zOffset, int rows, int cols, float[] bias,
      int biasOffset) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          "rows and cols must be >= 0, got rows=" + rows + ", cols=" + cols);
    }
    Arguments.range("z", z, zOffset, (long) rows * cols);
    Arguments.range("bias", bias, biasOffset, cols);
    if (this == TANH) {
      StepKernels.biasTanh(z, zOffset, rows, cols, bias, biasOffset);
      return;
    }
    for (int i = 0; i < rows; i++) {
      int row = zOffset + i * cols;
      switch (this) {
        case RELU -> {
          for (int j = 0; j < cols; j++) {
            z[row + j] = Math.max(0f, z[row + j] + bias[biasOffset + j]);
          }
        }
        case IDENTITY -> {
          for (int j = 0; j < cols; j++) {
            z[row + j] += bias[biasOffset + j];
          }
        }
      }
    }
  }

  /**
   * Turns the gradient with respect to the outputs into the gradient with respect to the
   * pre-activations, in place: {@code grad[i] *= f'(z_i)} evaluated from {@code output[i]}.
   * The lengths are checked once at entry ({@code O(1)}), before anything is written; the
   * values are not.
   *
   * @param grad gradient with respect to the outputs, replaced by the gradient with respect
   *     to the pre-activations; its first {@code length} entries are used
   * @param output the activation's outputs {@code a = f(z)}; not modified
   * @param length number of elements, {@code >= 0} and at most the length of either array
   * @throws IllegalArgumentException if an array is null, {@code length} is negative or
   *     exceeds the length of either array (naming it); {@code grad} is untouched then
   */
  public void multiplyByDerivative(float[] grad, float[] output, int length) {
    Arguments.range("grad", grad, 0, length);
    Arguments.range("output", output, 0, length);
    switch (this) {
      case TANH -> {
        for (int i = 0; i < length; i++) {
          float a = output[i];
          grad[i] *= 1f - a * a;
        }
      }
      case RELU -> {
        for (int i = 0; i < length; i++) {
          if (!(output[i] > 0f)) {
            grad[i] = 0f;
          }
        }
      }
      case IDENTITY -> {
        // f' = 1: nothing to do.
      }
    }
  }

  /**
   * {@code tanh(x)} in float, within about one ulp of the exact value (the test checks one ulp
   * of {@code (float) Math.tanh(x)}): an odd polynomial {@code x + x^3 P(x^2)} for
   * {@code |x| < 0.9}, {@code 1 - 2 / (e^{2|x|} + 1)} above with {@code e^y} from a polynomial
   * and an exponent built in the bits, inputs clamped at 9.5 (where tanh is 1 in float), the
   * sign of {@code x} restored (so {@code tanh(-0) = -0}, and NaN stays NaN). It uses only
   * additions, multiplications and one division, so the vectorized bias-and-tanh pass gives
   * bit-identical results, about 30 times faster than {@link Math#tanh}.
   *
   * @param x the argument; NaN gives NaN, infinities give {@code +-1}
   * @return {@code tanh(x)} in {@code [-1, 1]}
   */
  public static float tanh(float x) {
    return ScalarStepKernels.tanh(x);
  }

  /**
   * Parses {@code tanh}, {@code relu} or {@code identity} (case-insensitive).
   *
   * @param name the name to parse
   * @return the matching activation
   * @throws IllegalArgumentException if the name matches none (the message quotes it)
   */
  public static Activation parse(String name) {
    for (Activation a : values()) {
      if (a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "activation must be one of tanh, relu, identity, got '" + name + "'");
  }

  /**
   * The lower-case name used on the command line and in configuration files.
   *
   * @return the name, accepted back by {@link #parse(String)}
   */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
