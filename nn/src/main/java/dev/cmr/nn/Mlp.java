package dev.cmr.nn;

import dev.cmr.kernels.Gemm;
import java.util.Arrays;

/**
 * A multi-layer perceptron in float32: {@code L} linear layers with biases, one activation
 * after every layer but the last, and logits out.
 *
 * <p>Layer {@code l} maps {@code in_l = widths[l]} to {@code out_l = widths[l + 1]} features
 * with {@code W_l} ({@code out_l x in_l}, row-major) and {@code b_l}. Activations are
 * batch-major ({@code batch x features}, row-major), so a layer computes
 * {@code Y = f(X W^T + b)} with one GEMM.
 *
 * <p>All parameters live in one flat array, layer by layer: {@code W_0, b_0, W_1, b_1, ...}.
 * Gradients use the same layout, so optimizers, norms and clipping treat the model as one
 * vector. Buffers for a batch are owned by the caller ({@link Workspace}); forward and
 * backward allocate nothing.
 */
public final class Mlp {
  private final int[] widths;
  private final Activation hidden;
  private final int[] weightOffsets;
  private final int[] biasOffsets;
  private final float[] parameters;

  /**
   * Creates a model with all parameters zero.
   *
   * @param widths {@code widths[0]} inputs, then the output width of every layer; at least
   *     two entries, all positive
   * @param hidden activation after every layer but the last
   * @throws IllegalArgumentException if an argument is null, {@code widths} has fewer than two
   *     entries, an entry is not positive (naming its index), or the model would exceed
   *     {@code 2^31 - 16} parameters
   */
  public Mlp(int[] widths, Activation hidden) {
    Arguments.nonNull("widths", widths);
    Arguments.nonNull("hidden activation", hidden);
    if (widths.length < 2) {
      throw new IllegalArgumentException(
          "widths needs at least 2 entries (input and output), got " + widths.length);
    }
    for (int i = 0; i < widths.length; i++) {
      if (widths[i] <= 0) {
        throw new IllegalArgumentException(
            "widths[" + i + "] must be positive, got " + widths[i]);
      }
    }
    this.widths = widths.clone();
    this.hidden = hidden;
    int layers = widths.length - 1;
    weightOffsets = new int[layers];
    biasOffsets = new int[layers];
    long offset = 0;
    for (int l = 0; l < layers; l++) {
      weightOffsets[l] = (int) offset;
      offset += (long) widths[l] * widths[l + 1];
      biasOffsets[l] = (int) offset;
      offset += widths[l + 1];
      if (offset > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("model too large: more than 2^31 parameters");
      }
    }
    parameters = new float[(int) offset];
  }

  /**
   * A deep copy: same shape, activation and parameter values; later changes to either model
   * do not affect the other.
   *
   * @return the new model
   */
  public Mlp copy() {
    Mlp m = new Mlp(widths, hidden);
    System.arraycopy(parameters, 0, m.parameters, 0, parameters.length);
    return m;
  }

  /**
   * Initializes every weight matrix with {@code init} and {@code gain} from the stream
   * {@code (seed, INIT, layer)} and sets the biases to zero; depends on nothing else, so the
   * same arguments give bit-identical parameters. Overwrites all parameters.
   *
   * @param init the weight distribution
   * @param gain multiplier of the distribution's standard deviation (1 for the plain scheme)
   * @param seed run seed; layer {@code l} draws from stream {@code (seed, INIT, l)}
   * @throws IllegalArgumentException if {@code init} is null or {@code gain} is NaN or
   *     infinite; nothing is written then
   */
  public void initialize(WeightInit init, double gain, long seed) {
    Arguments.nonNull("init", init);
    Arguments.finite("gain", gain);
    for (int l = 0; l < layerCount(); l++) {
      init.fill(parameters, weightOffsets[l], outputs(l), inputs(l), gain,
          RandomStreams.stream(seed, RandomStreams.Purpose.INIT, l));
      Arrays.fill(parameters, biasOffsets[l], biasOffsets[l] + outputs(l), 0f);
    }
  }

  /**
   * The depth of the model.
   *
   * @return the number of linear layers {@code L}
   */
  public int layerCount() {
    return widths.length - 1;
  }

  /**
   * Input width of one layer.
   *
   * @param l layer index, {@code 0 <= l < layerCount()}
   * @return {@code in_l}, the number of columns of {@code W_l}
   * @throws ArrayIndexOutOfBoundsException if {@code l} is outside {@code [0, layerCount())}
   */
  public int inputs(int l) {
    return widths[l];
  }

