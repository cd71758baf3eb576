package dev.cmr.kernels;

import dev.cmr.kernels.internal.ChebyshevKernels;

/**
 * Chebyshev polynomials on arrays: basis tables {@code T_k(x_i)} and {@code U_k(x_i)}, Clenshaw
 * sums {@code sum_k c_k T_k(x_i)}, and the matrix recurrence
 * {@code t_{k+1} = 2 B t_k - t_{k-1}} for the normalized operator {@code B = (A - c I) / d}
 * applied to a block of probe vectors.
 *
 * <p>Definitions (Mason and Handscomb, <i>Chebyshev Polynomials</i>, 2003, section 1.2):
 * {@code T_0 = 1, T_1 = x, T_{k+1} = 2 x T_k - T_{k-1}}; {@code U} is the same recurrence from
 * {@code U_0 = 1, U_1 = 2x}. On {@code [-1, 1]}, {@code T_k(cos t) = cos(k t)} and
 * {@code U_k(cos t) = sin((k+1) t) / sin t}. Tables are {@code (degree + 1) x n}, row-major with
 * row stride {@code ldOut >= n}: row {@code k} holds the degree-{@code k} values.
 *
 * <p>Arguments are checked once here ({@link IllegalArgumentException} naming the values). The
 * point-wise kernels use the same operations in the same order on both paths, so vector and
 * scalar results are identical; the block recurrence multiplies through {@link Gemm}.
 */
public final class ChebyshevRecurrence {
  private ChebyshevRecurrence() {}

  private static ChebyshevKernels kernels() {
    return Kernels.provider().chebyshev();
  }

  /**
   * Writes the table {@code T_k(x_i)} to {@code out[outOffset + k * ldOut + i]} for
   * {@code k <= degree}, {@code i < n}. Any finite x is accepted (outside {@code [-1, 1]} the
   * values grow like {@code (2|x|)^k}); NaN propagates.
   *
   * @param x points; not modified
   * @param xOffset index of the first point in {@code x}
   * @param n number of points, {@code >= 0}
   * @param degree highest degree, {@code >= 0}
   * @param out table of {@code degree + 1} rows of {@code n} values, overwritten
   * @param outOffset index of the degree-0 value of the first point in {@code out}
   * @param ldOut row stride of {@code out}, {@code >= max(1, n)}
   * @throws IllegalArgumentException if {@code degree} or {@code n} is negative, a range does
   *     not fit in its array, or the table overlaps the points; nothing is written then
   */
  public static void basisT(double[] x, int xOffset, int n, int degree, double[] out,
      int outOffset, int ldOut) {
    checkTable(x, x.length, xOffset, n, degree, out, out.length, outOffset, ldOut);
    kernels().basisT(x, xOffset, n, degree, out, outOffset, ldOut);
  }

  /**
   * Single precision twin of the double {@code basisT}: writes {@code T_k(x_i)} to
   * {@code out[outOffset + k * ldOut + i]} for {@code k <= degree}, {@code i < n}.
   *
   * @param x points; not modified
   * @param xOffset index of the first point in {@code x}
   * @param n number of points, {@code >= 0}
   * @param degree highest degree, {@code >= 0}
   * @param out table of {@code degree + 1} rows of {@code n} values, overwritten
   * @param outOffset index of the degree-0 value of the first point in {@code out}
   * @param ldOut row stride of {@code out}, {@code >= max(1, n)}
   * @throws IllegalArgumentException if {@code degree} or {@code n} is negative, a range does
   *     not fit in its array, or the table overlaps the points; nothing is written then
   */
  public static void basisT(float[] x, int xOffset, int n, int degree, float[] out,
      int outOffset, int ldOut) {
    checkTable(x, x.length, xOffset, n, degree, out, out.length, outOffset, ldOut);
    kernels().basisT(x, xOffset, n, degree, out, outOffset, ldOut);
  }

