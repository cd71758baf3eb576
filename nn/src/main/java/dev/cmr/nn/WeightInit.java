package dev.cmr.nn;

import java.util.Locale;
import java.util.random.RandomGenerator;

/** The weight-initialization schemes selectable for an {@link Mlp}; biases start at zero. */
public enum WeightInit {
  /** {@link Init#orthogonal}: orthonormal rows or columns times the gain. */
  ORTHOGONAL,
  /** {@link Init#heNormal}: Gaussian with standard deviation {@code gain * sqrt(2 / in)}. */
  HE;

  /**
   * Fills the {@code rows x cols} block of {@code w} at {@code offset} with this scheme;
   * nothing outside the block is written.
   *
   * @param w destination, row-major {@code rows x cols} starting at {@code offset}
   * @param offset index of the block's first element
   * @param rows rows of the block ({@code out}), {@code >= 1}
   * @param cols columns of the block ({@code in}), {@code >= 1}
   * @param gain multiplier of the scheme's scale, finite
   * @param rng the random stream drawn from, advanced by the draws
   * @throws IllegalArgumentException if {@code w} or {@code rng} is null, {@code rows} or
   *     {@code cols} is not positive, the block does not fit in {@code w}, or {@code gain} is
   *     NaN or infinite; nothing is written (and nothing drawn) then
   */
  public void fill(float[] w, int offset, int rows, int cols, double gain,
      RandomGenerator rng) {
    switch (this) {
      case ORTHOGONAL -> Init.orthogonal(w, offset, rows, cols, gain, rng);
      case HE -> Init.heNormal(w, offset, rows, cols, gain, rng);
    }
  }

  /**
   * Parses {@code orthogonal} or {@code he} (case-insensitive).
   *
   * @param name the name to parse
   * @return the matching scheme
   * @throws IllegalArgumentException if the name matches none (the message quotes it)
   */
  public static WeightInit parse(String name) {
    for (WeightInit w : values()) {
      if (w.name().equalsIgnoreCase(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException(
        "init must be one of orthogonal, he, got '" + name + "'");
  }

  /**
   * The lower-case name used on the command line and in configuration files.
   *
   * @return the name, accepted back by {@link #parse(String)}
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
