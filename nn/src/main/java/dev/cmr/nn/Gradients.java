package dev.cmr.nn;

import dev.cmr.kernels.Blas1;

/** Norms and global-norm clipping of flat gradient vectors. */
public final class Gradients {
  private Gradients() {}

  /** {@code sqrt(sum_i g_i^2)} over the first {@code length} entries, accumulated in double. */
  public static double norm(float[] g, int offset, int length) {
    return Math.sqrt(squaredNorm(g, offset, length));
  }

  /**
   * {@code sum_i g_i^2} over {@code length} entries from {@code offset}, in double: eight
   * partial sums (entry {@code i} feeds sum {@code i mod 8}) added pairwise at the end, so the
   * result does not depend on the vector width; vectorized where the kernels are.
   */
  public static double squaredNorm(float[] g, int offset, int length) {
    return StepKernels.squaredNorm(g, offset, length);
  }

  /** Global L2 norm of the whole vector. */
  public static double norm(float[] g) {
    return norm(g, 0, g.length);
  }

  /** Multiplies every entry of {@code g} by {@code factor}. */
  public static void scale(float[] g, float factor) {
    Blas1.scale(factor, g, 0, g.length);
  }

  /**
   * Global-norm clipping with {@code torch.nn.utils.clip_grad_norm_} semantics: with
   * {@code n = ||g||}, scales {@code g} by {@code maxNorm / (n + 1e-6)} when that factor is
   * below 1, else leaves it untouched. Returns {@code n} (the norm before clipping).
   */
  public static double clipByGlobalNorm(float[] g, double maxNorm) {
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