  /**
   * Allocates and fills the table of {@code T_k(x_i)}, {@code k <= degree}.
   *
   * @param x points; not modified
   * @param degree highest degree, {@code >= 0}
   * @return a new row-major table of {@code degree + 1} rows of {@code x.length} values
   * @throws IllegalArgumentException if {@code degree < 0}
   * @throws ArithmeticException if the table would have more than {@code 2^31 - 1} elements
   */
  public static double[] basisT(double[] x, int degree) {
    Shapes.nonNegative("degree", degree);
    double[] out = new double[Math.multiplyExact(degree + 1, x.length)];
    kernels().basisT(x, 0, x.length, degree, out, 0, x.length);
    return out;
  }

  /**
   * Writes the table {@code U_k(x_i)} (second kind) to {@code out[outOffset + k * ldOut + i]}
   * for {@code k <= degree}, {@code i < n}; NaN propagates.
   *
   * @param x points; not modified
   * @param xOffset index of the first point in {@code x}
   * @param n number of points, {@code >= 0}
   * @param degree highest degree, {@code >= 0}
   * @param out table of {@code degree + 1} rows of {@code n} values, overwritten
   * @param outOffset index of the degree-0 value of the first point in {@code out}
   * @param ldOut row stride of {@code out}, {@code >= max(1, n)}
   * @throws IllegalArgumentException if {@code degree} or {@code n} is negative, a range does
   *     not fit in its array, or the table overlaps the points; nothing is written then
   */
  public static void basisU(double[] x, int xOffset, int n, int degree, double[] out,
      int outOffset, int ldOut) {
    checkTable(x, x.length, xOffset, n, degree, out, out.length, outOffset, ldOut);
    kernels().basisU(x, xOffset, n, degree, out, outOffset, ldOut);
  }

  /**
   * Allocates and fills the table of {@code U_k(x_i)} (second kind), {@code k <= degree}.
   *
   * @param x points; not modified
   * @param degree highest degree, {@code >= 0}
   * @return a new row-major table of {@code degree + 1} rows of {@code x.length} values
   * @throws IllegalArgumentException if {@code degree < 0}
   * @throws ArithmeticException if the table would have more than {@code 2^31 - 1} elements
   */
  public static double[] basisU(double[] x, int degree) {
    Shapes.nonNegative("degree", degree);
    double[] out = new double[Math.multiplyExact(degree + 1, x.length)];
    kernels().basisU(x, 0, x.length, degree, out, 0, x.length);
    return out;
  }

  /**
   * {@code out_i = sum_{k=0..degree} coef_k T_k(x_i)} by Clenshaw's backward recurrence;
   * {@code out} may be the same range as {@code x}. Stable for x in {@code [-1, 1]}.
   *
   * @param coef coefficients {@code c_0 .. c_degree}; not modified
   * @param coefOffset index of {@code c_0} in {@code coef}
   * @param degree highest degree, {@code >= 0}
   * @param x points ({@code n} elements); not modified unless it is also {@code out}
   * @param xOffset index of the first point
   * @param out the {@code n} sums, overwritten
   * @param outOffset index of the first sum in {@code out}
   * @param n number of points, {@code >= 0}
   * @throws IllegalArgumentException if {@code degree} or {@code n} is negative, a range is
   *     outside its array, or {@code out} partly overlaps {@code x} or overlaps {@code coef};
   *     nothing is written then
   */
  public static void clenshaw(double[] coef, int coefOffset, int degree, double[] x,
      int xOffset, double[] out, int outOffset, int n) {
    Shapes.nonNegative("degree", degree);
    Shapes.range("coef", coef.length, coefOffset, degree + 1);
    Shapes.range("x", x.length, xOffset, n);
    Shapes.range("out", out.length, outOffset, n);
    if (out != x || outOffset != xOffset) {
      Shapes.disjoint("out", out, outOffset, (long) outOffset + n, "x", x, xOffset,
          (long) xOffset + n);
    }
    Shapes.disjoint("out", out, outOffset, (long) outOffset + n, "coef", coef, coefOffset,
        (long) coefOffset + degree + 1);
    kernels().clenshaw(coef, coefOffset, degree, x, xOffset, out, outOffset, n);
  }

