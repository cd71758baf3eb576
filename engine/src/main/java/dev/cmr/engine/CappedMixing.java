package dev.cmr.engine;

/**
 * The decoupled, capped mixing of CMR: {@code g = g_task + gamma * g_spec} with
 * {@code gamma = min(1, rho ||g_task|| / (||g_spec|| + 1e-12))}.
 */
public final class CappedMixing {
  private CappedMixing() {}

  /** The mixing factor {@code gamma} for the given global L2 norms. */
  public static double gamma(double taskNorm, double spectralNorm, double rho) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
