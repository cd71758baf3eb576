package dev.cmr.nn;

import java.util.Locale;
import java.util.random.RandomGenerator;

/** The weight-initialization schemes selectable for an {@link Mlp}; biases start at zero. */
public enum WeightInit {
  /** {@link Init#orthogonal}: orthonormal rows or columns times the gain. */
  ORTHOGONAL,
  /** {@link Init#heNormal}: Gaussian with standard deviation {@code gain * sqrt(2 / in)}. */
  HE;

  /** Fills the {@code rows x cols} block of {@code w} at {@code offset}. */
  public void fill(float[] w, int offset, int rows, int cols, double gain,
      RandomGenerator rng) {
    switch (this) {
      case ORTHOGONAL -> Init.orthogonal(w, offset, rows, cols, gain, rng);
      case HE -> Init.heNormal(w, offset, rows, cols, gain, rng);
    }
  }

  /** Parses {@code orthogonal} or {@code he} (case-insensitive). */
  public static WeightInit parse(String name) {
    for (WeightInit w : values()) {
      if (w.name().equalsIgnoreCase(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "init must be one of orthogonal, he, got '" + name + "'");
  }

  /** The lower-case name used on the command line and in configuration files. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
