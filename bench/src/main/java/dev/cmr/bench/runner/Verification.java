package dev.cmr.bench.runner;

/**
 * The check of a contender's product against the reference (ours).
 *
 * <p>Error measure: {@code e = max_ij |C_ij - R_ij| / (k * max|A| * max|B|)}. The denominator
 * bounds every {@code (|A| |B|)_ij}, so the classical GEMM bound
 * {@code |fl(AB) - AB| <= gamma_k |A| |B|} with {@code gamma_k = k u / (1 - k u)}, applied to
 * both products, gives {@code e <= 2 gamma_k} for any two correct implementations, whatever
 * their summation order. The accepted bound is {@code 4 k u}, twice that, so a correct
 * contender never fails while a wrong element, block or transpose shows up at once.
 *
 * @param relativeError {@code e} as defined above (NaN when a result holds NaN)
 * @param bound the accepted maximum {@code 4 k u}
 */
public record Verification(double relativeError, double bound) {
  /** Whether the contender's product is within the bound (false for NaN). */
  public boolean passed() {
    return relativeError <= bound;
  }

  /** Compares {@code result} with {@code reference} for the given problem. */
  public static Verification compare(GemmProblem problem, Object reference, Object result) {
    GemmShape s = problem.shape();
    int size = s.m() * s.n();
    double maxDiff = switch (reference) {
      case float[] r when result instanceof float[] c && r.length == size && c.length == size ->
          maxDiff(r, c);
      case double[] r when result instanceof double[] c && r.length == size
          && c.length == size -> maxDiff(r, c);
      default -> throw new IllegalArgumentException("results must both be "
          + problem.precision().label() + "[] of length " + size + ", got "
          + describe(reference) + " and " + describe(result));
    };
    double scale = s.k() * problem.maxAbsA() * problem.maxAbsB();
    double error = scale > 0 ? maxDiff / scale : (maxDiff == 0 ? 0 : Double.POSITIVE_INFINITY);
    return new Verification(error, 4.0 * s.k() * problem.precision().unitRoundoff());
  }

  private static String describe(Object array) {
    return switch (array) {
      case float[] f -> "float[" + f.length + "]";
      case double[] d -> "double[" + d.length + "]";
      case null -> "null";
      default -> array.getClass().getSimpleName();
    };
  }

  private static double maxDiff(float[] r, float[] c) {
    double max = 0;
    for (int i = 0; i < r.length; i++) {
      double d = Math.abs((double) c[i] - r[i]);
      if (Double.isNaN(d)) {
        return Double.NaN;
      }
      max = Math.max(max, d);
    }
    return max;
  }

  private static double maxDiff(double[] r, double[] c) {
    double max = 0;
    for (int i = 0; i < r.length; i++) {
      double d = Math.abs(c[i] - r[i]);
      if (Double.isNaN(d)) {
        return Double.NaN;
      }
      max = Math.max(max, d);
    }
    return max;
  }
}
