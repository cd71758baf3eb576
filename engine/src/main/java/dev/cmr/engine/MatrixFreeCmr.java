package dev.cmr.engine;

import dev.cmr.kernels.Blas1;
import dev.cmr.kernels.Blas2;
import dev.cmr.kernels.ChebyshevRecurrence;
import dev.cmr.kernels.Gemm;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Matrix-free CMR for one weight matrix: the regularizer {@code R = alpha_1 C + alpha_2 M} and
 * an unbiased estimate of its gradient without forming {@code G = W^T W} (CMR.md section 4).
 * The work is {@code O(rows cols)} per product with {@code W}, against the exact path's
 * {@code O(rows cols min(rows, cols))}.
 *
 * <p><b>Edges.</b> {@link Lanczos} on {@code x -> W^T (W x)} gives {@code lambda_max} and, when
 * {@code in <= out}, {@code lambda_min} (else {@code lambda_min = 0}, as the Gram is singular)
 * with unit Ritz vectors {@code v}; {@code c} and {@code d} follow as in CMR.md section 4.
 *
 * <p><b>Moments.</b> Hutchinson's estimator with {@code P} Rademacher probes {@code z_p}
 * (columns of the {@code in x P} block {@code Z}): {@code m_k ~ (1/P) sum_p a_pk},
 * {@code a_pk = z_p^T T_k(Ghat) z_p / in}, unbiased for every order at the given {@code c, d}
 * because {@code E[z z^T] = I}. The block recurrence {@code t_{j+1} = 2 Ghat t_j - t_{j-1}}
 * runs on {@link Gemm} ({@code W t_j}, then {@code W^T (W t_j)}) and the fused
 * {@link ChebyshevRecurrence#step}, for {@code j < K - 1} only: the top order comes from
 * {@code T_K = 2 T_{K-1} T_1 - T_{K-2}}, so {@code a_pK = (2 t_{K-1}^T t_1 - z^T t_{K-2}) / in}.
 * That is {@code 2 (K - 1)} products of {@code W} with the probe block.
 *
 * <p><b>Moment gradient.</b> With {@code f(x) = sum_{k=3..K} b_k T_k'(x)},
 * {@code b_k = 2 alpha_2 exp(beta (k-3)) m_k / in} (as in the exact path), {@code dR/dG} at
 * fixed {@code c, d} is {@code f(Ghat) / d}. The derivative recurrence
 * {@code T_k' = k U_{k-1}}, {@code U_j = U_{j-2} + 2 T_j} gives {@code y_p = f(Ghat) z_p} as a
 * combination of the vectors {@code t_j} already computed. Each probe's coefficients
 * {@code b_k} use the mean of the <i>other</i> probes' moments (leave-one-out), which are
 * independent of {@code z_p}, so {@code E[y_p z_p^T] = f(Ghat)} exactly and the estimate
 * <pre>
 *   dR/dW (c, d fixed) ~ 1/(P d) sum_p ( (W y_p) z_p^T + (W z_p) y_p^T )
 * </pre>
 * is unbiased (a plug-in {@code b_k} from the same probes would be biased by {@code O(1/P)}).
 * The chain through {@code c} and {@code d} needs {@code tr f(Ghat)} and
 * {@code tr Ghat f(Ghat)}, estimated as {@code (1/P) sum_p z_p^T y_p} and
 * {@code (1/P) sum_p t_{1,p}^T y_p}; with the edge term's derivatives it gives
 * {@code g_max} and {@code g_min} exactly as {@link SpectralTerms} does, and
 * {@code d lambda / dW = 2 (W v) v^T} puts them on the edge Ritz vectors
 * ({@code W v = s u}, the singular vectors of CMR.md section 3).
 *
 * <p><b>Value.</b> The returned value uses the mean moments squared (a plug-in, biased upwards
 * by the estimator variance over {@code P}); the gradient does not have that bias.
 *
 * <p><b>Reproducibility.</b> The probes and the Lanczos start are drawn from streams derived
 * from {@code probeSeed}; {@link #probeSeed(long, long, int)} derives it from
 * {@code (seed, step, layer)}. The same inputs, warm start and thread count give bit-identical
 * results.
 *
 * <p>Holds reusable workspaces, so an instance is not thread-safe: use one per thread.
 */
public final class MatrixFreeCmr {
  // Limitation: a tied edge cluster gets the gradient of the one Ritz vector single-vector
  // Lanczos finds in it, not the averaged projector (minimum-norm subgradient) of the exact path.

  private static final long PROBE_SALT = 0x5851_F42D_4C95_7F2DL;
  private static final long LANCZOS_SALT = 0x1405_7B7E_F767_814FL;

  private final CmrConfig config;
  private final MatrixFreeOptions options;
  private final Map<Integer, Lanczos> lanczos = new HashMap<>();
  private double[] wd = new double[0];
  private double[] grad = new double[0];
  private double[] blocks = new double[0];
  private double[] gramBlock = new double[0];
  private double[] rowsBlock = new double[0];
  private double[] firstRows = new double[0];
  private double[] yBlock = new double[0];
  private double[] wy = new double[0];
  private double[] rowVector = new double[0];
  private double[] scratch = new double[0];
  private MatrixFreeEstimate last;

  /**
   * An estimator with the given constants and settings (the method in {@code options} plays no
   * part here: this class always works matrix-free).
   *
   * @param config the CMR constants
   * @param options probes and Lanczos settings
   * @throws IllegalArgumentException if an argument is null
   */
  public MatrixFreeCmr(CmrConfig config, MatrixFreeOptions options) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    this.config = config;
    this.options = options;
  }

  /**
   * The constants in use.
   *
   * @return the configuration given to the constructor
   */
  public CmrConfig config() {
    return config;
  }

  /**
   * The estimator settings in use.
   *
   * @return the options given to the constructor
   */
  public MatrixFreeOptions options() {
    return options;
  }

  /**
   * A probe seed from a run's seed, its global optimizer step and the layer index, so that
   * every step's probes are fixed by {@code (seed, step, layer)} alone (a resumed run draws
   * the same ones).
   *
   * @param seed the run's seed
   * @param step the global step (any value)
   * @param layer the layer index (any value)
   * @return the mixed seed
   */
  public static long probeSeed(long seed, long step, int layer) {
    long h = mix(seed ^ 0x2C1B_3C6D_5E9F_0A17L);
    h = mix(h + step * 0x9E37_79B9_7F4A_7C15L);
    return mix(h + layer * 0xC2B2_AE3D_27D4_EB4FL);
  }

  /**
   * Estimates {@code R} of the {@code rows x cols} row-major {@code w} and writes the
   * gradient estimate into {@code gradient} (overwritten; may be the same array as {@code w}).
   * {@code lambda} is not applied. {@code w} is not modified; on an exception neither
   * {@code gradient} nor {@code warmStart} is modified.
   *
   * @param w the weight matrix
   * @param rows {@code out}, at least 1
   * @param cols {@code in}, at least 1
   * @param probeSeed seed of the probes and of the Lanczos start
   * @param warmStart the layer's previous edge vectors (read, then replaced by this step's),
   *     or null for a cold start that keeps nothing
   * @param gradient receives the gradient estimate, {@code rows * cols} elements
   * @return the estimated {@code R} (plug-in value; see the class comment)
   * @throws IllegalArgumentException for a null array, {@code rows} or {@code cols} below 1,
   *     a length other than {@code rows * cols}, or a NaN or infinite entry (the message names
   *     the first such row and column), or a matrix whose Gram operator overflows
   */
  public double valueAndGradient(float[] w, int rows, int cols, long probeSeed,
      EdgeWarmStart warmStart, float[] gradient) {
    if (w == null) {
      throw new IllegalArgumentException("weight matrix w must not be null");
    }
    checkDims(rows, cols);
    Checks.shape("weight matrix w", w.length, rows, cols);
    Checks.finite("weight matrix w", w, cols);
    checkGradient(gradient == null, gradient == null ? 0 : gradient.length, rows, cols);
    if (wd.length < w.length) {
      wd = new double[w.length];
    }
    for (int i = 0; i < w.length; i++) {
      wd[i] = w[i];
    }
    double value = compute(wd, rows, cols, probeSeed, warmStart);
    for (int i = 0; i < rows * cols; i++) {
      gradient[i] = (float) grad[i];
    }
    return value;
  }

  /**
   * Double precision variant of
   * {@link #valueAndGradient(float[], int, int, long, EdgeWarmStart, float[])}.
   *
   * @param w the weight matrix
   * @param rows {@code out}, at least 1
   * @param cols {@code in}, at least 1
   * @param probeSeed seed of the probes and of the Lanczos start
   * @param warmStart the layer's previous edge vectors, or null
   * @param gradient receives the gradient estimate, {@code rows * cols} elements
   * @return the estimated {@code R}
   * @throws IllegalArgumentException as for the float variant
   */
  public double valueAndGradient(double[] w, int rows, int cols, long probeSeed,
      EdgeWarmStart warmStart, double[] gradient) {
    if (w == null) {
      throw new IllegalArgumentException("weight matrix w must not be null");
    }
    checkDims(rows, cols);
    Checks.shape("weight matrix w", w.length, rows, cols);
    Checks.finite("weight matrix w", w, cols);
    checkGradient(gradient == null, gradient == null ? 0 : gradient.length, rows, cols);
    double value = compute(w, rows, cols, probeSeed, warmStart);
    System.arraycopy(grad, 0, gradient, 0, rows * cols);
    return value;
  }

  /**
   * What the last successful {@code valueAndGradient} call estimated.
   *
   * @return its estimates, or null before the first call
   */
  public MatrixFreeEstimate lastEstimate() {
    return last;
  }

  // ---------------------------------------------------------------------------------------

  private double compute(double[] w, int rows, int cols, long probeSeed,
      EdgeWarmStart warmStart) {
    int n = cols;
    int m = rows;
    int probes = options.probes();
    int order = config.maxOrder();
    double frob = Blas1.sumOfSquares(w, 0, m * n);
    if (!Double.isFinite(frob)) {
      throw new IllegalArgumentException("W is too large: its Gram operator overflows "
          + "(sum of squared entries " + frob + ")");
    }
    ensure(m, n, probes, order);

    // edges by Lanczos on x -> W^T (W x)
    boolean wantMin = n <= m;
    Lanczos edgeSearch = lanczos.computeIfAbsent(n, size -> new Lanczos(size,
        options.lanczos()));
    double[] rowTmp = rowVector;
    Lanczos.SymmetricOperator gram = (x, y) -> {
      Blas2.gemv(false, m, n, 1, w, 0, n, x, 0, 0, rowTmp, 0);
      Blas2.gemv(true, m, n, 1, w, 0, n, rowTmp, 0, 0, y, 0);
    };
    double[][] warm = warmStart == null ? null : warmStart.vectors(n);
    Lanczos.Result edges = edgeSearch.run(gram, warm, mix(probeSeed ^ LANCZOS_SALT),
        config.eps(), wantMin);
    double lambdaMax = Math.max(edges.lambdaMax(), 0);
    double lambdaMin = wantMin ? Math.max(edges.lambdaMin(), 0) : 0;
    double eps = config.eps();
    double edge = 0.5 * (Math.log(lambdaMax + SpectralTerms.LOG_FLOOR) - Math.log(lambdaMin
        + eps));
    double c = 0.5 * (lambdaMax + lambdaMin);
    double half = 0.5 * (lambdaMax - lambdaMin);
    boolean floored = !(half > eps);
    double d = floored ? eps : half;

    // probes and the block recurrence t_0..t_{K-1}
    int np = n * probes;
    int mp = m * probes;
    SplittableRandom random = new SplittableRandom(mix(probeSeed ^ PROBE_SALT));
    for (int i = 0; i < np; i += 64) {
      long bits = random.nextLong();
      int end = Math.min(np, i + 64);
      for (int j = i; j < end; j++, bits >>>= 1) {
        blocks[j] = (bits & 1) == 0 ? 1.0 : -1.0;
      }
    }
    int top = order - 1;
    for (int j = 0; j < top; j++) {
      int cur = j * np;
      double[] target = j == 0 ? firstRows : rowsBlock;
      Gemm.dgemm(false, false, m, probes, n, 1, w, 0, n, blocks, cur, probes, 0, target, 0,
          probes);
      Gemm.dgemm(true, false, n, probes, m, 1, w, 0, n, target, 0, probes, 0, gramBlock, 0,
          probes);
      if (j == 0) {
        ChebyshevRecurrence.step(1 / d, gramBlock, 0, -c / d, blocks, cur, 0, blocks, cur,
            blocks, cur + np, np);
      } else {
        ChebyshevRecurrence.step(2 / d, gramBlock, 0, -2 * c / d, blocks, cur, -1, blocks,
            cur - np, blocks, cur + np, np);
      }
    }

    // per-probe moments a_pk
    double[][] a = new double[probes][order + 1];
    for (int p = 0; p < probes; p++) {
      for (int k = 0; k <= top; k++) {
        a[p][k] = columnDot(k, 0, p, n, probes) / n;
      }
      double topMoment = 2 * columnDot(top, 1, p, n, probes) - columnDot(top - 1, 0, p, n,
          probes);
      a[p][order] = topMoment / n;
    }
    double[] moments = new double[order + 1];
    double[] errors = new double[order + 1];
    for (int k = 0; k <= order; k++) {
      double sum = 0;
      for (int p = 0; p < probes; p++) {
        sum += a[p][k];
      }
      moments[k] = sum / probes;
      double spread = 0;
      for (int p = 0; p < probes; p++) {
        double e = a[p][k] - moments[k];
        spread += e * e;
      }
      errors[k] = Math.sqrt(spread / (probes - 1) / probes);
    }
    double penalty = 0;
    for (int k = 3; k <= order; k++) {
      penalty += Math.exp(config.beta() * (k - 3)) * moments[k] * moments[k];
    }
    double value = config.alphaEdge() * edge + config.alphaMoment() * penalty;

    // y_p = f_p(Ghat) z_p with leave-one-out coefficients, as a combination of t_0..t_{K-1}
    double f0 = 0;
    double f1 = 0;
    double[] coefT = new double[order];
    double[] coefU = new double[order];
    for (int p = 0; p < probes; p++) {
      Arrays.fill(coefU, 0);
      for (int k = 3; k <= order; k++) {
        double others = (probes * moments[k] - a[p][k]) / (probes - 1);
        double bk = 2 * config.alphaMoment() * Math.exp(config.beta() * (k - 3)) * others / n;
        coefU[k - 1] = bk * k;
      }
      // U_j = 2 (T_j + T_{j-2} + ...) with T_0 counted once when j is even
      for (int i = 0; i < order; i++) {
        double sum = 0;
        for (int j = i; j < order; j += 2) {
          sum += coefU[j];
        }
        coefT[i] = i == 0 ? sum : 2 * sum;
      }
      for (int i = 0; i < n; i++) {
        double y = 0;
        for (int j = 0; j < order; j++) {
          y += coefT[j] * blocks[j * np + i * probes + p];
        }
        yBlock[i * probes + p] = y;
      }
      for (int i = 0; i < n; i++) {
        double y = yBlock[i * probes + p];
        f0 += blocks[i * probes + p] * y;
        f1 += blocks[np + i * probes + p] * y;
      }
    }
    f0 /= probes;
    f1 /= probes;
    double dRdc = -f0 / d;
    double dRdd = floored ? 0 : -f1 / d;
    double gMax = config.alphaEdge() * 0.5 / (lambdaMax + SpectralTerms.LOG_FLOOR)
        + 0.5 * dRdc + 0.5 * dRdd;
    double gMin = wantMin ? -config.alphaEdge() * 0.5 / (lambdaMin + eps) + 0.5 * dRdc
        - 0.5 * dRdd : 0;

    // dR/dW = 1/(P d) ((W Y) Z^T + (W Z) Y^T) + 2 g_max (W v_max) v_max^T + 2 g_min (...)
    Gemm.dgemm(false, false, m, probes, n, 1, w, 0, n, yBlock, 0, probes, 0, wy, 0, probes);
    double scale = 1 / (probes * d);
    Gemm.dgemm(false, true, m, n, probes, scale, wy, 0, probes, blocks, 0, probes, 0, grad, 0,
        n);
    Gemm.dgemm(false, true, m, n, probes, scale, firstRows, 0, probes, yBlock, 0, probes, 1,
        grad, 0, n);
    addEdge(w, m, n, gMax, edges.vectorMax());
    if (wantMin) {
      addEdge(w, m, n, gMin, edges.vectorMin());
    }
    for (int i = 0; i < m * n; i++) {
      if (!Double.isFinite(grad[i])) {
        throw new IllegalArgumentException("W is too large for the matrix-free gradient: its "
            + "entry (row " + i / n + ", column " + i % n + ") is " + grad[i]);
      }
    }
    if (warmStart != null) {
      warmStart.store(edges.vectorMax(), wantMin ? edges.vectorMin() : null);
    }
    last = new MatrixFreeEstimate(lambdaMax, lambdaMin, edge, moments, errors, penalty, value,
        edges.iterations(), edges.converged());
    return value;
  }

  /** {@code grad += 2 g (W v) v^T}. */
  private void addEdge(double[] w, int m, int n, double g, double[] v) {
    if (g == 0) {
      return;
    }
    Blas2.gemv(false, m, n, 1, w, 0, n, v, 0, 0, scratch, 0);
    Blas2.ger(m, n, 2 * g, scratch, 0, v, 0, grad, 0, n);
  }

  /** Dot product of column {@code p} of blocks {@code i} and {@code j} ({@code n x P}). */
  private double columnDot(int i, int j, int p, int n, int probes) {
    int np = n * probes;
    double sum = 0;
    for (int r = 0; r < n; r++) {
      sum += blocks[i * np + r * probes + p] * blocks[j * np + r * probes + p];
    }
    return sum;
  }

  private void ensure(int m, int n, int probes, int order) {
    int np = n * probes;
    int mp = m * probes;
    if (grad.length < m * n) {
      grad = new double[m * n];
    }
    if (blocks.length < order * np) {
      blocks = new double[order * np];
    }
    if (gramBlock.length < np) {
      gramBlock = new double[np];
      yBlock = new double[np];
    }
    if (rowsBlock.length < mp) {
      rowsBlock = new double[mp];
      firstRows = new double[mp];
      wy = new double[mp];
    }
    if (rowVector.length < m) {
      rowVector = new double[m];
      scratch = new double[m];
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  private static void checkDims(int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "W must have at least one row and one column, got " + rows + "x" + cols);
    }
  }

  private static void checkGradient(boolean isNull, int length, int rows, int cols) {
    if (isNull) {
      throw new IllegalArgumentException("gradient must not be null");
    }
    long expected = (long) rows * cols;
    if (length != expected) {
      throw new IllegalArgumentException("gradient must have rows * cols = " + rows + " * "
          + cols + " = " + expected + " elements, but its length is " + length);
    }
  }
}
