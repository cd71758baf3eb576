package dev.cmr.nn.train;

import dev.cmr.nn.data.Dataset;
import java.util.SplittableRandom;

/** Small learnable classification sets for trainer tests. */
final class SyntheticData {
  private SyntheticData() {}

  /**
   * {@code count} images of {@code rows x cols} pixels uniform in [0, 1]; the label is the
   * arg-max of a fixed random linear map of the pixels (fixed by {@code seed} alone, so train
   * and test sets drawn with different {@code sampleSeed} share the rule).
   */
  static Dataset make(String name, int count, int rows, int cols, int classes, long seed,
      long sampleSeed) {
    int f = rows * cols;
    SplittableRandom rule = new SplittableRandom(seed);
    double[] map = new double[classes * f];
    for (int i = 0; i < map.length; i++) {
      map[i] = rule.nextGaussian();
    }
    SplittableRandom rng = new SplittableRandom(sampleSeed);
    float[] images = new float[count * f];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < f; j++) {
        images[i * f + j] = (float) rng.nextDouble();
      }
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        double s = 0;
        for (int j = 0; j < f; j++) {
          s += map[c * f + j] * (images[i * f + j] - 0.5);
        }
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      labels[i] = (byte) best;
    }
    return new Dataset(name, count, rows, cols, images, labels);
  }
}
