package dev.cmr.engine;

/**
 * Chebyshev polynomials of the first and second kind by their three-term recurrences, and the
 * spectral moments of CMR.md section 4 built on them. The regularizer evaluates its moments and
 * their derivatives with exactly these routines.
 *
 * <pre>
 *   T_0 = 1,  T_1 = x,   T_{k+1} = 2 x T_k - T_{k-1}     T_k(cos t) = cos(k t)
 *   U_0 = 1,  U_1 = 2x,  U_{k+1} = 2 x U_k - U_{k-1}     U_k(cos t) = sin((k+1) t) / sin t
 *   T_k' = k U_{k-1}                                      (never a difference quotient)
 * </pre>
 *
 * Sums {@code sum_j a_j U_j(x)} use Clenshaw's backward recurrence (C. W. Clenshaw, "A note on
 * the summation of Chebyshev series", Math. Tables Aids Comput. 9 (1955), 118-120). Definitions
 * and identities: M. Abramowitz and I. A. Stegun, <i>Handbook of Mathematical Functions</i>
 * (1964), sections 22.3 (explicit forms), 22.7 (recurrences) and 22.8 (derivatives). On
 * {@code [-1, 1]} the recurrences are stable: the absolute error of {@code T_k} grows at most
 * like {@code k^2 eps}.
 */
public final class Chebyshev {
  private Chebyshev() {}

  /**
   * Writes {@code T_k(x)} into {@code out[k]} for {@code k = 0..maxOrder}; entries beyond are
   * not modified. Pure function of its arguments; thread-safe for distinct {@code out}.
   *
   * @param x the point, finite (any real; the recurrence is stable on {@code [-1, 1]})
   * @param maxOrder highest order {@code K}, {@code >= 0}
   * @param out receives the {@code K + 1} values in {@code out[0..K]}
   * @throws IllegalArgumentException if {@code x} is not finite, {@code maxOrder < 0}, or
   *     {@code out} is null or shorter than {@code maxOrder + 1}
   */
  public static void firstKind(double x, int maxOrder, double[] out) {
    check(x, maxOrder, out);
    firstKindValid(x, maxOrder, out);
  }

  /**
   * Writes {@code U_k(x)} into {@code out[k]} for {@code k = 0..maxOrder}; entries beyond are
   * not modified.
   *
   * @param x the point, finite (any real; the recurrence is stable on {@code [-1, 1]})
   * @param maxOrder highest order {@code K}, {@code >= 0}
   * @param out receives the {@code K + 1} values in {@code out[0..K]}
   * @throws IllegalArgumentException as for {@link #firstKind}
   */
  public static void secondKind(double x, int maxOrder, double[] out) {
    check(x, maxOrder, out);
    out[0] = 1;
    if (maxOrder == 0) {
      return;
    }
    double previous = 1;
    double current = 2 * x;
    out[1] = current;
    for (int k = 2; k <= maxOrder; k++) {
      double next = 2 * x * current - previous;
      out[k] = next;
      previous = current;
      current = next;
    }
  }

  /**
   * Writes {@code T_k'(x) = k U_{k-1}(x)} into {@code out[k]} for {@code k = 0..maxOrder}
   * ({@code out[0] = 0}); entries beyond are not modified. Markov's inequality bounds these by
   * {@code k^2} on {@code [-1, 1]}, with equality at {@code x = +-1}.
   *
   * @param x the point, finite (any real; the recurrence is stable on {@code [-1, 1]})
   * @param maxOrder highest order {@code K}, {@code >= 0}
   * @param out receives the {@code K + 1} values in {@code out[0..K]}
   * @throws IllegalArgumentException as for {@link #firstKind}
   */
  public static void firstKindDerivative(double x, int maxOrder, double[] out) {
    check(x, maxOrder, out);
    out[0] = 0;
    double previous = 0;
    double current = 1;
    for (int k = 1; k <= maxOrder; k++) {
      // current = U_{k-1}(x)
      out[k] = k * current;
      double next = 2 * x * current - previous;
      previous = current;
      current = next;
    }
  }

