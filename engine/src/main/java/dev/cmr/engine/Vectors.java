package dev.cmr.engine;

/**
 * Level-1 loops on sub-ranges of double arrays, written so that C2 can vectorize them.
 *
 * <p>Every loop indexes all of its arrays with the same index {@code j}. C2's superword pass
 * then vectorizes the element-wise loops even when two arguments are the same array, because
 * no iteration reads what another writes. Floating-point sums are not reordered by C2, so
 * {@link #dot} keeps eight independent accumulators to hide the FMA latency instead.
 * Arguments are assumed valid (checked by the public classes).
 */
final class Vectors {
  private Vectors() {}

  /** {@code sum_{j in [from, to)} x[j] * y[j]}. */
  static double dot(double[] x, double[] y, int from, int to) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int j = from;

    // unrolled main loop
    for (; j + 7 < to; j += 8) {
      s0 = Math.fma(x[j], y[j], s0);
      s1 = Math.fma(x[j + 1], y[j + 1], s1);
      s2 = Math.fma(x[j + 2], y[j + 2], s2);
      s3 = Math.fma(x[j + 3], y[j + 3], s3);
      s4 = Math.fma(x[j + 4], y[j + 4], s4);
      s5 = Math.fma(x[j + 5], y[j + 5], s5);
      s6 = Math.fma(x[j + 6], y[j + 6], s6);
      s7 = Math.fma(x[j + 7], y[j + 7], s7);
    }

    // tail
    for (; j < to; j++) {
      s0 = Math.fma(x[j], y[j], s0);
    }

    // pairwise reduction
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** {@code y[j] += alpha * x[j]} for {@code j in [from, to)}. */
  static void axpy(double alpha, double[] x, double[] y, int from, int to) {
    for (int j = from; j < to; j++) {
      y[j] = Math.fma(alpha, x[j], y[j]);
    }
  }

  /** {@code y[j] -= a * u[j] + b * v[j]} for {@code j in [from, to)} (a symmetric rank-2 row). */
  static void subtractTwo(double a, double[] u, double b, double[] v, double[] y, int from,
      int to) {
    for (int j = from; j < to; j++) {
      y[j] = y[j] - a * u[j] - b * v[j];
    }
  }

  /** {@code x[j] *= alpha} for {@code j in [from, to)}. */
  static void scale(double alpha, double[] x, int from, int to) {
    for (int j = from; j < to; j++) {
      x[j] *= alpha;
    }
  }

  /**
   * Plane rotation of two rows: {@code (x, y) <- (c x + s y, c y - s x)} on {@code [from, to)}.
   */
  static void rotate(double[] x, double[] y, double c, double s, int from, int to) {
    for (int j = from; j < to; j++) {
      double xj = x[j];
      double yj = y[j];
      x[j] = c * xj + s * yj;
      y[j] = c * yj - s * xj;
    }
  }

  /** Largest absolute value of {@code x[from..to)}; 0 for an empty range. */
  static double maxAbs(double[] x, int from, int to) {
    double m = 0;
    for (int j = from; j < to; j++) {
      m = Math.max(m, Math.abs(x[j]));
    }
    return m;
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
