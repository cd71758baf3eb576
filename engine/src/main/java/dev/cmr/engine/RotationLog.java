package dev.cmr.engine;

import dev.cmr.kernels.Rotations;
import java.util.Arrays;

/**
 * A recorded sequence of plane rotations of adjacent rows, {@code (row_k, row_{k+1}) <-
 * (c row_k + s row_{k+1}, c row_{k+1} - s row_k)}, applied later to a matrix.
 *
 * <p>The bidiagonal and tridiagonal QR iterations choose their rotations from the diagonals
 * alone, so the vectors can be updated afterwards, or not at all for values only, from one
 * code path. {@link #apply} rotates whole rows on the vector kernel
 * ({@link Rotations#rotate}); {@link #applyByRows} is its plain scalar twin.
 *
 * <p>Limitation: applying the sequence in column strips that stay in the first-level cache was
 * measured slower than whole rows on the loaded 2-core machine (16 to 64 columns: 1.1 to 1.8
 * times the time), so rows it is; the rotations still stream the vectors through the cache
 * once per rotation, the main cost of the vectors at {@code n >= 256}.
 */
final class RotationLog {
  private int size;
  private int[] rows = new int[64];
  private double[] cosines = new double[64];
  private double[] sines = new double[64];

  /** Forgets all rotations (keeps the storage). */
  void clear() {
    size = 0;
  }

  /** Number of recorded rotations. */
  int size() {
    return size;
  }

  /** Records a rotation of rows {@code k} and {@code k + 1}. */
  void add(int k, double c, double s) {
    if (size == rows.length) {
      int grown = rows.length * 2;
      rows = Arrays.copyOf(rows, grown);
      cosines = Arrays.copyOf(cosines, grown);
      sines = Arrays.copyOf(sines, grown);
    }
    rows[size] = k;
    cosines[size] = c;
    sines[size] = s;
    size++;
  }

  /** Applies the recorded rotations, in order, to columns {@code 0..cols-1} of the rows. */
  void apply(double[][] z, int cols) {
    for (int t = 0; t < size; t++) {
      int k = rows[t];
      Rotations.rotate(z[k], 0, z[k + 1], 0, cols, cosines[t], sines[t]);
    }
  }

  /** The plain scalar twin of {@link #apply}, for the tests. */
  void applyByRows(double[][] z, int cols) {
    for (int t = 0; t < size; t++) {
      int k = rows[t];
      rotate(z[k], z[k + 1], cosines[t], sines[t], 0, cols);
    }
  }

  private static void rotate(double[] x, double[] y, double c, double s, int from, int to) {
    for (int j = from; j < to; j++) {
      double a = x[j];
      double b = y[j];
      x[j] = c * a + s * b;
      y[j] = c * b - s * a;
    }
  }
}