  /**
   * Evaluates {@code sum_k coef_k T_k(x_i)} (degree {@code coef.length - 1}) at every point by
   * Clenshaw's recurrence.
   *
   * @param coef coefficients {@code c_0 ..}, at least one; not modified
   * @param x points; not modified
   * @return a new array with one sum per point
   * @throws IllegalArgumentException if {@code coef} is empty
   */
  public static double[] clenshaw(double[] coef, double[] x) {
    if (coef.length == 0) {
      throw new IllegalArgumentException("coef must have at least 1 element, got 0");
    }
    double[] out = new double[x.length];
    kernels().clenshaw(coef, 0, coef.length - 1, x, 0, out, 0, x.length);
    return out;
  }

  /**
   * {@code next_i = alpha at_i + beta t_i + gamma prev_i}, {@code i < n}: one step of a
   * three-term recurrence whose matrix product {@code at = A t} the caller computed (for
   * {@code B = (A - c I)/d}: {@code alpha = 2/d, beta = -2c/d, gamma = -1}). {@code next} may
   * be the same range as {@code at} or {@code prev}, but must not overlap {@code t}.
   *
   * @param alpha coefficient of {@code at}
   * @param at the product {@code A t} ({@code n} elements); not modified unless it is
   *     {@code next}
   * @param atOffset index of the first element of {@code at}
   * @param beta coefficient of {@code t}
   * @param t the current term {@code t_k}; not modified
   * @param tOffset index of the first element of {@code t}
   * @param gamma coefficient of {@code prev}
   * @param prev the previous term {@code t_{k-1}}; not modified unless it is {@code next}
   * @param prevOffset index of the first element of {@code prev}
   * @param next the new term {@code t_{k+1}}, overwritten
   * @param nextOffset index of the first element of {@code next}
   * @param n number of elements, {@code >= 0}
   * @throws IllegalArgumentException if {@code n < 0}, a range is outside its array, or
   *     {@code next} overlaps {@code t} or partly overlaps {@code at} or {@code prev}; nothing
   *     is written then
   */
  public static void step(double alpha, double[] at, int atOffset, double beta, double[] t,
      int tOffset, double gamma, double[] prev, int prevOffset, double[] next, int nextOffset,
      int n) {
    Shapes.range("at", at.length, atOffset, n);
    Shapes.range("t", t.length, tOffset, n);
    Shapes.range("prev", prev.length, prevOffset, n);
    Shapes.range("next", next.length, nextOffset, n);
    long nextEnd = (long) nextOffset + n;
    Shapes.disjoint("next", next, nextOffset, nextEnd, "t", t, tOffset, (long) tOffset + n);
    if (next != at || nextOffset != atOffset) {
      Shapes.disjoint("next", next, nextOffset, nextEnd, "at", at, atOffset,
          (long) atOffset + n);
    }
    if (next != prev || nextOffset != prevOffset) {
      Shapes.disjoint("next", next, nextOffset, nextEnd, "prev", prev, prevOffset,
          (long) prevOffset + n);
    }
    kernels().step(alpha, at, atOffset, beta, t, tOffset, gamma, prev, prevOffset, next,
        nextOffset, n);
  }

