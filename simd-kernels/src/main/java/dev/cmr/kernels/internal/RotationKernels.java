package dev.cmr.kernels.internal;

import dev.cmr.kernels.Rotations;

/**
 * The plane-rotation kernel family: {@code (x, y) <- (c x + s y, -s x + c y)} applied
 * element by element to two vectors, the inner loop of one-sided Jacobi and of the implicit
 * QL/QR eigenvector updates. With {@code c = cos(theta)}, {@code s = sin(theta)} this is the
 * Givens rotation {@code [c s; -s c]} applied to each pair {@code (x_i, y_i)}.
 *
 * <p>Implementations assume arguments were validated by {@link Rotations}; stateless and
 * thread-safe.
 */
public interface RotationKernels {

  /** Rotates {@code x[xOffset + i]}, {@code y[yOffset + i]} for {@code i < n}. */
  void rotate(double[] x, int xOffset, double[] y, int yOffset, int n, double c, double s);

  /** Single precision twin of the double {@code rotate}. */
  void rotate(float[] x, int xOffset, float[] y, int yOffset, int n, float c, float s);

  /**
   * Rotates columns {@code p} (as x) and {@code q} (as y) of the {@code m}-row row-major
   * matrix at {@code aOffset} with leading dimension {@code lda}: for each row {@code i},
   * {@code (a_ip, a_iq) <- (c a_ip + s a_iq, -s a_ip + c a_iq)}.
   */
  void rotateColumns(int m, double[] a, int aOffset, int lda, int p, int q, double c,
      double s);

  /**
   * Applies a chain of {@code count} 2x2 transforms of adjacent rows of {@code z}, in order, to
   * columns {@code from..to-1}. Transform {@code t} takes rows {@code r} (x) and {@code r + 1}
   * (y), with {@code r = k + t}, or {@code r = k - t} when {@code descending}, to
   * {@code (alpha x + beta y, gamma x + delta y)}, the four coefficients at
   * {@code m[mOffset + 4t ..]} in that order. Where {@code alpha = delta = 1} (a scaled
   * rotation, see {@link ScaledRotations}) an element pair costs two multiply-adds. Consecutive
   * transforms share a row, which the vector kernels keep in registers.
   */
  void transformChain(double[][] z, int k, int count, boolean descending, double[] m,
      int mOffset, int from, int to);
}
