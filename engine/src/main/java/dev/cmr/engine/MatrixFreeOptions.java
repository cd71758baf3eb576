package dev.cmr.engine;

/**
 * Settings of matrix-free CMR ({@link MatrixFreeCmr}) and the per-layer method switch.
 *
 * @param method how each layer's spectral terms are computed; {@link SpectralMethod#AUTO}
 *     decides per layer by {@link SpectralMethod#resolve}
 * @param probes Rademacher probe vectors of Hutchinson's estimator, at least 2 (the
 *     leave-one-out gradient needs two)
 * @param lanczos limits and tolerance of the edge eigenvalue search
 */
public record MatrixFreeOptions(SpectralMethod method, int probes, Lanczos.Options lanczos) {
  /** Probe vectors by default (CMR.md section 4). */
  public static final int DEFAULT_PROBES = 8;

  /** Most probe vectors accepted: more would not pay against the exact path. */
  public static final int MAX_PROBES = 4096;

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException for a null method or Lanczos options, or probes
   *     outside {@code [2, 4096]}
   */
  public MatrixFreeOptions {
    if (method == null) {
      throw new IllegalArgumentException("method must not be null");
    }
    if (lanczos == null) {
      throw new IllegalArgumentException("lanczos options must not be null");
    }
    if (probes < 2 || probes > MAX_PROBES) {
      throw new IllegalArgumentException(
          "probes must be in [2, " + MAX_PROBES + "], got " + probes);
    }
  }

  /**
   * The exact method with the default estimator settings: what training used before the
   * switch existed.
   *
   * @return exact, 8 probes, {@link Lanczos.Options#defaults()}
   */
  public static MatrixFreeOptions defaults() {
    return of(SpectralMethod.EXACT);
  }

  /**
   * The given method with the default estimator settings.
   *
   * @param method the method
   * @return {@code method}, 8 probes, {@link Lanczos.Options#defaults()}
   * @throws IllegalArgumentException if {@code method} is null
   */
  public static MatrixFreeOptions of(SpectralMethod method) {
    return new MatrixFreeOptions(method, DEFAULT_PROBES, Lanczos.Options.defaults());
  }

  /**
   * The method for an {@code rows x cols} layer, {@link SpectralMethod#resolve resolved}.
   *
   * @param rows rows of {@code W}
   * @param cols columns of {@code W}
   * @param config the CMR constants
   * @return {@link SpectralMethod#EXACT} or {@link SpectralMethod#MATRIX_FREE}
   * @throws IllegalArgumentException as {@link SpectralMethod#resolve} does
   */
  public SpectralMethod methodFor(int rows, int cols, CmrConfig config) {
    return method.resolve(rows, cols, config, this);
  }
}
