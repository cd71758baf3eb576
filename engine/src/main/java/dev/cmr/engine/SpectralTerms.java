package dev.cmr.engine;

/**
 * CMR's edge and moment terms of one layer from the eigenvalues of its Gram matrix, with the
 * derivatives the gradient needs (CMR.md, sections 3 and 4).
 *
 * <p>Input: the {@code r} eigenvalues of the smaller Gram {@code H} (descending) and the
 * number {@code p = max(0, in - out)} of extra zero eigenvalues of {@code G = W^T W}.
 * Eigenvalues are clamped at 0. With {@code x_i = (lambda_i - c) / d} and
 * {@code x_0 = -c / d} for the zero eigenvalues:
 *
 * <pre>
 *   S_k = sum_i T_k(x_i) + p T_k(x_0),   m_k = S_k / in,   a_k = dR/dS_k = 2 alpha_2 w_k m_k / in
 *   f(x) = sum_{k=3..K} a_k T_k'(x) = sum_k a_k k U_{k-1}(x)
 *   dR/dlambda_i (c, d fixed) = f(x_i) / d
 *   dR/dc = -(sum_i f(x_i) + p f(x_0)) / d,   dR/dd = -(sum_i f(x_i) x_i + p f(x_0) x_0) / d
 * </pre>
 *
 * The chain through {@code c} and {@code d} lands on the edge eigenvalues
 * ({@code dc/dlambda_max = dc/dlambda_min = 1/2}, {@code dd/dlambda_max = -dd/dlambda_min = 1/2}
 * unless {@code d} sits on its floor {@code eps}), together with the edge term's
 * {@code 1/(2 (lambda_max + 1e-30))} and {@code -1/(2 (lambda_min + eps))}. When
 * {@code p > 0}, {@code lambda_min = 0} is constant and only the top edge receives a share.
 * The moments and the slope {@code f} are evaluated by {@link Chebyshev}.
 */
final class SpectralTerms {
  /** The floor inside the logarithm of {@code lambda_max} in the edge term. */
  static final double LOG_FLOOR = 1e-30;

  final double lambdaMax;
  final double lambdaMin;
  final double c;
  final double d;
  final boolean halfWidthFloored;
  final double edge;
  final double[] moments;
  final double penalty;
  final double value;

  /** Monomial coefficients (in {@code x}) of {@code f(x) / d}, degree {@code K - 1}. */
  final double[] slopePolynomial;

  /** Total derivative of {@code R} with respect to {@code lambda_max}, edge share included. */
  final double gMax;

  /** Total derivative of {@code R} with respect to {@code lambda_min}; 0 when {@code p > 0}. */
  final double gMin;

  private final double[] slopeU;

  private SpectralTerms(double lambdaMax, double lambdaMin, double c, double d,
      boolean halfWidthFloored, double edge, double[] moments, double penalty, double value,
      double[] slopeU, double[] slopePolynomial, double gMax, double gMin) {
    this.lambdaMax = lambdaMax;
    this.lambdaMin = lambdaMin;
    this.c = c;
    this.d = d;
    this.halfWidthFloored = halfWidthFloored;
    this.edge = edge;
    this.moments = moments;
    this.penalty = penalty;
    this.value = value;
    this.slopeU = slopeU;
    this.slopePolynomial = slopePolynomial;
    this.gMax = gMax;
    this.gMin = gMin;
  }

  /**
   * Evaluates the terms of the regularizer {@code alpha_1 C + alpha_2 M}.
   *
   * @param lambda eigenvalues of the smaller Gram, descending, at least one
   * @param r number of them
   * @param p extra zero eigenvalues of {@code W^T W}
   * @param in columns of {@code W} ({@code r + p})
   */
  static SpectralTerms evaluate(double[] lambda, int r, int p, int in, CmrConfig config) {
    return build(lambda, r, p, in, config, -1, false);
  }

