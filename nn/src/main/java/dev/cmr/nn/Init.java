package dev.cmr.nn;

import java.util.random.RandomGenerator;

/** Weight initializations with PyTorch's semantics, drawing from a caller-given stream. */
public final class Init {
  private Init() {}

  /**
   * Orthogonal initialization, as {@code torch.nn.init.orthogonal_}: a standard Gaussian
   * {@code rows x cols} matrix {@code A} (transposed first when {@code rows < cols}) is
   * factored {@code A = Q R} with the signs of {@code diag(R)} made positive, and
   * {@code W = gain * Q} (or {@code gain * Q^T}). Hence {@code W^T W = gain^2 I} when
   * {@code rows >= cols} and {@code W W^T = gain^2 I} otherwise.
   *
   * <p>The factorization is Gram-Schmidt with one re-orthogonalization pass in double
   * precision, which yields exactly the QR factor with positive {@code diag(R)}.
   *
   * @param w destination, row-major {@code rows x cols} starting at {@code offset}
   * @param offset index of the block's first element
   * @param rows rows of the block ({@code out}), {@code >= 1}
   * @param cols columns of the block ({@code in}), {@code >= 1}
   * @param gain multiplier of the result, finite
   * @param rng the random stream drawn from; advanced by {@code rows * cols} Gaussians
   * @throws IllegalArgumentException if {@code w} or {@code rng} is null, {@code rows} or
   *     {@code cols} is not positive, the block does not fit in {@code w}, or {@code gain} is
   *     NaN or infinite; nothing is written (and nothing drawn) then
   */
  public static void orthogonal(float[] w, int offset, int rows, int cols, double gain,
      RandomGenerator rng) {
    checkBlock(w, offset, rows, cols, gain, rng);
    int n = Math.max(rows, cols);
    int k = Math.min(rows, cols);

    // Gaussian A (n x k), stored transposed: basis[j] is column j of A.
    double[][] basis = new double[k][n];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double g = rng.nextGaussian();
        if (rows >= cols) {
          basis[j][i] = g;
        } else {
          basis[i][j] = g;
        }
      }
    }

    // Gram-Schmidt, twice per column: the columns of Q with R's diagonal positive.
    for (int j = 0; j < k; j++) {
      double[] v = basis[j];
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < j; i++) {
          double[] q = basis[i];
          double dot = 0.0;
          for (int p = 0; p < n; p++) {
            dot += q[p] * v[p];
          }
          for (int p = 0; p < n; p++) {
            v[p] -= dot * q[p];
          }
        }
      }
      double norm = 0.0;
      for (int p = 0; p < n; p++) {
        norm += v[p] * v[p];
      }
      double scale = 1.0 / Math.sqrt(norm);
      for (int p = 0; p < n; p++) {
        v[p] *= scale;
      }
    }

    // W = gain * Q (rows >= cols) or gain * Q^T (rows < cols).
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double q = rows >= cols ? basis[j][i] : basis[i][j];
        w[offset + i * cols + j] = (float) (gain * q);
      }
    }
  }

  /**
   * He (Kaiming) normal initialization for ReLU networks, as
   * {@code torch.nn.init.kaiming_normal_} with {@code mode="fan_in"}: independent
   * {@code N(0, std^2)} entries with {@code std = gain * sqrt(2 / cols)}.
   *
   * @param w destination, row-major {@code rows x cols} starting at {@code offset}
   * @param offset index of the block's first element
   * @param rows rows of the block ({@code out}), {@code >= 1}
   * @param cols columns of the block ({@code in}), {@code >= 1}
   * @param gain multiplier of the result, finite
   * @param rng the random stream drawn from; advanced by {@code rows * cols} Gaussians
   * @throws IllegalArgumentException if {@code w} or {@code rng} is null, {@code rows} or
   *     {@code cols} is not positive, the block does not fit in {@code w}, or {@code gain} is
   *     NaN or infinite; nothing is written (and nothing drawn) then
   */
  public static void heNormal(float[] w, int offset, int rows, int cols, double gain,
      RandomGenerator rng) {
    checkBlock(w, offset, rows, cols, gain, rng);
    double std = gain * Math.sqrt(2.0 / cols);
    for (int i = 0; i < rows * cols; i++) {
      w[offset + i] = (float) (std * rng.nextGaussian());
    }
  }

  private static void checkBlock(float[] w, int offset, int rows, int cols, double gain,
      RandomGenerator rng) {
    Arguments.nonNull("w", w);
    Arguments.nonNull("rng", rng);
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "rows and cols must be positive, got rows=" + rows + ", cols=" + cols);
    }
    if (offset < 0 || (long) offset + (long) rows * cols > w.length) {
      throw new IllegalArgumentException("a " + rows + "x" + cols + " block at offset "
          + offset + " does not fit an array of length " + w.length);
    }
    Arguments.finite("gain", gain);
  }
}
