package dev.cmr.nn;

import dev.cmr.kernels.Blas1;

/** Norms and global-norm clipping of flat gradient vectors. */
public final class Gradients {
  private Gradients() {}

  /**
   * Euclidean norm {@code sqrt(sum_i g_i^2)} over {@code length} entries from {@code offset},
   * accumulated in double. Reads only.
   *
   * @param g gradient vector; not modified
   * @param offset index of the first entry
   * @param length number of entries
   * @return the norm, NaN or infinite if an entry is
   * @throws IllegalArgumentException if {@code g} is null, {@code length} is negative or the
   *     range {@code [offset, offset + length)} does not fit in {@code g} (the message names
   *     the range and the array length)
   */
  public static double norm(float[] g, int offset, int length) {
    return Math.sqrt(squaredNorm(g, offset, length));
  }

  /**
   * {@code sum_i g_i^2} over {@code length} entries from {@code offset}, in double: eight
   * partial sums (entry {@code i} feeds sum {@code i mod 8}) added pairwise at the end, so the
   * result does not depend on the vector width; vectorized where the kernels are.
   *
   * @param g gradient vector; not modified
   * @param offset index of the first entry
   * @param length number of entries
   * @return the sum of squares, NaN or infinite if an entry is (so that a caller can detect
   *     divergence from it)
   * @throws IllegalArgumentException if {@code g} is null, {@code length} is negative or the
   *     range {@code [offset, offset + length)} does not fit in {@code g} (the message names
   *     the range and the array length)
   */
  public static double squaredNorm(float[] g, int offset, int length) {
    Arguments.range("g", g, offset, length);
    return StepKernels.squaredNorm(g, offset, length);
  }

  /**
   * Global L2 norm of the whole vector.
   *
   * @param g gradient vector; not modified
   * @return {@code sqrt(sum_i g_i^2)}, accumulated in double
   * @throws IllegalArgumentException if {@code g} is null
   */
  public static double norm(float[] g) {
    Arguments.nonNull("g", g);
    return norm(g, 0, g.length);
  }

  /**
   * Multiplies every entry of {@code g} by {@code factor}, in place.
   *
   * @param g gradient vector, scaled in place
   * @param factor the multiplier, finite
   * @throws IllegalArgumentException if {@code g} is null or {@code factor} is NaN or
   *     infinite; {@code g} is untouched then
   */
  public static void scale(float[] g, float factor) {
    Arguments.nonNull("g", g);
    Arguments.finite("factor", factor);
    Blas1.scale(factor, g, 0, g.length);
  }

  /**
   * Global-norm clipping with {@code torch.nn.utils.clip_grad_norm_} semantics: with
   * {@code n = ||g||}, scales {@code g} by {@code maxNorm / (n + 1e-6)} when that factor is
   * below 1, else leaves it untouched.
   *
   * @param g gradient vector, scaled in place when its norm exceeds {@code maxNorm}
   * @param maxNorm largest allowed norm, {@code > 0}
   * @return {@code n}, the norm before clipping
   * @throws IllegalArgumentException if {@code g} is null or {@code maxNorm} is not positive
   *     (or NaN); {@code g} is untouched then
   */
  public static double clipByGlobalNorm(float[] g, double maxNorm) {
    Arguments.nonNull("g", g);
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm must be positive, got " + maxNorm);
    }
    double n = norm(g);
    double coef = maxNorm / (n + 1e-6);
    if (coef < 1.0) {
      scale(g, (float) coef);
    }
    return n;
  }
}