  /**
   * {@link #evaluate} from the edges and the traces of a tridiagonal matrix similar to the
   * Gram matrix instead of all its eigenvalues: {@code dd}, {@code ee} hold {@code T} scaled by
   * {@code 2^-exponent}, and {@code maxScaled}, {@code minScaled} its extreme eigenvalues. The
   * sums over the eigenvalues become {@code tr T_k(X)} ({@link TridiagonalSpectrum}); they
   * differ from the eigenvalue sums only by rounding, and by not clamping the eigenvalues that
   * rounding left slightly negative, except the smallest.
   */
  static SpectralTerms evaluateTridiagonal(double[] dd, double[] ee, int r, int exponent,
      double maxScaled, double minScaled, int p, int in, CmrConfig config) {
    double scale = Math.scalb(1.0, exponent);
    double lambdaMax = Math.max(maxScaled * scale, 0);
    double lambdaMin = Math.max(minScaled * scale, 0);
    int order = config.maxOrder();
    double[] traces = new double[order + 1];
    int half = (order + 1) / 2;
    double[] work = new double[(half + 1) * (2 * half + 1)];
    Sums sums = (c, d) -> {
      TridiagonalSpectrum.chebyshevTraces(dd, ee, r, c / scale, d / scale, order, traces, work);
      return traces;
    };
    return build(lambdaMax, lambdaMin, sums, null, r, p, in, config, -1, false);
  }

  /** Sums over the {@code r} eigenvalues {@code x_i = (lambda_i - c) / d}. */
  @FunctionalInterface
  private interface Sums {
    /** {@code sum_i T_k(x_i)} for {@code k = 0..K}. */
    double[] chebyshev(double c, double d);
  }

  /**
   * Evaluates a single moment {@code m_order} as the value, with the derivatives of that moment
   * alone: {@code a_order = 1/in} and no edge term. With {@code holdNormalization} the chain
   * through {@code c} and {@code d} is dropped ({@code gMax = gMin = 0}).
   */
  static SpectralTerms evaluateMoment(double[] lambda, int r, int p, int in, CmrConfig config,
      int order, boolean holdNormalization) {
    return build(lambda, r, p, in, config, order, holdNormalization);
  }

  /** The regularizer when {@code single < 0}, else moment {@code single}. */
  private static SpectralTerms build(double[] lambda, int r, int p, int in, CmrConfig config,
      int single, boolean holdNormalization) {
    return build(Math.max(lambda[0], 0), Math.max(lambda[r - 1], 0), null, lambda, r, p, in,
        config, single, holdNormalization);
  }

