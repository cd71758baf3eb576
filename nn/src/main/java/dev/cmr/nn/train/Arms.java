package dev.cmr.nn.train;

import java.util.List;
import java.util.Locale;

/**
 * Which arms a run trains: both (the kappa-stress comparison) or a single one (a plain
 * training run with CMR off or on).
 */
public enum Arms {
  /** Vanilla and CMR from identical weights and batches. */
  BOTH(List.of(Arm.VANILLA, Arm.CMR)),
  /** Only the vanilla arm: CMR off. */
  VANILLA(List.of(Arm.VANILLA)),
  /** Only the CMR arm: its own warm-up epochs, then CMR. */
  CMR(List.of(Arm.CMR));

  private final List<Arm> list;

  Arms(List<Arm> list) {
    this.list = list;
  }

  /** The arms trained, vanilla first. */
  public List<Arm> list() {
    return list;
  }

  /** Whether {@code arm} is trained. */
  public boolean includes(Arm arm) {
    return list.contains(arm);
  }

  /** The lower-case name used in configuration files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code both}, {@code vanilla} or {@code cmr} (case-insensitive). */
  public static Arms parse(String name) {
    for (Arms a : values()) {
      if (a.name().equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("arms must be one of both, vanilla, cmr, got '" + name
        + "'");
  }
}
