package dev.cmr.engine;

import dev.cmr.kernels.Gemm;
import java.util.Arrays;

/**
 * Exact-spectrum CMR for one weight matrix at a time (CMR.md, sections 3, 4 and 6).
 *
 * <p>{@code W} is {@code out x in} ({@code rows x cols}), row-major. All work happens on the
 * smaller Gram {@code H} ({@code r x r}, {@code r = min(out, in)}): {@code H = W^T W} when
 * {@code in <= out}, else {@code H = W W^T}; the {@code p = max(0, in - out)} zero eigenvalues
 * of {@code G = W^T W} enter in closed form. With {@code S = dR/dH} (a symmetric matrix),
 * {@code dR/dW = 2 W S} or {@code 2 S W}.
 *
 * <p><b>How {@code S} is formed.</b> {@code S = f(Hhat)/d + g_max P_max + g_min P_min}, where
 * {@code Hhat = (H - c I)/d}, {@code f = sum_k a_k T_k'} is the moment penalty's derivative
 * at fixed {@code c, d} (see {@link SpectralTerms}), {@code g_max}, {@code g_min} are the
 * total derivatives with respect to the edge eigenvalues (edge term plus the chain through
 * {@code c} and {@code d}), and {@code P_max}, {@code P_min} are the averaged projectors
 * {@code (1/m) sum v v^T} onto the eigenvectors of the tied edge clusters: the minimum-norm
 * subgradient of CMR.md section 3. The smooth part {@code f(Hhat)/d} is a matrix polynomial of
 * degree {@code K-1}, evaluated with {@link Gemm} by the Paterson-Stockmeyer scheme (two
 * products for {@code K = 5}); it needs no eigenvectors and is exact even when interior
 * eigenvalues coincide. The eigenvalues come from a Householder tridiagonalization and
 * implicit QR iteration (values only); the few edge eigenvectors from inverse iteration on the
 * tridiagonal matrix. If an edge cluster has more than {@value #MAX_FAST_CLUSTER} members the
 * whole eigendecomposition is computed instead, and {@code S = V diag(phi) V^T}.
 *
 * <p><b>Ties.</b> Eigenvalues within {@code tau = 32 r eps_mach lambda_max} of an edge (about
 * the rounding error of computed Gram eigenvalues) form its cluster. When all eigenvalues lie
 * within {@code tau} of each other, both projectors are {@code I/r}.
 *
 * <p><b>Gradient bound.</b> With {@code A = sum_{k=3..K} |a_k| k^2} (Markov's inequality
 * bounds {@code |f| <= A} on {@code [-1, 1]}) and {@code |x_i| <= 1}:
 * <pre>
 *   ||dR/dW||_F &lt;= alpha_1 (1/s_1 + s_r/(s_r^2 + eps))
 *                  + (2 A / d) (||W||_F + in (s_1 + s_r))
 * </pre>
 * (the first term is the edge gradient, the second the moment gradient at fixed {@code c, d}
 * plus its chain through {@code c} and {@code d}, which lands on the edge singular values).
 * {@link #gradientBound} evaluates it.
 *
 * <p><b>Products.</b> {@link Products#FAST} (the default) forms the Gram matrix and the
 * polynomial's products as symmetric products (only the block rows of the upper triangle,
 * about 5/8 of the work of a general product at {@code 256 x 256}); for float input and
 * {@code K <=} {@value #FLOAT_MAX_ORDER} the polynomial's products and the product
 * {@code 2 W f(Hhat)/d} run in single precision, while the Gram matrix, its eigenvalues (hence
 * the value, the moments, {@code c}, {@code d} and the edge term) and the edge-projector part
 * {@code 2 g W v v^T} of the gradient stay in double. Float rounding then touches only the
 * moment part of the gradient, and no rounding is magnified by the condition number. Against
 * {@link Products#REFERENCE} (general double products, this class's first implementation) the
 * value agrees to {@code 1e-12} relative and the gradient to
 * {@code ||dR/dW - dR/dW_ref||_F <= }{@value #FAST_FLOAT_TOLERANCE}{@code ||dR/dW_ref||_F}
 * (measured: about {@code 1e-7}, of which rounding the result to float is {@code 6e-8}); tests
 * check both on training-like sequences, ill-conditioned (condition number up to
 * {@code 3e7}), tied and all-tied spectra, wide, tall and one-row shapes, and the reference
 * cases. On double input both modes compute in double and agree to about {@code 1e-12}. No
 * state is carried from call to call, so a result depends only on {@code W} and the constants.
 *
 * <p>Holds reusable workspaces, so an instance is not thread-safe: use one per thread.
 */
public final class CmrRegularizer {
  /** Largest edge cluster handled by inverse iteration before falling back to full vectors. */
  static final int MAX_FAST_CLUSTER = 8;

  /** Tie tolerance factor: {@code tau = TIE_FACTOR * r * eps_mach * lambda_max}. */
  static final double TIE_FACTOR = 32;

  /**
   * Highest order accepted by {@link #momentGradient}: the matrix polynomial runs in the
   * monomial basis, whose cancellation grows like {@code 2^k}.
   */
  public static final int MAX_MOMENT_ORDER = 20;

