package dev.cmr.engine;

import dev.cmr.kernels.internal.Blas1Kernels;
import dev.cmr.kernels.internal.KernelSelection;
import dev.cmr.kernels.internal.RotationKernels;

/**
 * Level-1 loops on sub-ranges {@code [from, to)} of double arrays, the inner loops of the
 * decompositions.
 *
 * <p>Reductions, updates and rotations run on the kernels chosen by
 * {@link dev.cmr.kernels.Kernels} (Vector API where available); they are looked up once, into
 * constants, so each call is direct. The
 * remaining loops index all of their arrays with the same index {@code j}, so that C2's
 * superword pass vectorizes them even when two arguments are the same array. Arguments are
 * assumed valid (checked by the public classes); the kernels assert their ranges.
 */
final class Vectors {
  private static final Blas1Kernels BLAS1 = KernelSelection.provider().blas1();
  private static final RotationKernels ROTATIONS = KernelSelection.provider().rotations();

  private Vectors() {}

  /** {@code sum_{j in [from, to)} x[j] * y[j]}. */
  static double dot(double[] x, double[] y, int from, int to) {
    return BLAS1.dot(x, from, y, from, to - from);
  }

  /** {@code y[j] += alpha * x[j]} for {@code j in [from, to)}. */
  static void axpy(double alpha, double[] x, double[] y, int from, int to) {
    BLAS1.axpy(alpha, x, from, y, from, to - from);
  }

  /** {@code sum_{j < n} x[xOffset + j] * y[yOffset + j]}. */
  static double dot(double[] x, int xOffset, double[] y, int yOffset, int n) {
    return BLAS1.dot(x, xOffset, y, yOffset, n);
  }

  /** {@code y[yOffset + j] += alpha * x[xOffset + j]} for {@code j < n}. */
  static void axpy(double alpha, double[] x, int xOffset, double[] y, int yOffset, int n) {
    BLAS1.axpy(alpha, x, xOffset, y, yOffset, n);
  }

  /** {@code x[j] *= alpha} for {@code j in [from, to)}. */
  static void scale(double alpha, double[] x, int from, int to) {
    BLAS1.scale(alpha, x, from, to - from);
  }

  /**
   * Plane rotation of two rows: {@code (x, y) <- (c x + s y, c y - s x)} on {@code [from, to)}.
   */
  static void rotate(double[] x, double[] y, double c, double s, int from, int to) {
    ROTATIONS.rotate(x, from, y, from, to - from, c, s);
  }

  /** Largest absolute value of {@code x[from..to)}; 0 for an empty range, NaN if any is. */
  static double maxAbs(double[] x, int from, int to) {
    return BLAS1.maxAbs(x, from, to - from);
  }

  /** {@code sqrt(x^2 + z^2)} without the cost of {@link Math#hypot} in the common case. */
  static double norm2(double x, double z) {
    double r = Math.sqrt(x * x + z * z);
    if (r > 1e-150 && r < 1e150) {
      return r;
    }
    return Math.hypot(x, z);
  }
}