  /** Either {@code sums} or {@code lambda} (all eigenvalues, descending) supplies the sums. */
  private static SpectralTerms build(double lambdaMax, double lambdaMinRaw, Sums sums,
      double[] lambda, int r, int p, int in, CmrConfig config, int single,
      boolean holdNormalization) {
    int order = single < 0 ? config.maxOrder() : single;
    double eps = config.eps();

    // edges and the affine map onto [-1, 1]
    double lambdaMin = p > 0 ? 0 : lambdaMinRaw;
    double edge = 0.5 * (Math.log(lambdaMax + LOG_FLOOR) - Math.log(lambdaMin + eps));
    double c = 0.5 * (lambdaMax + lambdaMin);
    double half = 0.5 * (lambdaMax - lambdaMin);
    boolean floored = !(half > eps);
    double d = floored ? eps : half;

    // moments by the three-term recurrence, zero eigenvalues in closed form
    double[] moments = new double[order + 1];
    double[] traces = null;
    if (lambda != null) {
      Chebyshev.momentsValid(lambda, r, p, c, d, order, moments);
    } else {
      traces = sums.chebyshev(c, d);
      double[] t = new double[order + 1];
      if (p > 0) {
        Chebyshev.firstKindValid(-c / d, order, t);
      }
      for (int k = 0; k <= order; k++) {
        moments[k] = (traces[k] + p * t[k]) / (r + (double) p);
      }
    }

    // a_k = dR/dS_k and the slope f(x) = sum_k a_k k U_{k-1}(x), as U coefficients
    double[] slopeU = new double[Math.max(order, 1)];
    double penalty = 0;
    double edgeWeight;
    double value;
    if (single < 0) {
      for (int k = 3; k <= order; k++) {
        double weight = Math.exp(config.beta() * (k - 3));
        penalty += weight * moments[k] * moments[k];
        double ak = 2 * config.alphaMoment() * weight * moments[k] / in;
        slopeU[k - 1] = ak * k;
      }
      edgeWeight = config.alphaEdge();
      value = edgeWeight * edge + config.alphaMoment() * penalty;
    } else {
      if (order >= 1) {
        slopeU[order - 1] = order / (double) in;
      }
      edgeWeight = 0;
      value = moments[order];
    }

    // chain through c and d
    double gMax = 0;
    double gMin = 0;
    if (!holdNormalization) {
      double f0 = 0;
      double f1 = 0;
      if (lambda != null) {
        for (int i = 0; i < r; i++) {
          double x = (Math.max(lambda[i], 0) - c) / d;
          double fx = Chebyshev.secondKindSeriesValid(slopeU, x);
          f0 += fx;
          f1 += fx * x;
        }
      } else {
        // tr U_j(X) = 2 sum_{m <= j, m = j mod 2} tr T_m - [j even] r, and x U_j = (U_{j+1}
        // + U_{j-1}) / 2
        double[] traceU = new double[order + 1];
        for (int j = 0; j <= order; j++) {
          double sum = 0;
          for (int m = j; m >= 0; m -= 2) {
            sum += traces[m];
          }
          traceU[j] = 2 * sum - (j % 2 == 0 ? r : 0);
        }
        for (int j = 0; j < slopeU.length; j++) {
          f0 += slopeU[j] * traceU[j];
          f1 += slopeU[j] * 0.5 * (traceU[j + 1] + (j > 0 ? traceU[j - 1] : 0));
        }
      }
      double x0 = -c / d;
      if (p > 0) {
        double fx = Chebyshev.secondKindSeriesValid(slopeU, x0);
        f0 += p * fx;
        f1 += p * fx * x0;
      }
      double dRdc = -f0 / d;
      double dRdd = floored ? 0 : -f1 / d;
      gMax = edgeWeight * 0.5 / (lambdaMax + LOG_FLOOR) + 0.5 * dRdc + 0.5 * dRdd;
      gMin = p > 0 ? 0 : -edgeWeight * 0.5 / (lambdaMin + eps) + 0.5 * dRdc - 0.5 * dRdd;
    }

    // f(x) / d in the monomial basis, for the matrix polynomial
    double[] mono = monomialFromU(slopeU);
    Vectors.scale(1 / d, mono, 0, mono.length);
    return new SpectralTerms(lambdaMax, lambdaMin, c, d, floored, edge, moments, penalty, value,
        slopeU, mono, gMax, gMin);
  }

  /** {@code dR/dlambda} at {@code c, d} fixed: {@code f(x) / d} with {@code x = (lambda-c)/d}. */
  double slope(double lambda) {
    return Chebyshev.secondKindSeriesValid(slopeU, (Math.max(lambda, 0) - c) / d) / d;
  }

  /** Monomial coefficients of {@code sum_j coef[j] U_j(x)}. */
  static double[] monomialFromU(double[] coef) {
    int n = coef.length;
    double[] out = new double[n];
    double[] previous = new double[n + 1];
    double[] current = new double[n + 1];
    previous[0] = 1;
    if (n > 1) {
      current[1] = 2;
    }
    for (int j = 0; j < n; j++) {
      double[] uj = j == 0 ? previous : current;
      for (int i = 0; i <= j; i++) {
        out[i] += coef[j] * uj[i];
      }
      if (j >= 1 && j + 1 < n) {
        // U_{j+1} = 2 x U_j - U_{j-1}
        double[] next = new double[n + 1];
        for (int i = 0; i <= j; i++) {
          next[i + 1] += 2 * current[i];
        }
        for (int i = 0; i < j; i++) {
          next[i] -= previous[i];
        }
        previous = current;
        current = next;
      }
    }
    return out;
  }
}
