package dev.cmr.engine;

/**
 * An iterative decomposition stopped at its iteration bound before converging.
 *
 * <p>The message says which algorithm stopped and how far it got; {@link #iterations()} and
 * {@link #progress()} carry the same facts for programs. Non-convergence within the bounds
 * used here indicates input that is not what the caller believes (for example values near
 * the overflow threshold) rather than an unlucky but valid matrix.
 */
public final class NoConvergenceException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** Iterations (sweeps or QR steps) done before stopping. */
  private final int iterations;
  /** How far the iteration got, in the algorithm's own measure. */
  private final double progress;

  /**
   * Creates the exception.
   *
   * @param message what did not converge and how far it got
   * @param iterations iterations (or sweeps) spent
   * @param progress a measure of how far it got: converged count, or final off-diagonal size
   */
  public NoConvergenceException(String message, int iterations, double progress) {
    super(message);
    this.iterations = iterations;
    this.progress = progress;
  }

  /**
   * Iterations spent before giving up.
   *
   * @return QR steps (eigensolver) or Jacobi sweeps (SVD)
   */
  public int iterations() {
    return iterations;
  }

  /**
   * How far the algorithm got: the number of converged eigenvalues for the eigensolver, the
   * final largest relative off-diagonal inner product for the SVD.
   *
   * @return the progress measure, as described above
   */
  public double progress() {
    return progress;
  }
}
