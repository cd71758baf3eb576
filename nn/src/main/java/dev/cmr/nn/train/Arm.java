package dev.cmr.nn.train;

import java.util.Locale;

/** The two arms of the kappa-stress comparison. */
public enum Arm {
  /** Plain training with global-norm clipping. */
  VANILLA,
  /** Training with the CMR spectral gradient mixed in after the warm-up epochs. */
  CMR;

  /** The lower-case name used in output files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
