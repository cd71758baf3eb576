package dev.cmr.nn;

import java.util.SplittableRandom;

/**
 * Independent, reproducible random streams derived from {@code (seed, purpose, index)}.
 *
 * <p>Every random decision of a run (the initial weights of layer {@code l}, the batch order
 * of epoch {@code e}, ...) draws from its own stream, so two training arms see identical
 * initial weights and batches, and a run resumed at epoch {@code e} needs no saved generator
 * state. The stream seed is a SplitMix64-style hash of the three coordinates.
 */
public final class RandomStreams {
  private RandomStreams() {}

  /** What a stream is used for; part of the stream's identity. */
  public enum Purpose {
    /** Initial weights; index = layer. */
    INIT(0x1A2B_3C4D_5E6F_7081L),
    /** Batch order; index = epoch. */
    SHUFFLE(0x6C8E_9CF5_7093_2BD5L),
    /** Anything else a caller needs (tests, probes); index chosen by the caller. */
    OTHER(0x2545_F491_4F6C_DD1DL);

    private final long salt;

    Purpose(long salt) {
      this.salt = salt;
    }
  }

  /**
   * A fresh generator for the stream {@code (seed, purpose, index)}: the same coordinates
   * always give the same sequence; different ones give statistically independent sequences.
   * Thread-safe (no shared state); the generator returned is not.
   *
   * @param seed the run seed
   * @param purpose what the stream is for
   * @param index layer, epoch or caller-chosen index
   * @return a new generator seeded from the hash of the three coordinates
   * @throws IllegalArgumentException if {@code purpose} is null
   */
  public static SplittableRandom stream(long seed, Purpose purpose, long index) {
    Arguments.nonNull("purpose", purpose);
    long h = mix(seed);
    h = mix(h ^ purpose.salt);
    h = mix(h + index * 0x9E37_79B9_7F4A_7C15L);
    return new SplittableRandom(h);
  }

  /**
   * A uniformly random permutation of {@code 0..n-1} (Fisher-Yates) drawn from
   * {@code rng}, written into {@code order} (length at least {@code n}).
   *
   * @param order receives the permutation in {@code order[0..n-1]}; later entries untouched
   * @param n size of the permutation, {@code >= 0}
   * @param rng the random stream drawn from; advanced by {@code n - 1} draws
   * @throws IllegalArgumentException if {@code order} or {@code rng} is null, {@code n < 0}
   *     or {@code order} is shorter than {@code n}; nothing is written then
   */
  public static void permutation(int[] order, int n, SplittableRandom rng) {
    Arguments.nonNull("order", order);
    Arguments.nonNull("rng", rng);
    if (n < 0 || order.length < n) {
      throw new IllegalArgumentException(
          "permutation of n=" + n + " needs an array of at least n, got " + order.length);
    }
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  /** The SplitMix64 finalizer: a bijective 64-bit mixing function. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