  /**
   * Output width of one layer.
   *
   * @param l layer index, {@code 0 <= l < layerCount()}
   * @return {@code out_l}, the number of rows of {@code W_l} and the length of {@code b_l}
   * @throws ArrayIndexOutOfBoundsException if {@code l} is outside {@code [0, layerCount())}
   */
  public int outputs(int l) {
    return widths[l + 1];
  }

  /**
   * Input width of the model.
   *
   * @return {@code widths[0]}, the features per input row
   */
  public int inputWidth() {
    return widths[0];
  }

  /**
   * Number of classes.
   *
   * @return the output width of the last layer
   */
  public int classes() {
    return widths[widths.length - 1];
  }

  /**
   * The hidden activation.
   *
   * @return the activation after every layer but the last
   */
  public Activation hiddenActivation() {
    return hidden;
  }

  /**
   * The activation after one layer.
   *
   * @param l layer index, {@code 0 <= l < layerCount()}
   * @return the hidden activation, or {@link Activation#IDENTITY} for the last layer
   */
  public Activation activation(int l) {
    return l == layerCount() - 1 ? Activation.IDENTITY : hidden;
  }

  /**
   * Where a layer's weights start in the flat parameter vector.
   *
   * @param l layer index, {@code 0 <= l < layerCount()}
   * @return offset of {@code W_l} ({@code out_l x in_l}, row-major) in {@link #parameters()}
   * @throws ArrayIndexOutOfBoundsException if {@code l} is outside {@code [0, layerCount())}
   */
  public int weightOffset(int l) {
    return weightOffsets[l];
  }

  /**
   * Where a layer's biases start in the flat parameter vector.
   *
   * @param l layer index, {@code 0 <= l < layerCount()}
   * @return offset of {@code b_l} ({@code out_l} elements) in {@link #parameters()}
   * @throws ArrayIndexOutOfBoundsException if {@code l} is outside {@code [0, layerCount())}
   */
  public int biasOffset(int l) {
    return biasOffsets[l];
  }

  /**
   * Size of the flat parameter vector.
   *
   * @return the total number of parameters, weights and biases
   */
  public int parameterCount() {
    return parameters.length;
  }

  /**
   * The live parameter vector (not a copy); optimizers update it in place. Writing it
   * changes the model.
   *
   * @return the parameters, layer by layer {@code W_0, b_0, W_1, b_1, ...}
   */
  public float[] parameters() {
    return parameters;
  }

  /**
   * Copies {@code W_l} ({@code out_l x in_l}, row-major) into the start of {@code dst}.
   *
   * @param l layer index, {@code 0 <= l < layerCount()}
   * @param dst receives the weights; at least {@code out_l * in_l} long
   * @throws IllegalArgumentException if {@code l} is out of range, or {@code dst} is null or
   *     too short; {@code dst} is untouched then
   */
  public void copyWeights(int l, float[] dst) {
    if (l < 0 || l >= layerCount()) {
      throw new IllegalArgumentException(
          "layer l must be in [0, " + layerCount() + "), got " + l);
    }
    Arguments.nonNull("dst", dst);
    if (dst.length < outputs(l) * inputs(l)) {
      throw new IllegalArgumentException("dst needs out_" + l + " * in_" + l + " = "
          + outputs(l) + " * " + inputs(l) + " = " + outputs(l) * inputs(l)
          + " elements, got " + dst.length);
    }
    System.arraycopy(parameters, weightOffsets[l], dst, 0, outputs(l) * inputs(l));
  }

  /**
   * Overwrites this model's parameters with {@code other}'s (same shape required). The
   * activation is not compared.
   *
   * @param other the source model; not modified
   * @throws IllegalArgumentException if {@code other} is null or the widths differ (both are
   *     named); nothing is copied then
   */
  public void copyParametersFrom(Mlp other) {
    Arguments.nonNull("other", other);
    if (!Arrays.equals(widths, other.widths)) {
      throw new IllegalArgumentException("shapes differ: " + Arrays.toString(widths)
          + " vs " + Arrays.toString(other.widths));
    }
    System.arraycopy(other.parameters, 0, parameters, 0, parameters.length);
  }

  /**
   * Allocates buffers for batches of up to {@code capacity} rows, about
   * {@code capacity * (sum of widths + 2 * max width)} floats.
   *
   * @param capacity largest batch, {@code >= 1}
   * @return a new workspace for this model (or any model of the same widths)
   * @throws IllegalArgumentException if {@code capacity <= 0}
   */
  public Workspace newWorkspace(int capacity) {
    return new Workspace(this, capacity);
  }

