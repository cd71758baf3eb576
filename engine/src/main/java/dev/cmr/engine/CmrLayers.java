package dev.cmr.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * CMR for a whole model in one call: the entry point for a training loop that owns its
 * weights and task gradients as plain arrays (CMR.md, section 6).
 *
 * <p>For weight matrices {@code W_1..W_L} ({@code W_l} is {@code rows[l] x cols[l]}, row-major,
 * {@code float[]}) and the task gradient {@code g_task} of every parameter,
 * {@link #applyTo} computes
 * <pre>
 *   R      = sum_l R_l,   R_l = alphaEdge * C(W_l) + alphaMoment * M(W_l)
 *   g_spec = lambda * dR/dW                       (zero for biases and other parameters)
 *   gamma  = min(1, rho * ||g_task|| / (||g_spec|| + 1e-12))     (global L2 norms)
 *   g_task &lt;- g_task + gamma * g_spec               (in place)
 * </pre>
 * with the constants of the {@link CmrConfig}. Afterwards
 * {@code ||gamma g_spec|| <= rho ||g_task||} and the mixed gradient is a descent direction for
 * the task loss when {@code rho < 1}; with {@code lambda = 0} the task gradients are left
 * bit-for-bit unchanged. Each {@code dR_l/dW_l} is exact, from the spectrum of
 * {@code W_l}, as {@link CmrRegularizer#valueAndGradient(float[], int, int, float[])} computes
 * it; {@link CmrLayers} adds the global mixing and the bookkeeping.
 *
 * <p><b>Exact or matrix-free per layer.</b> Built with {@link MatrixFreeOptions} (and a
 * seed), each layer uses the method {@link MatrixFreeOptions#methodFor} picks for its shape:
 * exact as above, or {@link MatrixFreeCmr}'s unbiased estimate (Lanczos edges warm-started from
 * the layer's previous call, Hutchinson moments) with probes drawn from
 * {@code (seed, call index, layer)} by {@link MatrixFreeCmr#probeSeed}, where the call index
 * counts {@link #applyTo} calls from 0. {@link #restartFrom} sets the call index and forgets
 * the warm starts, so a training loop that resumes at step {@code t} draws the probes an
 * uninterrupted run would have drawn.
 *
 * <p>An instance keeps one {@link CmrRegularizer}, the matrix-free estimator and warm starts,
 * and a spectral-gradient buffer per layer, so it is not thread-safe: use one per thread (or
 * per model). It holds no reference to the caller's arrays between calls.
 */
public final class CmrLayers {
  private final CmrRegularizer regularizer;
  private final MatrixFreeOptions methods;
  private final long seed;
  private final List<float[]> spectral = new ArrayList<>();
  private final List<EdgeWarmStart> warmStarts = new ArrayList<>();
  private MatrixFreeCmr matrixFree;
  private long calls;

  /**
   * Creates the entry point for the given constants.
   *
   * @param config the CMR constants; {@link CmrConfig#defaults()} gives the published ones
   * @throws IllegalArgumentException if {@code config} is null
   */
  public CmrLayers(CmrConfig config) {
    this(config, MatrixFreeOptions.of(SpectralMethod.EXACT), 0);
  }

  /**
   * Creates the entry point with a per-layer choice between the exact and the matrix-free
   * spectral gradient (see the class comment).
   *
   * @param config the CMR constants; {@link CmrConfig#defaults()} gives the published ones
   * @param methods the spectral method ({@code EXACT}, {@code MATRIX_FREE} or {@code AUTO} by
   *     layer size), the number of probes and the Lanczos settings
   * @param seed the seed the matrix-free probes are drawn from, with the call index and layer
   * @throws IllegalArgumentException if {@code config} or {@code methods} is null
   */
  public CmrLayers(CmrConfig config, MatrixFreeOptions methods, long seed) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (methods == null) {
      throw new IllegalArgumentException("methods must not be null");
    }
    this.regularizer = new CmrRegularizer(config);
    this.methods = methods;
    this.seed = seed;
  }

  /**
   * Continues as if {@code callIndex} calls of {@link #applyTo} had been made: the next call
   * draws the matrix-free probes of that index, and every layer's edge search starts cold.
   * Has no effect on exact layers.
   *
   * @param callIndex the index of the next call, at least 0
   * @throws IllegalArgumentException if {@code callIndex} is negative
   */
  public void restartFrom(long callIndex) {
    if (callIndex < 0) {
      throw new IllegalArgumentException("callIndex must be >= 0, got " + callIndex);
    }
    calls = callIndex;
    for (EdgeWarmStart w : warmStarts) {
      w.clear();
    }
  }

  /**
   * The constants in use.
   *
   * @return the configuration given to the constructor
   */
  public CmrConfig config() {
    return regularizer.config();
  }

  /**
   * Adds CMR's capped spectral gradient to the task gradients in place and reports the step.
   *
   * <p>{@code taskGradients.get(l)} for {@code l < L} is the task gradient of
   * {@code weights.get(l)}, with the same shape, and receives
   * {@code gamma * lambda * dR_l/dW_l}: the sum is formed in float as
   * {@code g + (float) (gamma * lambda) * s}, with {@code s = dR_l/dW_l} rounded to float.
   * Further entries ({@code l >= L}: biases, normalization parameters, anything that is not a
   * regularized matrix) count towards {@code ||g_task||} but are not modified, so pass every
   * parameter's gradient for the norms of CMR.md section 6.
   *
   * <p>Cost per layer: one Gram product ({@code r^2 max(rows, cols)} multiply-adds,
   * {@code r = min(rows, cols)}), a symmetric eigenvalue problem of order {@code r}, and two
   * products for the gradient. The report's condition numbers come from the same Gram
   * eigenvalues, so they are free, but {@code s_r} carries an absolute error near
   * {@code sqrt(r eps_mach) s_1} (about {@code 2e-7 s_1} for {@code r = 256});
   * {@link #analyze} computes them by SVD, accurately, at a higher cost.
   *
   * @param weights the weight matrices {@code W_l}, row-major; not modified
   * @param rows {@code rows[l]}, the number of rows ({@code out}) of {@code W_l}; not modified
   * @param cols {@code cols[l]}, the number of columns ({@code in}) of {@code W_l}; not
   *     modified
   * @param taskGradients the task gradients: one per weight matrix, in the same order and of
   *     the same length, then optionally those of the other parameters; the first
   *     {@code weights.size()} are modified
   * @return gamma, {@code R}, {@code lambda R}, both norms and the per-layer {@code R_l} and
   *     condition numbers
   * @throws IllegalArgumentException if an argument or list entry is null, {@code weights} is
   *     empty, {@code rows} or {@code cols} differs in length from {@code weights}, a
   *     dimension is below 1, a weight or gradient length is not {@code rows[l] * cols[l]},
   *     {@code taskGradients} has fewer entries than {@code weights}, or an entry is NaN or
   *     infinite; the message names the argument, the index, the expected and the actual
   *     value. Nothing is modified when it throws.
   * @throws NoConvergenceException if an eigenvalue iteration exceeds its step budget (not
   *     observed for finite input); nothing is modified then either
   */
  public CmrReport applyTo(List<float[]> weights, int[] rows, int[] cols,
      List<float[]> taskGradients) {
    // validation, before anything is computed or written
    int layers = checkWeights(weights, rows, cols);
    if (taskGradients == null) {
      throw new IllegalArgumentException("taskGradients must not be null");
    }
    if (taskGradients.size() < layers) {
      throw new IllegalArgumentException("taskGradients must hold at least one gradient per "
          + "weight matrix (" + layers + "), got " + taskGradients.size());
    }
    double taskSquared = 0;
    for (int i = 0; i < taskGradients.size(); i++) {
      float[] g = taskGradients.get(i);
      if (g == null) {
        throw new IllegalArgumentException("taskGradients.get(" + i + ") must not be null");
      }
      if (i < layers && g.length != (long) rows[i] * cols[i]) {
        throw new IllegalArgumentException("taskGradients.get(" + i + ") must have rows[" + i
            + "] * cols[" + i + "] = " + (long) rows[i] * cols[i]
            + " elements like weights.get(" + i + "), but its length is " + g.length);
      }
      taskSquared += squaredNorm(g, "taskGradients", i);
    }

    // dR_l/dW_l per layer, into the instance's buffers
    CmrConfig config = regularizer.config();
    double[] values = new double[layers];
    double[] kappas = new double[layers];
    double regularizerSum = 0;
    double spectralSquared = 0;
    for (int l = 0; l < layers; l++) {
      float[] s = buffer(l, rows[l] * cols[l]);
      if (methods.methodFor(rows[l], cols[l], config) == SpectralMethod.MATRIX_FREE) {
        values[l] = matrixFree().valueAndGradient(weights.get(l), rows[l], cols[l],
            MatrixFreeCmr.probeSeed(seed, calls, l), warmStart(l), s);
        MatrixFreeEstimate e = matrixFree.lastEstimate();
        kappas[l] = rows[l] < cols[l] ? Double.NaN
            : conditionNumber(e.lambdaMax(), e.lambdaMin());
      } else {
        values[l] = regularizer.valueAndGradient(weights.get(l), rows[l], cols[l], s);
        kappas[l] = regularizer.lastConditionNumber();
      }
      regularizerSum += values[l];
      spectralSquared += squaredNorm(s, "the CMR gradient of weights", l);
    }

    calls++;

    // the capped mixing, then the only writes
    double taskNorm = Math.sqrt(taskSquared);
    double spectralNorm = config.lambda() * Math.sqrt(spectralSquared);
    double gamma = CappedMixing.gamma(taskNorm, spectralNorm, config.rho());
    float c = (float) (gamma * config.lambda());
    if (c != 0f) {
      for (int l = 0; l < layers; l++) {
        float[] g = taskGradients.get(l);
        float[] s = spectral.get(l);
        for (int j = 0; j < g.length; j++) {
          g[j] += c * s[j];
        }
      }
    }
    return new CmrReport(gamma, regularizerSum, config.lambda() * regularizerSum, taskNorm,
        spectralNorm, values, kappas);
  }

  /**
   * The full spectral view of every layer, by SVD: singular-value edges, accurate condition
   * numbers {@code s_1 / (s_r + 1e-8)}, the edge and moment terms and {@code R_l}; see
   * {@link CmrRegularizer#analyze(float[], int, int)}. For monitoring, for example once per
   * epoch; a training step needs only {@link #applyTo}.
   *
   * @param weights the weight matrices {@code W_l}, row-major; not modified
   * @param rows {@code rows[l]}, the number of rows of {@code W_l}; not modified
   * @param cols {@code cols[l]}, the number of columns of {@code W_l}; not modified
   * @return one {@link LayerSpectrum} per weight matrix, in order (an unmodifiable list)
   * @throws IllegalArgumentException for the bad weights, rows or cols described at
   *     {@link #applyTo}
   * @throws NoConvergenceException if an SVD exceeds its sweep budget
   */
  public List<LayerSpectrum> analyze(List<float[]> weights, int[] rows, int[] cols) {
    int layers = checkWeights(weights, rows, cols);
    List<LayerSpectrum> out = new ArrayList<>(layers);
    for (int l = 0; l < layers; l++) {
      out.add(regularizer.analyze(weights.get(l), rows[l], cols[l]));
    }
    return List.copyOf(out);
  }

  /** Validates the weights and their shapes; returns the number of layers. */
  private static int checkWeights(List<float[]> weights, int[] rows, int[] cols) {
    if (weights == null || rows == null || cols == null) {
      throw new IllegalArgumentException(
          (weights == null ? "weights" : rows == null ? "rows" : "cols") + " must not be null");
    }
    int layers = weights.size();
    if (layers == 0) {
      throw new IllegalArgumentException("weights must hold at least one matrix, got none");
    }
    if (rows.length != layers || cols.length != layers) {
      throw new IllegalArgumentException("rows and cols must have one entry per weight matrix ("
          + layers + "), got " + rows.length + " and " + cols.length);
    }
    for (int l = 0; l < layers; l++) {
      float[] w = weights.get(l);
      if (w == null) {
        throw new IllegalArgumentException("weights.get(" + l + ") must not be null");
      }
      if (rows[l] < 1 || cols[l] < 1) {
        throw new IllegalArgumentException("weights.get(" + l + ") must have at least one row "
            + "and one column, got rows[" + l + "] = " + rows[l] + ", cols[" + l + "] = "
            + cols[l]);
      }
      long expected = (long) rows[l] * cols[l];
      if (w.length != expected) {
        throw new IllegalArgumentException("weights.get(" + l + ") is declared " + rows[l] + "x"
            + cols[l] + " and needs " + expected + " elements, but its length is " + w.length);
      }
      Checks.finite("weights.get(" + l + ")", w, cols[l]);
    }
    return layers;
  }

  private MatrixFreeCmr matrixFree() {
    if (matrixFree == null) {
      matrixFree = new MatrixFreeCmr(regularizer.config(), methods);
    }
    return matrixFree;
  }

  private EdgeWarmStart warmStart(int l) {
    while (warmStarts.size() <= l) {
      warmStarts.add(new EdgeWarmStart());
    }
    return warmStarts.get(l);
  }

  /** {@code s_1 / (s_r + 1e-8)} from estimated Gram edge eigenvalues. */
  private static double conditionNumber(double lambdaMax, double lambdaMin) {
    return Math.sqrt(Math.max(lambdaMax, 0)) / (Math.sqrt(Math.max(lambdaMin, 0))
        + Svd.KAPPA_FLOOR);
  }

  /** The spectral-gradient buffer of layer {@code l}, of exactly {@code size} entries. */
  private float[] buffer(int l, int size) {
    while (spectral.size() <= l) {
      spectral.add(new float[0]);
    }
    if (spectral.get(l).length != size) {
      spectral.set(l, new float[size]);
    }
    return spectral.get(l);
  }

  /** {@code sum_j a[j]^2} in double; rejects a NaN or infinite entry, naming it. */
  private static double squaredNorm(float[] a, String list, int index) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      float x = a[j];
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(list + ".get(" + index + ") must be finite, but its "
            + "entry " + j + " is " + x);
      }
      sum += (double) x * x;
    }
    return sum;
  }
}
