package dev.cmr.kernels;

/**
 * Argument checks shared by the facades: every message names the argument, the expected and
 * the actual values.
 */
final class Shapes {
  private Shapes() {}

  /** Requires {@code value >= 0}. */
  static void nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }

  /** Requires {@code [offset, offset + n)} inside an array of {@code length}. */
  static void range(String name, int length, int offset, int n) {
    nonNegative("n", n);
    if (offset < 0 || (long) offset + n > length) {
      throw new IllegalArgumentException(name + " range [" + offset + ", " + ((long) offset + n)
          + ") is outside the array of length " + length);
    }
  }

  /** Requires a {@code rows x cols} row-major block with stride {@code ld} inside the array. */
  static void matrix(String name, int rows, int cols, int length, int offset, int ld) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException(
          name + " dimensions must be >= 0, got " + rows + "x" + cols);
    }
    if (offset < 0) {
      throw new IllegalArgumentException(name + " offset is negative: " + offset);
    }
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(name + " is " + rows + "x" + cols
          + " but its leading dimension is " + ld + " (needs >= " + Math.max(1, cols) + ")");
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long needed = (long) offset + (long) (rows - 1) * ld + cols;
    if (needed > length) {
      throw new IllegalArgumentException(name + " is " + rows + "x" + cols + " with offset "
          + offset + " and leading dimension " + ld + ", which needs " + needed
          + " elements, but the array has " + length);
    }
  }

  /** First element after a {@code rows x cols} block (its span is {@code [offset, end)}). */
  static long end(int offset, int rows, int cols, int ld) {
    return rows == 0 || cols == 0 ? offset : (long) offset + (long) (rows - 1) * ld + cols;
  }

  /**
   * Rejects two spans of the same array that share an element: a written range must not be
   * read through another argument.
   */
  static void disjoint(String first, Object a, long aFrom, long aTo, String second, Object b,
      long bFrom, long bTo) {
    if (a == b && aFrom < aTo && bFrom < bTo && aFrom < bTo && bFrom < aTo) {
      throw new IllegalArgumentException(first + " [" + aFrom + ", " + aTo + ") and " + second
          + " [" + bFrom + ", " + bTo + ") overlap in the same array");
    }
  }
}