  /**
   * The block recurrence on {@code probes} vectors: with {@code B = (A - center I) / halfWidth}
   * for the symmetric {@code n x n} row-major {@code a}, writes {@code T_k(B) T0} for
   * {@code k = 0..degree} to {@code out}, block {@code k} ({@code n x probes}, row-major, the
   * probe vectors as columns) at offset {@code k * n * probes}. Each step is one {@link Gemm}
   * product {@code A t_k} written straight into block {@code k+1}, then the fused step
   * {@code t_{k+1} = (2/d) A t_k - (2c/d) t_k - t_{k-1}} in place (first step:
   * {@code t_1 = (A t_0 - c t_0) / d}). Only {@code out} is modified; A's symmetry is not
   * checked (a non-symmetric A gives {@code T_k(B)} of that matrix all the same).
   *
   * <p>Large blocks use the threads of {@link Gemm}; the result does not depend on their
   * number. Entries of A and t0 are not checked for NaN or infinity, which propagate.
   *
   * @param a the symmetric {@code n x n} matrix A, row-major; not modified
   * @param n order of A, {@code >= 0}
   * @param center the shift c, usually the midpoint of A's spectrum; finite
   * @param halfWidth the scale d, usually half the spectrum's width; finite and {@code > 0}
   * @param t0 the {@code n x probes} starting block, row-major; not modified
   * @param probes number of probe vectors (columns of each block), {@code >= 0}
   * @param degree highest degree, {@code >= 0}
   * @param out at least {@code (degree + 1) * n * probes} elements, distinct from a and t0;
   *     the first {@code (degree + 1) * n * probes} are overwritten
   * @throws IllegalArgumentException if a size is negative, {@code center} or
   *     {@code halfWidth} is not finite, {@code halfWidth <= 0}, {@code a}, {@code t0} or
   *     {@code out} is too short, or {@code out} is the same array as {@code a} or
   *     {@code t0}; nothing is written then
   */
  public static void block(double[] a, int n, double center, double halfWidth, double[] t0,
      int probes, int degree, double[] out) {
    Shapes.nonNegative("n", n);
    Shapes.nonNegative("probes", probes);
    Shapes.nonNegative("degree", degree);
    if (!(halfWidth > 0) || !Double.isFinite(halfWidth) || !Double.isFinite(center)) {
      throw new IllegalArgumentException("center must be finite and halfWidth finite and > 0, "
          + "got center=" + center + ", halfWidth=" + halfWidth);
    }
    Shapes.matrix("A", n, n, a.length, 0, Math.max(1, n));
    Shapes.matrix("t0", n, probes, t0.length, 0, Math.max(1, probes));
    int np = Math.multiplyExact(n, probes);
    long needed = (long) (degree + 1) * np;
    if (out.length < needed) {
      throw new IllegalArgumentException("out needs (degree + 1) * n * probes = " + needed
          + " elements, but has " + out.length);
    }
    if (out == a || out == t0) {
      throw new IllegalArgumentException("out must be a different array from "
          + (out == a ? "a" : "t0"));
    }
    if (np == 0) {
      return;
    }
    ChebyshevKernels k = kernels();
    int ld = probes;
    System.arraycopy(t0, 0, out, 0, np);
    double inv = 1 / halfWidth;
    for (int step = 1; step <= degree; step++) {
      int cur = (step - 1) * np;
      int next = step * np;

      // A t_k into the next block, then the three-term combination in place
      Gemm.dgemm(false, false, n, probes, n, 1.0, a, 0, Math.max(1, n), out, cur, ld, 0.0,
          out, next, ld);
      if (step == 1) {
        k.step(inv, out, next, -center * inv, out, cur, 0.0, out, cur, out, next, np);
      } else {
        k.step(2 * inv, out, next, -2 * center * inv, out, cur, -1.0, out, cur - np, out,
            next, np);
      }
    }
  }

  private static void checkTable(Object x, int xLength, int xOffset, int n, int degree,
      Object out, int outLength, int outOffset, int ldOut) {
    Shapes.nonNegative("degree", degree);
    Shapes.range("x", xLength, xOffset, n);
    if (degree == Integer.MAX_VALUE) {
      throw new IllegalArgumentException("degree must be < " + Integer.MAX_VALUE);
    }
    Shapes.matrix("out", degree + 1, n, outLength, outOffset, ldOut);
    Shapes.disjoint("out", out, outOffset, Shapes.end(outOffset, degree + 1, n, ldOut), "x", x,
        xOffset, (long) xOffset + n);
  }
}
