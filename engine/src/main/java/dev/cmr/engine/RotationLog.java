package dev.cmr.engine;

import java.util.Arrays;

/**
 * A recorded sequence of plane rotations of adjacent rows, {@code (row_k, row_{k+1}) <-
 * (c row_k + s row_{k+1}, c row_{k+1} - s row_k)}, applied later to a matrix in column strips.
 *
 * <p>The bidiagonal and tridiagonal QR iterations choose their rotations from the diagonals
 * alone, so the vectors can be updated afterwards. Applying the whole sequence to one strip of
 * {@value #STRIP} columns at a time keeps that strip ({@code n x STRIP} doubles) in the
 * first-level cache through hundreds of thousands of rotations, where rotating whole rows would
 * stream the matrix through the cache once per rotation. Each element sees the same operations
 * in the same order either way, so the result is bit-identical to rotating row by row.
 */
final class RotationLog {
  /** Columns per strip: {@code 256 x 16} doubles are 32 KiB. */
  static final int STRIP = 16;

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

  /**
   * Applies the recorded rotations, in order, to the rows of {@code z} (columns
   * {@code 0..cols-1}), one strip of columns at a time.
   */
  void apply(double[][] z, int cols) {
    for (int from = 0; from < cols; from += STRIP) {
      int to = Math.min(cols, from + STRIP);
      for (int t = 0; t < size; t++) {
        int k = rows[t];
        rotate(z[k], z[k + 1], cosines[t], sines[t], from, to);
      }
    }
  }

  /** The plain row-by-row twin of {@link #apply}, for the tests. */
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
