package dev.cmr.engine;

/** Argument checks shared by the public entry points; messages name the values. */
final class Checks {
  private Checks() {}

  /** Rejects negative dimensions and arrays whose length is not {@code rows * cols}. */
  static void shape(String name, int length, int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          name + " dimensions must be >= 0, got " + rows + "x" + cols);
    }
    long expected = (long) rows * cols;
    if (length != expected) {
      throw new IllegalArgumentException(name + " is declared " + rows + "x" + cols
          + " and needs " + expected + " elements, but its length is " + length);
    }
  }

  /** Rejects a NaN or infinite entry, naming the first one in row-major order. */
  static void finite(String name, double[] a, int cols) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw badEntry(name, a[i], i, cols);
      }
    }
  }

  /** Float variant of {@link #finite(String, double[], int)}. */
  static void finite(String name, float[] a, int cols) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw badEntry(name, a[i], i, cols);
      }
    }
  }

  private static IllegalArgumentException badEntry(String name, double value, int index,
      int cols) {
    return new IllegalArgumentException(name + " must be finite, but entry (row "
        + index / cols + ", column " + index % cols + ") is " + value);
  }

  /**
   * Rejects a null output array or one shorter than {@code needed}, naming it, what it is for
   * ({@code what}), the needed and the actual length.
   */
  static void output(String name, String what, double[] out, long needed) {
    if (out == null) {
      throw new IllegalArgumentException(name + " (" + what + ") must not be null");
    }
    if (out.length < needed) {
      throw new IllegalArgumentException(name + " (" + what + ") needs at least " + needed
          + " elements, but its length is " + out.length);
    }
  }

  /** Rejects a null workspace. */
  static void workspace(Object ws) {
    if (ws == null) {
      throw new IllegalArgumentException("workspace ws must not be null");
    }
  }

  /** Rejects two outputs that are the same array (one would overwrite the other). */
  static void distinct(String first, double[] a, String second, double[] b) {
    if (a != null && a == b) {
      throw new IllegalArgumentException(
          first + " and " + second + " must be different arrays, but they are the same");
    }
  }
}
