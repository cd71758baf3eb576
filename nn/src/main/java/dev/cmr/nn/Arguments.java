package dev.cmr.nn;

/** Argument checks shared by the exported entry points; messages name the values. */
final class Arguments {
  private Arguments() {}

  /** Rejects a null array, naming the argument. */
  static void nonNull(String name, Object array) {
    if (array == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  /** Rejects a null array or a range {@code [offset, offset + length)} outside it. */
  static void range(String name, float[] array, long offset, long length) {
    nonNull(name, array);
    if (length < 0) {
      throw new IllegalArgumentException(name + ": the length must be >= 0, got " + length);
    }
    if (offset < 0 || offset + length > array.length) {
      throw new IllegalArgumentException(name + " range [" + offset + ", " + (offset + length)
          + ") is outside the array of length " + array.length);
    }
  }

  /**
   * Rejects a NaN or infinite entry among the first {@code rows * cols} of {@code a}, naming
   * the first one by row and column.
   */
  static void finite(String name, float[] a, int rows, int cols) {
    int n = rows * cols;
    // exponent bits all ones means NaN or infinity; an integer max the JIT vectorizes
    int exponents = 0;
    for (int i = 0; i < n; i++) {
      exponents = Math.max(exponents, Float.floatToRawIntBits(a[i]) & 0x7f80_0000);
    }
    if (exponents != 0x7f80_0000) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IllegalArgumentException(name + " must be finite, but entry (row " + i / cols
            + ", column " + i % cols + ") is " + a[i]);
      }
    }
  }

  /** The checks of {@link Optimizer#step(float[], float[], float)}. */
  static void checkStep(float[] params, float[] grads, int size, float gradScale) {
    nonNull("params", params);
    nonNull("grads", grads);
    if (params.length != size || grads.length != size) {
      throw new IllegalArgumentException("expected " + size + " parameters and "
          + "gradients, got " + params.length + " and " + grads.length);
    }
    finite("gradScale", gradScale);
  }

  /** Rejects a NaN or infinite scalar. */
  static void finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
  }
}