  /** Largest accepted {@code |w_ij|}: keeps every Gram entry finite. */
  static final double MAX_ENTRY = 1e150;

  /**
   * Highest order {@code K} whose polynomial runs in single precision under
   * {@link Products#FAST}: the monomial coefficients of {@code U_{K-1}} grow like
   * {@code 2^K}, and float rounding is amplified by them.
   */
  public static final int FLOAT_MAX_ORDER = 6;

  /** Documented relative tolerance of {@link Products#FAST} on float input (class comment). */
  public static final double FAST_FLOAT_TOLERANCE = 1e-6;

  /**
   * How the matrix products of the spectral step are formed. The spectrum part (the Gram
   * eigenvalues, the edge clusters and vectors) is the same in both.
   */
  public enum Products {
    /** General double precision products for the Gram, the polynomial and the gradient. */
    REFERENCE,
    /**
     * Symmetric products; single precision for the polynomial and gradient products of float
     * input (see the class comment for the tolerance).
     */
    FAST
  }

  private final CmrConfig config;
  private final Products products;
  private boolean floatProducts;
  private boolean floatGradient;
  private float[] fa = new float[0];
  private float[] fb = new float[0];
  private float[] fc = new float[0];
  private float[] gradFloat = new float[0];
  private double[] edgeGrad = new double[0];
  private double[] edgeImage = new double[0];
  private final Tridiagonal tri = new Tridiagonal();
  private double[] wd = new double[0];
  private double[] gram = new double[0];
  private double[] slope = new double[0];
  private double[] grad = new double[0];
  private double[][] powers = new double[0][];
  private double[] acc = new double[0];
  private double[] tmp = new double[0];
  private double[] sortedScaled = new double[0];
  private double[] eigen = new double[0];
  private double[][] edgeVectors = new double[0][];
  private double lastSMax;
  private double lastSMin;
  boolean forceFullSpectrum;

  /**
   * Creates a regularizer with the given constants and {@link Products#FAST} products.
   * Workspaces grow on first use and are reused for later matrices of the same or smaller
   * size.
   *
   * @param config the CMR constants, for example {@link CmrConfig#defaults()}
   * @throws IllegalArgumentException if {@code config} is null
   */
  public CmrRegularizer(CmrConfig config) {
    this(config, Products.FAST);
  }