  /**
   * Forward pass of {@code batch} rows of {@code x} ({@code batch x inputWidth}). Returns the
   * workspace array holding the logits ({@code batch x classes}, valid until the next call).
   * Writes only {@code ws}; not thread-safe on a shared workspace.
   *
   * @param x inputs, {@code batch x inputWidth} row-major at the start of the array; not
   *     modified
   * @param batch number of rows, {@code 1 <= batch <= ws.capacity()}
   * @param ws buffers built for this model's widths
   * @return the logits ({@code batch x classes}, row-major), owned by {@code ws}
   * @throws IllegalArgumentException if {@code x} or {@code ws} is null, {@code ws} was
   *     built for other widths, {@code batch} is outside {@code [1, capacity]}, {@code x} is
   *     shorter than {@code batch * inputWidth}, or one of its first {@code batch} rows holds
   *     a NaN or infinity (the message names the first such row and column); {@code ws} is
   *     untouched then
   */
  public float[] forward(float[] x, int batch, Workspace ws) {
    checkBatch(x, batch, ws);
    Arguments.finite("x", x, batch, inputWidth());
    return forwardValid(x, batch, ws);
  }

  /** {@link #forward} on checked arguments. */
  private float[] forwardValid(float[] x, int batch, Workspace ws) {
    float[] in = x;
    for (int l = 0; l < layerCount(); l++) {
      int nIn = inputs(l);
      int nOut = outputs(l);
      float[] out = ws.outputs[l];

      // Z = X W^T, then Y = f(Z + b) in one sweep
      Gemm.sgemm(false, true, batch, nOut, nIn, 1f, in, 0, nIn, parameters, weightOffsets[l],
          nIn, 0f, out, 0, nOut);
      activation(l).addBiasAndApply(out, 0, batch, nOut, parameters, biasOffsets[l]);
      in = out;
    }
    return ws.outputs[layerCount() - 1];
  }

  /**
   * Mean softmax cross-entropy of a batch and its gradient with respect to every parameter,
   * written into {@code gradient} (length {@link #parameterCount()}, overwritten).
   *
   * @param x {@code batch x inputWidth} inputs, row-major; not modified
   * @param labels class of each row, in {@code [0, classes)}; not modified
   * @param batch number of rows, {@code 1 <= batch <= ws.capacity()}
   * @param ws buffers built for this model's widths; overwritten
   * @param gradient receives {@code dL/dtheta} in the layout of {@link #parameters()}
   * @return the mean loss {@code -(1/batch) sum_i log softmax(z_i)[label_i]}, in nats
   * @throws IllegalArgumentException if {@code gradient} is null or not
   *     {@code parameterCount()} long, {@code labels} is null, or for a bad batch, workspace,
   *     input (its length, a NaN or infinity) or label (as for {@link #forward} and
   *     {@link SoftmaxCrossEntropy#lossAndGradient}); {@code gradient} is untouched then
   */
  public double lossAndGradient(float[] x, int[] labels, int batch, Workspace ws,
      float[] gradient) {
    Arguments.nonNull("gradient", gradient);
    Arguments.nonNull("labels", labels);
    if (gradient.length != parameters.length) {
      throw new IllegalArgumentException("gradient must have length " + parameters.length
          + ", got " + gradient.length);
    }
    forward(x, batch, ws);
    int last = layerCount() - 1;

    // dL/dlogits = (softmax - onehot) / batch
    float[] delta = ws.deltaA;
    float[] next = ws.deltaB;
    double loss = SoftmaxCrossEntropy.lossAndGradient(ws.outputs[last], batch, classes(),
        labels, delta);

    for (int l = last; l >= 0; l--) {
      int nIn = inputs(l);
      int nOut = outputs(l);
      float[] in = l == 0 ? x : ws.outputs[l - 1];

      // dW = delta^T X   (out x in)
      Gemm.sgemm(true, false, nOut, nIn, batch, 1f, delta, 0, nOut, in, 0, nIn, 0f,
          gradient, weightOffsets[l], nIn);

      // db = column sums of delta
      int bOff = biasOffsets[l];
      Arrays.fill(gradient, bOff, bOff + nOut, 0f);
      for (int i = 0; i < batch; i++) {
        int row = i * nOut;
        for (int j = 0; j < nOut; j++) {
          gradient[bOff + j] += delta[row + j];
        }
      }

      // dX = delta W, then through the previous layer's activation
      if (l > 0) {
        Gemm.sgemm(false, false, batch, nIn, nOut, 1f, delta, 0, nOut, parameters,
            weightOffsets[l], nIn, 0f, next, 0, nIn);
        activation(l - 1).multiplyByDerivative(next, ws.outputs[l - 1], batch * nIn);
        float[] t = delta;
        delta = next;
        next = t;
      }
    }
    return loss;
  }

