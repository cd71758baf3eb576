package dev.cmr.engine;

import java.util.Locale;

/**
 * How a layer's spectral terms are computed: from its exact spectrum, matrix-free (Lanczos
 * edges and Hutchinson moments, CMR.md section 4), or whichever the cost model of
 * {@link #resolve} expects to be cheaper.
 */
public enum SpectralMethod {
  /** The exact spectrum, {@link CmrRegularizer}: {@code O(m n min(m, n))} per layer and step. */
  EXACT("exact"),
  /** The matrix-free estimators, {@link MatrixFreeCmr}: {@code O(m n)} per operator product. */
  MATRIX_FREE("matrix-free"),
  /** Per layer, the cheaper of the two by the cost model of {@link #resolve}. */
  AUTO("auto");

  /**
   * How many times more a matrix-free flop costs than an exact-path flop on the same machine:
   * the exact path runs on cache-blocked matrix products, the matrix-free one mostly streams
   * {@code W} from memory (matrix-vector products and skinny products with the probe block).
   * Chosen with {@code ./cmr bench spectral} on the shared 2-core development machine, which
   * measured matrix-free 1.2x (cold start) and 2.5x (warm start) faster than exact at 256 and
   * 4.4x and 5.8x at 1024; the factor is set on the conservative side, so that auto keeps the
   * noise-free exact path where the gain is small (square layers up to about 420).
   */
  public static final double MATRIX_FREE_FLOP_COST = 6.0;

  private final String cliName;

  SpectralMethod(String cliName) {
    this.cliName = cliName;
  }

  /**
   * The command-line spelling: {@code exact}, {@code matrix-free} or {@code auto}.
   *
   * @return the name as {@code --spectral} accepts it
   */
  public String cliName() {
    return cliName;
  }

  /**
   * Parses a command-line spelling (case-insensitive).
   *
   * @param name {@code exact}, {@code matrix-free} or {@code auto}
   * @return the method
   * @throws IllegalArgumentException for null or any other text
   */
  public static SpectralMethod parse(String name) {
    if (name != null) {
      String lower = name.toLowerCase(Locale.ROOT);
      for (SpectralMethod method : values()) {
        if (method.cliName.equals(lower)) {
          return method;
        }
      }
    }
    throw new IllegalArgumentException(
        "spectral method must be exact, matrix-free or auto, got " + name);
  }

  /**
   * The concrete method for an {@code rows x cols} layer: this method itself unless it is
   * {@link #AUTO}. Auto compares modelled flop counts, with {@code r = min(rows, cols)},
   * {@code L = max(rows, cols)}, {@code K = config.maxOrder()}, {@code P} probes and
   * {@code J} Lanczos steps (the first cycle's limit):
   * <pre>
   *   exact       = 2 r^2 L + (16/3) r^3 + 2 rows cols r
   *                 (Gram, tridiagonalization, the matrix polynomial, dR/dW = 2 W S)
   *   matrix-free = 4 rows cols J + 2 rows cols P (2K + 1)
   *                 (Lanczos on W^T W, the probe recurrence, its products and the gradient)
   * </pre>
   * and picks matrix-free when {@code exact > MATRIX_FREE_FLOP_COST * matrix-free}. With the
   * defaults ({@code J = 120}, {@code P = 8}, {@code K = 5}) square layers switch at about
   * {@code n = 420}.
   *
   * @param rows rows of {@code W}, at least 1
   * @param cols columns of {@code W}, at least 1
   * @param config the CMR constants (for {@code K})
   * @param options the matrix-free options (for {@code P} and {@code J})
   * @return {@link #EXACT} or {@link #MATRIX_FREE}
   * @throws IllegalArgumentException if a dimension is below 1 or an argument is null
   */
  public SpectralMethod resolve(int rows, int cols, CmrConfig config,
      MatrixFreeOptions options) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          "W must have at least one row and one column, got " + rows + "x" + cols);
    }
    if (config == null || options == null) {
      throw new IllegalArgumentException(
          (config == null ? "config" : "options") + " must not be null");
    }
    if (this != AUTO) {
      return this;
    }
    double r = Math.min(rows, cols);
    double big = Math.max(rows, cols);
    double mn = (double) rows * cols;
    double exact = 2 * r * r * big + 16.0 / 3 * r * r * r + 2 * mn * r;
    double matrixFree = 4 * mn * options.lanczos().maxIterations()
        + 2 * mn * options.probes() * (2.0 * config.maxOrder() + 1);
    return exact > MATRIX_FREE_FLOP_COST * matrixFree ? MATRIX_FREE : EXACT;
  }
}
