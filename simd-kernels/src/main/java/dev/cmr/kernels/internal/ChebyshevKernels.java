package dev.cmr.kernels.internal;

import dev.cmr.kernels.ChebyshevRecurrence;

/**
 * The Chebyshev kernel family: the polynomials of the first and second kind on arrays of
 * points, Clenshaw sums, and the three-term step of the matrix recurrence.
 *
 * <p>Definitions (Mason and Handscomb, <i>Chebyshev Polynomials</i>, 2003, section 1.2):
 * {@code T_0 = 1, T_1 = x, T_{k+1} = 2 x T_k - T_{k-1}} and
 * {@code U_0 = 1, U_1 = 2x, U_{k+1} = 2 x U_k - U_{k-1}}; on {@code [-1, 1]},
 * {@code T_k(cos t) = cos(k t)} and {@code U_k(cos t) = sin((k+1) t) / sin t}.
 * Basis tables have {@code degree + 1} rows of {@code n} points, row-major with row stride
 * {@code ldOut}: {@code out[outOffset + k * ldOut + i] = T_k(x_i)}.
 *
 * <p>Implementations assume arguments were validated by {@link ChebyshevRecurrence}; stateless
 * and thread-safe.
 */
public interface ChebyshevKernels {

  /** Writes {@code T_0(x_i) .. T_degree(x_i)} for the {@code n} points at {@code xOffset}. */
  void basisT(double[] x, int xOffset, int n, int degree, double[] out, int outOffset,
      int ldOut);

  /** Single precision twin of {@link #basisT(double[], int, int, int, double[], int, int)}. */
  void basisT(float[] x, int xOffset, int n, int degree, float[] out, int outOffset,
      int ldOut);

  /** Writes {@code U_0(x_i) .. U_degree(x_i)} for the {@code n} points at {@code xOffset}. */
  void basisU(double[] x, int xOffset, int n, int degree, double[] out, int outOffset,
      int ldOut);

  /**
   * Clenshaw's sum {@code out_i = sum_{k=0..degree} c_k T_k(x_i)}, with
   * {@code b_k = c_k + 2 x b_{k+1} - b_{k+2}} and {@code out = c_0 + x b_1 - b_2}
   * (backward-stable; Mason and Handscomb, section 2.4.1).
   */
  void clenshaw(double[] coef, int coefOffset, int degree, double[] x, int xOffset,
      double[] out, int outOffset, int n);

  /**
   * The three-term combination {@code next_i = alpha * at_i + beta * t_i + gamma * prev_i}
   * for {@code i < n}. With {@code at = A t_k}, {@code t = t_k}, {@code prev = t_{k-1}},
   * {@code alpha = 2/d}, {@code beta = -2c/d}, {@code gamma = -1} it is one step of the
   * recurrence for the normalized operator {@code (A - c I) / d}. {@code next} may be the
   * same range as {@code at} or {@code prev} (each element is read before it is written).
   */
  void step(double alpha, double[] at, int atOffset, double beta, double[] t, int tOffset,
      double gamma, double[] prev, int prevOffset, double[] next, int nextOffset, int n);
}