  /**
   * Number of rows among the first {@code count} of {@code x} whose arg-max logit equals
   * the label, evaluated in chunks of the workspace's capacity. Ties go to the lower class.
   *
   * @param x inputs, {@code count x inputWidth} row-major; not modified
   * @param labels class of each row as an unsigned byte; not modified
   * @param count number of rows to evaluate, {@code >= 0}
   * @param ws buffers built for this model's widths; overwritten
   * @return the number of correctly classified rows, in {@code [0, count]}
   * @throws IllegalArgumentException if an argument is null, {@code ws} was built for other
   *     widths, {@code count} is negative, {@code x} or {@code labels} holds fewer than
   *     {@code count} rows, one of the first {@code count} rows of {@code x} holds a NaN or
   *     infinity (naming the first such row and column), or a label is not below
   *     {@code classes()} (naming its index); {@code ws} is untouched then
   */
  public int countCorrect(float[] x, byte[] labels, int count, Workspace ws) {
    int features = inputWidth();
    int classes = classes();
    Arguments.nonNull("x", x);
    Arguments.nonNull("labels", labels);
    checkWorkspace(ws);
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (x.length < (long) count * features || labels.length < count) {
      throw new IllegalArgumentException("x needs " + (long) count * features
          + " elements and labels " + count + " for count " + count + ", got " + x.length
          + " and " + labels.length);
    }
    Arguments.finite("x", x, count, features);
    for (int i = 0; i < count; i++) {
      if (Byte.toUnsignedInt(labels[i]) >= classes) {
        throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + classes
            + "), got " + Byte.toUnsignedInt(labels[i]));
      }
    }
    int correct = 0;
    float[] chunk = ws.input;
    for (int start = 0; start < count; start += ws.capacity) {
      int rows = Math.min(ws.capacity, count - start);
      System.arraycopy(x, start * features, chunk, 0, rows * features);
      float[] logits = forwardValid(chunk, rows, ws);
      for (int i = 0; i < rows; i++) {
        int best = 0;
        for (int j = 1; j < classes; j++) {
          if (logits[i * classes + j] > logits[i * classes + best]) {
            best = j;
          }
        }
        if (best == Byte.toUnsignedInt(labels[start + i])) {
          correct++;
        }
      }
    }
    return correct;
  }

  private void checkBatch(float[] x, int batch, Workspace ws) {
    Arguments.nonNull("x", x);
    checkWorkspace(ws);
    if (batch <= 0 || batch > ws.capacity) {
      throw new IllegalArgumentException(
          "batch must be in [1, " + ws.capacity + "], got " + batch);
    }
    if (x.length < (long) batch * inputWidth()) {
      throw new IllegalArgumentException("x needs " + (long) batch * inputWidth()
          + " elements for batch " + batch + ", got " + x.length);
    }
  }

  private void checkWorkspace(Workspace ws) {
    Arguments.nonNull("workspace ws", ws);
    if (ws.owner != this && !Arrays.equals(ws.widths, widths)) {
      throw new IllegalArgumentException("workspace built for widths "
          + Arrays.toString(ws.widths) + ", model has " + Arrays.toString(widths));
    }
  }

  /**
   * Per-batch buffers of an {@link Mlp}: the output of every layer, two gradient buffers
   * and an input staging area. Not thread-safe; one per thread.
   */
  public static final class Workspace {
    private final Mlp owner;
    private final int[] widths;
    private final int capacity;
    private final float[][] outputs;
    private final float[] deltaA;
    private final float[] deltaB;
    private final float[] input;

    private Workspace(Mlp mlp, int capacity) {
      if (capacity <= 0) {
        throw new IllegalArgumentException("capacity must be positive, got " + capacity);
      }
      this.owner = mlp;
      this.widths = mlp.widths.clone();
      this.capacity = capacity;
      int layers = mlp.layerCount();
      outputs = new float[layers][];
      int maxWidth = 0;
      for (int l = 0; l < layers; l++) {
        outputs[l] = new float[capacity * mlp.outputs(l)];
        maxWidth = Math.max(maxWidth, Math.max(mlp.inputs(l), mlp.outputs(l)));
      }
      deltaA = new float[capacity * maxWidth];
      deltaB = new float[capacity * maxWidth];
      input = new float[capacity * mlp.inputWidth()];
    }

    /**
     * Largest batch these buffers hold.
     *
     * @return the capacity given to {@link Mlp#newWorkspace(int)}
     */
    public int capacity() {
      return capacity;
    }

    /**
     * A staging array for gathering a batch, shared with {@link Mlp#countCorrect}, which
     * overwrites it.
     *
     * @return the live {@code capacity x inputWidth} array (not a copy)
     */
    public float[] input() {
      return input;
    }
  }
}
