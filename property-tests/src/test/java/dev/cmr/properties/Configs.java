package dev.cmr.properties;

import dev.cmr.engine.CmrConfig;

/** The configurations the properties run with: the published one and its two halves. */
final class Configs {
  private Configs() {}

  /** The published constants: {@code R = C + 0.1 M}. */
  static final CmrConfig FULL = CmrConfig.defaults();

  /** The edge term alone: {@code alphaMoment = 0}. */
  static final CmrConfig EDGE = new CmrConfig(1e-6, 5, 0.15, 1.0, 0.0, 0.03, 0.5);

  /** The moment term alone: {@code alphaEdge = 0}. */
  static final CmrConfig MOMENT = new CmrConfig(1e-6, 5, 0.15, 0.0, 0.1, 0.03, 0.5);

  /** {@code eps} of all three. */
  static final double EPS = 1e-6;
}