  /**
   * {@code sum_{j=0..n-1} coef[j] U_j(x)} by Clenshaw's recurrence
   * {@code b_j = coef[j] + 2 x b_{j+1} - b_{j+2}}, result {@code b_0}; 0 for an empty array.
   * {@code coef} is not modified.
   *
   * @param coef coefficients {@code a_0 .. a_{n-1}}; not modified
   * @param x the point, finite
   * @return the series value {@code sum_j coef[j] U_j(x)}
   * @throws IllegalArgumentException if {@code coef} is null or {@code x} is not finite
   */
  public static double secondKindSeries(double[] coef, double x) {
    if (coef == null) {
      throw new IllegalArgumentException("coefficients coef must not be null");
    }
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("x must be finite, got " + x);
    }
    return secondKindSeriesValid(coef, x);
  }

  /**
   * Chebyshev moments of a spectrum under the affine map {@code x = (lambda - c) / d}:
   * <pre>
   *   out[k] = ( sum_{i &lt; count} T_k((max(lambda_i, 0) - c) / d) + zeros * T_k(-c / d) )
   *            / (count + zeros),        k = 0..maxOrder
   * </pre>
   * With the eigenvalues of {@code G = W^T W} (negative rounding clamped to 0), {@code zeros}
   * the extra zero eigenvalues, {@code c = (lambda_max + lambda_min) / 2} and
   * {@code d = max((lambda_max - lambda_min) / 2, eps)}, these are CMR's {@code m_k(W)} =
   * {@code tr T_k(Ghat) / in}. {@code lambda} is not modified; entries of {@code out} beyond
   * {@code maxOrder} are not modified.
   *
   * @param lambda eigenvalues of {@code G}; the first {@code count} are used, not modified
   * @param count number of eigenvalues read from {@code lambda}, {@code >= 0}
   * @param zeros number of additional exact-zero eigenvalues, {@code >= 0}
   * @param c centre of the affine map, finite
   * @param d half-width of the affine map, finite and {@code > 0}
   * @param maxOrder highest order {@code K}, {@code >= 0}
   * @param out receives the moments in {@code out[0..K]} ({@code out[0] = 1})
   * @throws IllegalArgumentException if {@code lambda} or {@code out} is null or too short,
   *     {@code count} or {@code zeros} is negative or both are 0, {@code maxOrder < 0}, an
   *     eigenvalue or {@code c} is not finite, or {@code d} is not positive and finite
   */
  public static void moments(double[] lambda, int count, int zeros, double c, double d,
      int maxOrder, double[] out) {
    if (lambda == null) {
      throw new IllegalArgumentException("eigenvalues lambda must not be null");
    }
    if (count < 0 || zeros < 0 || count + zeros == 0) {
      throw new IllegalArgumentException("count and zeros must be >= 0 with a positive sum, got "
          + count + " and " + zeros);
    }
    if (lambda.length < count) {
      throw new IllegalArgumentException("lambda has length " + lambda.length
          + ", fewer than count = " + count);
    }
    for (int i = 0; i < count; i++) {
      if (!Double.isFinite(lambda[i])) {
        throw new IllegalArgumentException(
            "eigenvalue lambda[" + i + "] must be finite, got " + lambda[i]);
      }
    }
    if (!Double.isFinite(c)) {
      throw new IllegalArgumentException("centre c must be finite, got " + c);
    }
    if (!(d > 0) || !Double.isFinite(d)) {
      throw new IllegalArgumentException("half-width d must be positive and finite, got " + d);
    }
    check(0, maxOrder, out);
    momentsValid(lambda, count, zeros, c, d, maxOrder, out);
  }

  // ---------------------------------------------------------------------------------------

  /** {@link #firstKind} without checks. */
  static void firstKindValid(double x, int maxOrder, double[] out) {
    out[0] = 1;
    if (maxOrder == 0) {
      return;
    }
    double previous = 1;
    double current = x;
    out[1] = x;
    for (int k = 2; k <= maxOrder; k++) {
      double next = 2 * x * current - previous;
      out[k] = next;
      previous = current;
      current = next;
    }
  }

  /** {@link #secondKindSeries} without checks. */
  static double secondKindSeriesValid(double[] coef, double x) {
    double b1 = 0;
    double b2 = 0;
    for (int j = coef.length - 1; j >= 0; j--) {
      double b0 = coef[j] + 2 * x * b1 - b2;
      b2 = b1;
      b1 = b0;
    }
    return b1;
  }

  /** {@link #moments} without checks; the {@code T_k} come from {@link #firstKindValid}. */
  static void momentsValid(double[] lambda, int count, int zeros, double c, double d,
      int maxOrder, double[] out) {
    double[] sums = new double[maxOrder + 1];
    double[] t = new double[maxOrder + 1];
    for (int i = 0; i < count; i++) {
      firstKindValid((Math.max(lambda[i], 0) - c) / d, maxOrder, t);
      for (int k = 0; k <= maxOrder; k++) {
        sums[k] += t[k];
      }
    }
    if (zeros > 0) {
      firstKindValid(-c / d, maxOrder, t);
      for (int k = 0; k <= maxOrder; k++) {
        sums[k] += zeros * t[k];
      }
    }
    double in = count + (double) zeros;
    for (int k = 0; k <= maxOrder; k++) {
      out[k] = sums[k] / in;
    }
  }

  private static void check(double x, int maxOrder, double[] out) {
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("x must be finite, got " + x);
    }
    if (maxOrder < 0) {
      throw new IllegalArgumentException("maxOrder must be >= 0, got " + maxOrder);
    }
    if (out == null) {
      throw new IllegalArgumentException("output array out must not be null");
    }
    if (out.length < maxOrder + 1) {
      throw new IllegalArgumentException("output array out needs maxOrder + 1 = "
          + (maxOrder + 1) + " entries, but its length is " + out.length);
    }
  }
}