  /**
   * Creates a regularizer with the given constants and way of forming products.
   *
   * @param config the CMR constants
   * @param products {@link Products#FAST}, or {@link Products#REFERENCE} for the general
   *     double products (for comparisons and benchmarks)
   * @throws IllegalArgumentException if {@code config} or {@code products} is null
   */
  public CmrRegularizer(CmrConfig config, Products products) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    if (products == null) {
      throw new IllegalArgumentException("products must not be null");
    }
    this.config = config;
    this.products = products;
  }

  /**
   * The way products are formed.
   *
   * @return the mode given at construction
   */
  public Products products() {
    return products;
  }

  /**
   * The constants given at construction.
   *
   * @return the configuration, never null
   */
  public CmrConfig config() {
    return config;
  }

  /**
   * Returns {@code R_l = alphaEdge * C(W) + alphaMoment * M(W)} and writes {@code dR_l/dW}
   * into {@code gradient} ({@code rows x cols}, row-major, overwritten). {@code lambda} is
   * not applied. {@code w} is not modified; {@code gradient} may be the same array as
   * {@code w}. On any exception {@code gradient} is left untouched.
   *
   * <p>The value comes from the Gram eigenvalues, whose absolute error near
   * {@code r eps_mach lambda_max} enters {@code C} magnified by {@code 1/(lambda_min + eps)};
   * {@link #analyze(float[], int, int)} uses singular values and is the more accurate value
   * for nearly singular {@code W}.
   *
   * @param w the weight matrix {@code W}, {@code rows x cols} row-major; not modified
   * @param rows {@code out}, the number of rows, {@code >= 1}
   * @param cols {@code in}, the number of columns, {@code >= 1}
   * @param gradient receives {@code dR_l/dW} ({@code rows * cols} elements, row-major): with
   *     {@link Products#REFERENCE} rounded once from double to float, with
   *     {@link Products#FAST} as described in the class comment
   * @return {@code R_l = alphaEdge * C(W) + alphaMoment * M(W)}, without {@code lambda}
   * @throws IllegalArgumentException for a null array, {@code rows} or {@code cols} below 1,
   *     a length other than {@code rows * cols}, or a NaN, infinite or larger than
   *     {@code 1e150} entry (the message names the first such row and column)
   */
  public double valueAndGradient(float[] w, int rows, int cols, float[] gradient) {
    checkFloat(w, rows, cols);
    checkGradient(gradient == null, gradient == null ? 0 : gradient.length, rows, cols);
    double[] x = widen(w);
    double value = compute(x, w, rows, cols, -1, false);
    int size = rows * cols;
    if (floatGradient) {
      System.arraycopy(gradFloat, 0, gradient, 0, size);
    } else {
      for (int i = 0; i < size; i++) {
        gradient[i] = (float) grad[i];
      }
    }
    return value;
  }

  /**
   * Double precision variant of {@link #valueAndGradient(float[], int, int, float[])}:
   * returns {@code R_l} and writes {@code dR_l/dW} into {@code gradient}. {@code w} is not
   * modified; {@code gradient} may be {@code w}; on any exception it is left untouched.
   *
   * @param w the weight matrix {@code W}, {@code rows x cols} row-major; not modified
   * @param rows {@code out}, the number of rows, {@code >= 1}
   * @param cols {@code in}, the number of columns, {@code >= 1}
   * @param gradient receives {@code dR_l/dW} ({@code rows * cols} elements, row-major)
   * @return {@code R_l = alphaEdge * C(W) + alphaMoment * M(W)}, without {@code lambda}
   * @throws IllegalArgumentException for a null array, {@code rows} or {@code cols} below 1,
   *     a length other than {@code rows * cols}, or a NaN, infinite or larger than
   *     {@code 1e150} entry (the message names the first such row and column)
   */
  public double valueAndGradient(double[] w, int rows, int cols, double[] gradient) {
    checkDouble(w, rows, cols);
    checkGradient(gradient == null, gradient == null ? 0 : gradient.length, rows, cols);
    double value = compute(w, null, rows, cols, -1, false);
    System.arraycopy(grad, 0, gradient, 0, rows * cols);
    return value;
  }

  /**
   * Returns the single moment {@code m_k(W) = tr T_k(Ghat) / in} ({@code k = order}) and writes
   * its gradient {@code d m_k / dW} into {@code gradient} ({@code rows x cols}, row-major,
   * overwritten), computed like {@link #valueAndGradient}: {@code 2 W S} or {@code 2 S W} with
   * {@code S = dm_k/dH} from the Gram eigenvalues, never by differences. The weights, the edge
   * term and {@code lambda} of the configuration play no part; its {@code eps} does.
   *
   * <p>With {@code holdNormalization} the centre {@code c} and half-width {@code d} are held
   * at their values for {@code W}, so {@code S = k U_{k-1}(Hhat) / (in d)} and Markov's
   * inequality gives {@code ||d m_k / dW||_F <= 2 k^2 ||W||_F / (in d)} (CMR.md section 4).
   * Without it the chain through {@code c} and {@code d}, which depend on the edge
   * eigenvalues, is included: the total derivative, as the regularizer uses it.
   *
   * @param w the weight matrix {@code W}, {@code rows x cols} row-major; not modified
   * @param rows {@code out}, the number of rows, {@code >= 1}
   * @param cols {@code in}, the number of columns, {@code >= 1}
   * @param order {@code k}, from 0 to {@value #MAX_MOMENT_ORDER}
   * @param holdNormalization hold {@code c} and {@code d} fixed (partial derivative) instead
   *     of the total derivative
   * @param gradient receives {@code d m_k / dW} ({@code rows * cols} elements, row-major);
   *     untouched on any exception
   * @return the moment {@code m_k(W)}
   * @throws IllegalArgumentException for an order out of range, or as for
   *     {@link #valueAndGradient(double[], int, int, double[])}
   */
  public double momentGradient(double[] w, int rows, int cols, int order,
      boolean holdNormalization, double[] gradient) {
    if (order < 0 || order > MAX_MOMENT_ORDER) {
      throw new IllegalArgumentException("moment order must be in [0, " + MAX_MOMENT_ORDER
          + "], got " + order);
    }
    checkDouble(w, rows, cols);
    checkGradient(gradient == null, gradient == null ? 0 : gradient.length, rows, cols);
    double value = compute(w, null, rows, cols, order, holdNormalization);
    System.arraycopy(grad, 0, gradient, 0, rows * cols);
    return value;
  }

  /**
   * Edge and moment terms, singular-value edges and condition number of {@code W}, from its
   * singular values (one-sided Jacobi SVD, accurate also for small ones). {@code w} is not
   * modified.
   *
   * @param w the weight matrix {@code W}, {@code rows x cols} row-major; not modified
   * @param rows {@code out}, the number of rows, {@code >= 1}
   * @param cols {@code in}, the number of columns, {@code >= 1}
   * @return the layer's spectrum and CMR terms
   * @throws IllegalArgumentException as for {@link #valueAndGradient}
   */
  public LayerSpectrum analyze(float[] w, int rows, int cols) {
    checkFloat(w, rows, cols);
    return analyzeValid(widen(w), rows, cols);
  }

  /**
   * Double precision variant of {@link #analyze(float[], int, int)}: the CMR terms,
   * singular-value edges and condition number of {@code W}.
   *
   * @param w the weight matrix {@code W}, {@code rows x cols} row-major; not modified
   * @param rows {@code out}, the number of rows, {@code >= 1}
   * @param cols {@code in}, the number of columns, {@code >= 1}
   * @return the layer's spectrum and CMR terms
   * @throws IllegalArgumentException as for {@link #valueAndGradient}
   */
  public LayerSpectrum analyze(double[] w, int rows, int cols) {
    checkDouble(w, rows, cols);
    return analyzeValid(w, rows, cols);
  }

  /**
   * The monotone-descent step bound of CMR.md section 3:
   * {@code eta* = (s_1 - s_r) / (1/s_1 + s_r/(s_r^2 + eps))}, with {@code s_r} the smallest of
   * the {@code r = min(out, in)} singular values; 0 when {@code s_1 = s_r}. Any step
   * {@code 0 < eta <= eta*} along {@code -dC/dW} decreases {@code C} strictly and does not
   * increase {@code kappa}. For wide matrices ({@code lambda_min = 0}) and for tied edges
   * (where the averaged gradient moves each tied value less) the bound is conservative.
   *
   * @param w the weight matrix {@code W}, {@code rows x cols} row-major; not modified
   * @param rows {@code out}, the number of rows, {@code >= 1}
   * @param cols {@code in}, the number of columns, {@code >= 1}
   * @return {@code eta* >= 0}, a step length in the units of {@code W}
   * @throws IllegalArgumentException as for {@link #valueAndGradient}
   */
  public double etaStar(double[] w, int rows, int cols) {
    checkDouble(w, rows, cols);
    return etaStarValid(w, rows, cols);
  }

  /**
   * Float variant of {@link #etaStar(double[], int, int)}: the monotone-descent step bound
   * {@code eta* = (s_1 - s_r) / (1/s_1 + s_r/(s_r^2 + eps))}.
   *
   * @param w the weight matrix {@code W}, {@code rows x cols} row-major; not modified
   * @param rows {@code out}, the number of rows, {@code >= 1}
   * @param cols {@code in}, the number of columns, {@code >= 1}
   * @return {@code eta* >= 0}
   * @throws IllegalArgumentException as for {@link #valueAndGradient}
   */
  public double etaStar(float[] w, int rows, int cols) {
    checkFloat(w, rows, cols);
    return etaStarValid(widen(w), rows, cols);
  }

  /**
   * The documented upper bound on {@code ||dR/dW||_F} (see the class comment), from the
   * singular values and moments of {@code W}: a check for tests and monitoring.
   *
   * @param w the weight matrix {@code W}, {@code rows x cols} row-major; not modified
   * @param rows {@code out}, the number of rows, {@code >= 1}
   * @param cols {@code in}, the number of columns, {@code >= 1}
   * @return the bound on the Frobenius norm of {@code dR/dW}
   * @throws IllegalArgumentException as for {@link #valueAndGradient}
   */
  public double gradientBound(double[] w, int rows, int cols) {
    checkDouble(w, rows, cols);
    double[] s = Svd.decomposeValid(w, rows, cols, false, false).singularValues();
    SpectralTerms terms = SpectralTerms.evaluate(squares(s), s.length,
        Math.max(0, cols - rows), cols, config);
    double sum = 0;
    for (int k = 3; k <= config.maxOrder(); k++) {
      double weight = Math.exp(config.beta() * (k - 3));
      sum += Math.abs(2 * config.alphaMoment() * weight * terms.moments[k] / cols) * k * k;
    }
    double s1 = s[0];
    double sr = s[s.length - 1];
    double frob = Math.sqrt(Vectors.dot(w, w, 0, w.length));
    double edgePart = (s1 > 0 ? 1 / s1 : 0) + sr / (sr * sr + config.eps());
    return config.alphaEdge() * edgePart + 2 * sum / terms.d * (frob + cols * (s1 + sr));
  }

  /**
   * The condition number {@code s_1 / (s_r + 1e-8)} of the matrix of the last successful
   * {@code valueAndGradient} or {@code momentGradient} call, from the square roots of its Gram
   * eigenvalues: free, but its {@code s_r} carries an absolute error near
   * {@code sqrt(r eps_mach) s_1}, where {@link #analyze} is accurate.
   */
  double lastConditionNumber() {
    return lastSMax / (lastSMin + Svd.KAPPA_FLOOR);
  }

  // ---------------------------------------------------------------------------------------

  private LayerSpectrum analyzeValid(double[] w, int rows, int cols) {
    double[] s = Svd.decomposeValid(w, rows, cols, false, false).singularValues();
    SpectralTerms terms = SpectralTerms.evaluate(squares(s), s.length,
        Math.max(0, cols - rows), cols, config);
    double s1 = s[0];
    double sr = s[s.length - 1];
    return new LayerSpectrum(rows, cols, s1, sr, s1 / (sr + Svd.KAPPA_FLOOR), terms.edge,
        terms.moments.clone(), terms.penalty, terms.value);
  }

  private double etaStarValid(double[] w, int rows, int cols) {
    double[] s = Svd.decomposeValid(w, rows, cols, false, false).singularValues();
    double s1 = s[0];
    double sr = s[s.length - 1];
    if (!(s1 > sr)) {
      return 0;
    }
    return (s1 - sr) / (1 / s1 + sr / (sr * sr + config.eps()));
  }

  private static double[] squares(double[] s) {
    double[] l = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      l[i] = s[i] * s[i];
    }
    return l;
  }

  /**
   * Value into the return, gradient into {@link #grad}, or into {@link #gradFloat} when
   * {@link #floatGradient} is set on return: of the regularizer when {@code momentOrder < 0},
   * else of that single moment. {@code wFloat} is the float input {@code w} was widened from,
   * or null for double input.
   */
  private double compute(double[] w, float[] wFloat, int rows, int cols, int momentOrder,
      boolean holdNormalization) {
    boolean tall = cols <= rows;
    int r = Math.min(rows, cols);
    int p = Math.max(0, cols - rows);
    boolean fast = products == Products.FAST;
    int order = momentOrder < 0 ? config.maxOrder() : momentOrder;
    // Limitation: above FLOAT_MAX_ORDER the polynomial and gradient products stay in double
    // (the monomial basis would amplify float rounding by about 2^K).
    floatProducts = fast && wFloat != null && order <= FLOAT_MAX_ORDER;
    floatGradient = false;
    ensure(r, rows * cols);

    // Gram of the smaller side
    if (fast) {
      SymmetricProducts.gram(w, rows, cols, gram);
    } else if (tall) {
      Gemm.dgemm(true, false, r, r, rows, 1, w, w, 0, gram);
    } else {
      Gemm.dgemm(false, true, r, r, cols, 1, w, w, 0, gram);
    }

    // eigenvalues of H, sorted descending, and the terms
    // Limitation: every call still reduces the Gram matrix to tridiagonal form (about a third
    // of a FAST 256 x 256 step). The FAST path then needs only the edges (bisection) and the
    // traces tr T_k(Hhat) of the tridiagonal; REFERENCE, single moments and tied spectra still
    // take all eigenvalues from the QR iteration.
    double gramMax = Vectors.maxAbs(gram, 0, r * r);
    if (!Double.isFinite(gramMax)) {
      throw new IllegalArgumentException(
          "W is too large: its Gram matrix overflows (largest Gram entry " + gramMax + ")");
    }
    boolean full = forceFullSpectrum;
    SymmetricEigen fullEigen = null;
    int exponent = 0;
    SpectralTerms terms = null;
    double tau = 0;
    int top = 0;
    int bottom = 0;
    boolean reduced = false;
    boolean traced = !full && fast && momentOrder < 0 && gramMax > 0;
    if (traced) {
      // edges by bisection, sums over the spectrum as traces: no QR iteration
      exponent = reduceGram(r, lowerTriangleMax(r));
      reduced = true;
      double[] dd = tri.diagonal();
      double[] ee = tri.offDiagonal();
      double pivotMin = TridiagonalSpectrum.pivotMin(ee, r);
      double maxScaled = TridiagonalSpectrum.eigenvalue(dd, ee, r, r - 1, pivotMin);
      double minScaled = TridiagonalSpectrum.eigenvalue(dd, ee, r, 0, pivotMin);
      double scale = Math.scalb(1.0, exponent);
      eigen[0] = maxScaled * scale;
      eigen[r - 1] = minScaled * scale;
      terms = SpectralTerms.evaluateTridiagonal(dd, ee, r, exponent, maxScaled, minScaled, p,
          cols, config);
      tau = TIE_FACTOR * r * Tridiagonal.EPS * terms.lambdaMax;
      double tauScaled = tau / scale;
      double topBound = Math.max(maxScaled, 0) - tauScaled;
      top = topBound <= 0 ? r
          : Math.max(1, r - TridiagonalSpectrum.countBelow(dd, ee, r, topBound, pivotMin));
      bottom = p == 0 ? Math.max(1, TridiagonalSpectrum.countBelow(dd, ee, r,
          Math.max(minScaled, 0) + tauScaled, pivotMin)) : 0;
      // a (nearly) tied spectrum divides by the floored half-width, which would magnify the
      // rounding of the bisected edges; the eigenvalues then give exact ties instead
      traced = top < r && !terms.halfWidthFloored;
      if (traced && top <= MAX_FAST_CLUSTER && bottom <= MAX_FAST_CLUSTER) {
        // the cluster members' own eigenvalues, the shifts of inverse iteration; the edges
        // themselves are already bisected
        sortedScaled[0] = maxScaled;
        for (int j = 1; j < top; j++) {
          sortedScaled[j] = TridiagonalSpectrum.eigenvalue(dd, ee, r, r - 1 - j, pivotMin);
        }
        if (bottom > 0) {
          sortedScaled[r - 1] = minScaled;
        }
        for (int q = 1; q < bottom; q++) {
          sortedScaled[r - 1 - q] = TridiagonalSpectrum.eigenvalue(dd, ee, r, q, pivotMin);
        }
      }
    }
    if (!traced) {
      if (reduced) {
        eigenvaluesOfReduced(r, exponent);
      } else if (!full) {
        exponent = sortedEigenvalues(r);
      } else {
        fullEigen = SymmetricEigen.decomposeValid(gram, 0, r, true, tri);
        System.arraycopy(fullEigen.eigenvalues(), 0, eigen, 0, r);
      }
      terms = momentOrder < 0
          ? SpectralTerms.evaluate(eigen, r, p, cols, config)
          : SpectralTerms.evaluateMoment(eigen, r, p, cols, config, momentOrder,
              holdNormalization);

      // edge clusters
      tau = TIE_FACTOR * r * Tridiagonal.EPS * terms.lambdaMax;
      top = 1;
      while (top < r && Math.max(eigen[top], 0) >= terms.lambdaMax - tau) {
        top++;
      }
      bottom = 0;
      if (p == 0) {
        bottom = 1;
        while (bottom < r && Math.max(eigen[r - 1 - bottom], 0) <= terms.lambdaMin + tau) {
          bottom++;
        }
      }
    }
    lastSMax = Math.sqrt(Math.max(eigen[0], 0));
    lastSMin = Math.sqrt(Math.max(eigen[r - 1], 0));
    boolean allTied = top == r;
    if (!full && !allTied && (top > MAX_FAST_CLUSTER || bottom > MAX_FAST_CLUSTER)) {
      full = true;
      fullEigen = SymmetricEigen.decomposeValid(gram, 0, r, true, tri);
    }

    // S = dR/dH; with float products the edge projectors go straight into edgeGrad
    boolean edgesApart = false;
    if (full) {
      slopeFromVectors(fullEigen, terms, r, top, bottom, allTied);
    } else {
      slopeFromPolynomial(terms, r);
      if (allTied) {
        double share = (terms.gMax + terms.gMin) / r;
        for (int i = 0; i < r; i++) {
          slope[i * r + i] += share;
        }
      } else {
        edgesApart = floatProducts;
        if (edgesApart) {
          Arrays.fill(edgeGrad, 0, rows * cols, 0);
        }
        if (!addEdgeProjectors(terms, w, rows, cols, r, top, bottom, tau, exponent,
            edgesApart)) {
          edgesApart = false;
          fullEigen = SymmetricEigen.decomposeValid(gram, 0, r, true, tri);
          slopeFromVectors(fullEigen, terms, r, top, bottom, false);
        }
      }
    }

    // dR/dW = 2 W S or 2 S W
    if (floatProducts && !full && (edgesApart || allTied)) {
      int n2 = r * r;
      for (int i = 0; i < n2; i++) {
        fa[i] = (float) slope[i];
      }
      if (tall) {
        Gemm.sgemm(false, false, rows, cols, cols, 2, wFloat, fa, 0, gradFloat);
      } else {
        Gemm.sgemm(false, false, rows, cols, rows, 2, fa, wFloat, 0, gradFloat);
      }
      if (edgesApart) {
        int size = rows * cols;
        for (int i = 0; i < size; i++) {
          gradFloat[i] = (float) (gradFloat[i] + edgeGrad[i]);
        }
      }
      floatGradient = true;
    } else if (tall) {
      Gemm.dgemm(false, false, rows, cols, cols, 2, w, slope, 0, grad);
    } else {
      Gemm.dgemm(false, false, rows, cols, rows, 2, slope, w, 0, grad);
    }
    return terms.value;
  }

  /**
   * {@code out = a b} for two polynomials {@code a}, {@code b} in {@code Hhat} ({@code r x r},
   * so the product is symmetric), as {@link #products} and {@link #floatProducts} ask.
   */
  private void multiplyCommuting(double[] a, double[] b, int r, double[] out) {
    if (products == Products.REFERENCE) {
      Gemm.dgemm(false, false, r, r, r, 1, a, b, 0, out);
    } else if (!floatProducts) {
      SymmetricProducts.multiply(a, b, r, out);
    } else {
      int n2 = r * r;
      for (int i = 0; i < n2; i++) {
        fa[i] = (float) a[i];
      }
      float[] right = fa;
      if (b != a) {
        for (int i = 0; i < n2; i++) {
          fb[i] = (float) b[i];
        }
        right = fb;
      }
      SymmetricProducts.multiply(fa, right, r, fc);
      for (int i = 0; i < n2; i++) {
        out[i] = fc[i];
      }
    }
  }

  /** Values-only eigen-decomposition of {@link #gram}; returns the scaling exponent. */
  private int sortedEigenvalues(int r) {
    double big = lowerTriangleMax(r);
    if (big == 0) {
      Arrays.fill(eigen, 0, r, 0);
      Arrays.fill(sortedScaled, 0, r, 0);
      return 0;
    }
    int exponent = reduceGram(r, big);
    eigenvaluesOfReduced(r, exponent);
    return exponent;
  }

  /** All eigenvalues of the tridiagonal in {@link #tri}, scaled by {@code 2^-exponent}. */
  private void eigenvaluesOfReduced(int r, int exponent) {
    double[] dd = Arrays.copyOf(tri.diagonal(), r);
    double[] ee = Arrays.copyOf(tri.offDiagonal(), r);
    Tridiagonal.qrIterate(dd, ee, r, null, 0);
    Arrays.sort(dd);
    for (int i = 0; i < r; i++) {
      sortedScaled[i] = dd[r - 1 - i];
      eigen[i] = Math.scalb(sortedScaled[i], exponent);
    }
  }

  /**
   * Loads {@link #gram} scaled by a power of two (its largest lower-triangle entry
   * {@code big}, not zero, into {@code [1, 2)}) into {@link #tri} and reduces it to
   * tridiagonal form; returns the exponent.
   */
  private int reduceGram(int r, double big) {
    int exponent = Math.getExponent(big);
    tri.load(gram, 0, r, Math.scalb(1.0, -exponent));
    tri.reduce();
    return exponent;
  }

  /** The largest absolute entry of the lower triangle of {@link #gram}. */
  private double lowerTriangleMax(int r) {
    double big = 0;
    for (int i = 0; i < r; i++) {
      big = Math.max(big, Vectors.maxAbs(gram, i * r, i * r + i + 1));
    }
    return big;
  }

  /** {@code slope = f(Hhat)/d} by Paterson-Stockmeyer on the monomial coefficients. */
  private void slopeFromPolynomial(SpectralTerms terms, int r) {
    // Limitation: the monomial basis loses digits to cancellation for large K (the
    // coefficients of U_{K-1} grow like 2^K): about 1e-9 relative at K = 20, exact enough for
    // the published K = 5.
    double[] coef = terms.slopePolynomial;
    int degree = coef.length - 1;
    while (degree > 0 && coef[degree] == 0) {
      degree--;
    }
    int n2 = r * r;

    // Hhat = (H - c I) / d
    double[] hhat = powers[1];
    double invD = 1 / terms.d;
    for (int i = 0; i < n2; i++) {
      hhat[i] = gram[i] * invD;
    }
    for (int i = 0; i < r; i++) {
      hhat[i * r + i] -= terms.c * invD;
    }
    if (degree == 0) {
      Arrays.fill(slope, 0, n2, 0);
      addIdentity(slope, r, coef[0]);
      return;
    }

    // baby steps Hhat^1..Hhat^s, s chosen to minimize the number of products
    int s = bestBabyStep(degree);
    ensurePowers(s, n2);
    for (int j = 2; j <= s; j++) {
      multiplyCommuting(powers[j - 1], powers[1], r, powers[j]);
    }

    // giant steps: acc = B_top; acc = acc Hhat^s + B_q
    int top = degree / s;
    boolean accScalar = degree == top * s;
    double scalar = coef[top * s];
    if (!accScalar) {
      block(coef, top, s, degree, r, acc);
    }
    for (int q = top - 1; q >= 0; q--) {
      if (accScalar) {
        block(coef, q, s, degree, r, acc);
        Vectors.axpy(scalar, powers[s], acc, 0, n2);
        accScalar = false;
      } else {
        multiplyCommuting(acc, powers[s], r, tmp);
        block(coef, q, s, degree, r, acc);
        Vectors.axpy(1, tmp, acc, 0, n2);
      }
    }
    System.arraycopy(acc, 0, slope, 0, n2);
  }

  /** {@code out = sum_{i=0..s-1} coef[q s + i] Hhat^i} (only terms of degree <= deg). */
  private void block(double[] coef, int q, int s, int degree, int r, double[] out) {
    int n2 = r * r;
    Arrays.fill(out, 0, n2, 0);
    addIdentity(out, r, coef[q * s]);
    for (int i = 1; i < s && q * s + i <= degree; i++) {
      Vectors.axpy(coef[q * s + i], powers[i], out, 0, n2);
    }
  }

  private static void addIdentity(double[] m, int r, double value) {
    for (int i = 0; i < r; i++) {
      m[i * r + i] += value;
    }
  }

  /** Baby-step size minimizing {@code (s - 1) + giant products} for the given degree. */
  static int bestBabyStep(int degree) {
    int best = 1;
    int bestCost = Integer.MAX_VALUE;
    for (int s = 1; s <= degree; s++) {
      int top = degree / s;
      int giant = degree == top * s ? top - 1 : top;
      int cost = (s - 1) + giant;
      if (cost < bestCost) {
        bestCost = cost;
        best = s;
      }
    }
    return best;
  }

  /**
   * Adds {@code g_max P_max + g_min P_min} to {@link #slope}, with the cluster vectors from
   * inverse iteration, or with {@code apart} their part {@code 2 g W P} or {@code 2 g P W} of
   * the gradient to {@link #edgeGrad}, in double; returns false when inverse iteration did not
   * converge.
   */
  private boolean addEdgeProjectors(SpectralTerms terms, double[] w, int rows, int cols, int r,
      int top, int bottom, double tau, int exponent, boolean apart) {
    double tolScaled = 2 * Math.scalb(tau, -exponent) + TIE_FACTOR * r * Tridiagonal.EPS;
    if (!clusterVectors(0, top, r, tolScaled)) {
      return false;
    }
    addProjector(terms.gMax / top, top, r, w, rows, cols, apart);
    if (bottom > 0) {
      if (!clusterVectors(r - bottom, bottom, r, tolScaled)) {
        return false;
      }
      addProjector(terms.gMin / bottom, bottom, r, w, rows, cols, apart);
    }
    return true;
  }

  private boolean clusterVectors(int first, int count, int r, double tolScaled) {
    for (int j = 0; j < count; j++) {
      double[] y = edgeVectors[j];
      if (!tri.inverseIteration(sortedScaled[first + j], y, edgeVectors, j, tolScaled,
          first + j)) {
        return false;
      }
    }
    for (int j = 0; j < count; j++) {
      tri.applyQ(edgeVectors[j]);
    }
    return true;
  }

  private void addProjector(double weight, int count, int r, double[] w, int rows, int cols,
      boolean apart) {
    for (int j = 0; j < count; j++) {
      double[] y = edgeVectors[j];
      if (!apart) {
        for (int i = 0; i < r; i++) {
          int row = i * r;
          double scaled = weight * y[i];
          for (int k = 0; k < r; k++) {
            slope[row + k] += scaled * y[k];
          }
        }
      } else if (cols <= rows) {
        // 2 g (W y) y^T
        for (int i = 0; i < rows; i++) {
          edgeImage[i] = 2 * weight * Vectors.dot(w, i * cols, y, 0, cols);
        }
        for (int i = 0; i < rows; i++) {
          Vectors.axpy(edgeImage[i], y, 0, edgeGrad, i * cols, cols);
        }
      } else {
        // 2 g y (y^T W)
        Arrays.fill(edgeImage, 0, cols, 0);
        for (int i = 0; i < rows; i++) {
          Vectors.axpy(y[i], w, i * cols, edgeImage, 0, cols);
        }
        for (int i = 0; i < rows; i++) {
          Vectors.axpy(2 * weight * y[i], edgeImage, 0, edgeGrad, i * cols, cols);
        }
      }
    }
  }

  /** {@code slope = V diag(phi) V^T} from a full eigen-decomposition. */
  private void slopeFromVectors(SymmetricEigen e, SpectralTerms terms, int r, int top,
      int bottom, boolean allTied) {
    double[][] rows = e.vectorRows();
    double[] values = e.eigenvalues();
    double[] vt = acc;
    double[] scaled = tmp;
    for (int i = 0; i < r; i++) {
      double phi = terms.slope(values[i]);
      if (allTied) {
        phi += (terms.gMax + terms.gMin) / r;
      } else {
        if (i < top) {
          phi += terms.gMax / top;
        }
        if (i >= r - bottom) {
          phi += terms.gMin / bottom;
        }
      }
      double[] v = rows[i];
      for (int k = 0; k < r; k++) {
        vt[i * r + k] = v[k];
        scaled[i * r + k] = phi * v[k];
      }
    }
    Gemm.dgemm(true, false, r, r, r, 1, vt, scaled, 0, slope);
  }

  // ---------------------------------------------------------------------------------------

  private void ensure(int r, int size) {
    int n2 = r * r;
    if (gram.length < n2) {
      gram = new double[n2];
      slope = new double[n2];
      acc = new double[n2];
      tmp = new double[n2];
      powers = new double[2][];
      powers[1] = new double[n2];
    }
    if (eigen.length < r) {
      eigen = new double[r];
      sortedScaled = new double[r];
      edgeVectors = new double[MAX_FAST_CLUSTER][r];
    }
    if (grad.length < size) {
      grad = new double[size];
    }
    if (products == Products.FAST) {
      if (fa.length < n2) {
        fa = new float[n2];
        fb = new float[n2];
        fc = new float[n2];
      }
      if (gradFloat.length < size) {
        gradFloat = new float[size];
        edgeGrad = new double[size];
      }
      if (edgeImage.length < Math.max(r, size / r)) {
        edgeImage = new double[Math.max(r, size / r)];
      }
    }
  }

  private void ensurePowers(int s, int n2) {
    if (powers.length <= s) {
      powers = Arrays.copyOf(powers, s + 1);
    }
    for (int j = 2; j <= s; j++) {
      if (powers[j] == null || powers[j].length < n2) {
        powers[j] = new double[n2];
      }
    }
  }

  /** {@code w} widened into the reused workspace, which may be longer than {@code w}. */
  private double[] widen(float[] w) {
    if (wd.length < w.length) {
      wd = new double[w.length];
    }
    for (int i = 0; i < w.length; i++) {
      wd[i] = w[i];
    }
    return wd;
  }

  private static void checkDims(int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "W must have at least one row and one column, got " + rows + "x" + cols);
    }
  }

  private static void checkDouble(double[] w, int rows, int cols) {
    if (w == null) {
      throw new IllegalArgumentException("weight matrix w must not be null");
    }
    checkDims(rows, cols);
    Checks.shape("weight matrix w", w.length, rows, cols);
    Checks.finite("weight matrix w", w, cols);
    checkMagnitude(Vectors.maxAbs(w, 0, w.length), w, cols);
  }

  private static void checkFloat(float[] w, int rows, int cols) {
    if (w == null) {
      throw new IllegalArgumentException("weight matrix w must not be null");
    }
    checkDims(rows, cols);
    Checks.shape("weight matrix w", w.length, rows, cols);
    Checks.finite("weight matrix w", w, cols);
  }

  private static void checkMagnitude(double big, double[] w, int cols) {
    if (big <= MAX_ENTRY) {
      return;
    }
    for (int i = 0; i < w.length; i++) {
      if (Math.abs(w[i]) > MAX_ENTRY) {
        throw new IllegalArgumentException("weight matrix w entry (row " + i / cols
            + ", column " + i % cols + ") is " + w[i] + ", beyond the supported magnitude "
            + MAX_ENTRY);
      }
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
