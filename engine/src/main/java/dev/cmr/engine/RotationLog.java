package dev.cmr.engine;

import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.internal.KernelSelection;
import dev.cmr.kernels.internal.ScaledRotations;
import java.util.Arrays;

/**
 * A recorded sequence of plane rotations of adjacent rows, {@code (row_k, row_{k+1}) <-
 * (c row_k + s row_{k+1}, c row_{k+1} - s row_k)}, applied later to a matrix.
 *
 * <p>The bidiagonal and tridiagonal QR iterations choose their rotations from the diagonals
 * alone, so the vectors can be updated afterwards, or not at all for values only, from one
 * code path. {@link #apply} cuts the sequence into runs whose rows step by one (the sweeps of
 * the iteration) and applies each run as a chain of scaled rotations
 * ({@link ScaledRotations}): per slice of columns the row shared by consecutive rotations
 * stays in registers, so a rotation costs one load, one store and two multiply-adds per
 * element instead of two loads, two stores and six operations. {@link #applyByRows} is its
 * plain scalar twin.
 */
final class RotationLog {
  private static final KernelProvider KERNELS = KernelSelection.provider();

  private int size;
  private int[] rows = new int[64];
  private double[] cosines = new double[64];
  private double[] sines = new double[64];
  private double[] scale = new double[0];
  private double[] work = new double[0];

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
    apply(z, z.length, cols);
  }

  /**
   * Applies the recorded rotations, in order, to columns {@code 0..cols-1} of rows
   * {@code 0..count-1} of {@code z} (the rows after them are not touched); the scratch
   * buffers are kept for the next call.
   */
  void apply(double[][] z, int count, int cols) {
    if (size == 0) {
      return;
    }
    if (scale.length < count) {
      scale = new double[count];
      work = new double[4 * Math.max(count - 1, 1)];
    }
    Arrays.fill(scale, 0, count, 1);
    int t = 0;
    while (t < size) {
      // the longest run from t whose rows step by +1 or by -1: a sweep of the iteration
      int k = rows[t];
      int end = t + 1;
      boolean descending = end < size && rows[end] == k - 1;
      int step = descending ? -1 : 1;
      while (end < size && rows[end] == rows[end - 1] + step) {
        end++;
      }
      ScaledRotations.apply(KERNELS, z, scale, k, end - t, descending, cosines, sines, t, cols,
          work);
      t = end;
    }
    ScaledRotations.fold(KERNELS, z, scale, 0, count, cols);
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
