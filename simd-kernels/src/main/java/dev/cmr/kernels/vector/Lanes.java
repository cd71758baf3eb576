package dev.cmr.kernels.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * Floating-point lane sums in one fixed order.
 *
 * <p>{@code reduceLanes(ADD)} may add the lanes in any order, and HotSpot does: C2's intrinsic
 * adds them as a tree while the interpreter and C1 run the Java fallback lane by lane. A
 * kernel using it can then return different bits for the same input before and after it is
 * compiled, which breaks the bit-for-bit repeatability the kernels promise (seen as two runs
 * of a decomposition in one JVM disagreeing in the last digit). Adding extracted lanes left to
 * right is the same scalar expression in every tier; with a constant lane count C2 unrolls it.
 */
final class Lanes {
  private Lanes() {}

  /** {@code v_0 + v_1 + ... + v_{L-1}}, left to right. */
  static double sum(DoubleVector v) {
    double s = v.lane(0);
    for (int i = 1; i < v.length(); i++) {
      s += v.lane(i);
    }
    return s;
  }

  /** {@code v_0 + v_1 + ... + v_{L-1}}, left to right. */
  static float sum(FloatVector v) {
    float s = v.lane(0);
    for (int i = 1; i < v.length(); i++) {
      s += v.lane(i);
    }
    return s;
  }
}
