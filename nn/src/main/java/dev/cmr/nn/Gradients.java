package dev.cmr.nn;

import dev.cmr.kernels.Blas1;

/** Norms and global-norm clipping of flat gradient vectors. */
public final class Gradients {
  private Gradients() {}

  /** {@code sqrt(sum_i g_i^2)} over the first {@code length} entries, accumulated in double. */
  public static double norm(float[] g, int offset, int length) {
    return Math.sqrt(squaredNorm(g, offset, length));
  }

  /** {@code sum_i g_i^2} over {@code length} entries from {@code offset}, in double. */
  public static double squaredNorm(float[] g, int offset, int length) {
    double s0 = 0.0;
    double s1 = 0.0;
    int i = offset;
    int end = offset + length;
    for (; i + 1 < end; i += 2) {
      double a = g[i];
      double b = g[i + 1];
      s0 += a * a;
      s1 += b * b;
    }
    if (i < end) {
      double a = g[i];
      s0 += a * a;
    }
    return s0 + s1;
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
