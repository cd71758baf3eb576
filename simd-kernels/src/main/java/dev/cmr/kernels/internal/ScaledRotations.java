package dev.cmr.kernels.internal;

/**
 * Chains of plane rotations of adjacent rows as scaled (square-root-free, "fast") Givens
 * rotations, after Gentleman (1973) and Hammarling (1974): row {@code i} is held as
 * {@code scale[i] * z[i]}, so that the rotation {@code (x, y) <- (c x + s y, c y - s x)}
 * becomes {@code (x + beta y, y + gamma x)} on the stored rows, with
 * {@code beta = s d_y / (c d_x)}, {@code gamma = -s d_x / (c d_y)} and both scales multiplied
 * by {@code c}: two multiply-adds per element pair instead of four products and two sums.
 *
 * <p>Rounding: {@code fl(x + beta y)} errs by {@code eps (|x| + |beta y|)}, which in the
 * represented row is {@code eps (|c x| + |s y|)}, the bound of an ordinary rotation, whatever
 * the ratio of the two scales. A rotation with {@code |c| < }{@value #MIN_COSINE} is applied
 * unscaled instead (both scales back to 1), so a scale shrinks by at most that factor per
 * rotation, and a row whose scale falls below {@value #RESCALE_BELOW} is multiplied out at
 * the end of its chain. Limitation: rows are then stored up to {@code 2^308} times their
 * represented values, so entries above about {@code 2^700} in magnitude may overflow.
 */
public final class ScaledRotations {
  /** Smallest {@code |c|} applied as a scaled rotation. */
  public static final double MIN_COSINE = 0x1p-4;
  /** Scales below this (in magnitude) are multiplied into their rows after a chain. */
  public static final double RESCALE_BELOW = 0x1p-300;

  private ScaledRotations() {}

  /**
   * Writes the transforms of a chain for {@link RotationKernels#transformChain} into
   * {@code m[mOffset..mOffset + 4 count)} and updates the scales of its rows; rotation
   * {@code t} is {@code (c[csOffset + t], s[csOffset + t])} on rows {@code r, r + 1} with
   * {@code r = k + t}, or {@code k - t} when {@code descending}.
   */
  public static void prepare(double[] scale, int k, int count, boolean descending, double[] c,
      double[] s, int csOffset, double[] m, int mOffset) {
    for (int t = 0; t < count; t++) {
      int r = descending ? k - t : k + t;
      double ct = c[csOffset + t];
      double st = s[csOffset + t];
      double dx = scale[r];
      double dy = scale[r + 1];
      int q = mOffset + 4 * t;
      if (Math.abs(ct) >= MIN_COSINE) {
        m[q] = 1;
        m[q + 1] = st * dy / (ct * dx);
        m[q + 2] = -st * dx / (ct * dy);
        m[q + 3] = 1;
        scale[r] = ct * dx;
        scale[r + 1] = ct * dy;
      } else {
        m[q] = ct * dx;
        m[q + 1] = st * dy;
        m[q + 2] = -st * dx;
        m[q + 3] = ct * dy;
        scale[r] = 1;
        scale[r + 1] = 1;
      }
    }
  }

  /**
   * Applies a chain (as in {@link #prepare}) to columns {@code 0..cols-1} of the scaled rows
   * and multiplies out the scales that fell below {@link #RESCALE_BELOW}.
   *
   * @param m workspace of at least {@code 4 count} elements
   */
  public static void apply(KernelProvider kernels, double[][] z, double[] scale, int k,
      int count, boolean descending, double[] c, double[] s, int csOffset, int cols,
      double[] m) {
    if (count == 0) {
      return;
    }
    prepare(scale, k, count, descending, c, s, csOffset, m, 0);
    kernels.rotations().transformChain(z, k, count, descending, m, 0, 0, cols);
    int first = descending ? k - count + 1 : k;
    for (int r = first; r <= first + count; r++) {
      if (Math.abs(scale[r]) < RESCALE_BELOW) {
        kernels.blas1().scale(scale[r], z[r], 0, cols);
        scale[r] = 1;
      }
    }
  }

  /** Multiplies rows {@code from..to-1} by their scales (columns {@code 0..cols-1}). */
  public static void fold(KernelProvider kernels, double[][] z, double[] scale, int from,
      int to, int cols) {
    for (int r = from; r < to; r++) {
      if (scale[r] != 1) {
        kernels.blas1().scale(scale[r], z[r], 0, cols);
        scale[r] = 1;
      }
    }
  }
}
