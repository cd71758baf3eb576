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
 * of a decomposition in one JVM disagreeing in the last digit). Adding extracted lanes in a
 * fixed tree is the same scalar expression in every tier.
 */
final class Lanes {
  private Lanes() {}

  /** The lanes added as a balanced tree, {@code (v_0 + v_1) + (v_2 + v_3)} and so on. */
  static double sum(DoubleVector v) {
    // constant lane indices: C2 turns each lane() into one extract instruction
    return switch (v.length()) {
      case 2 -> v.lane(0) + v.lane(1);
      case 4 -> (v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3));
      case 8 -> ((v.lane(0) + v.lane(1)) + (v.lane(2) + v.lane(3)))
          + ((v.lane(4) + v.lane(5)) + (v.lane(6) + v.lane(7)));
      default -> throw new IllegalArgumentException("unsupported lane count " + v.length());
    };
  }

  /** The lanes added as a balanced tree, {@code (v_0 + v_1) + (v_2 + v_3)} and so on. */
  static float sum(FloatVector v) {
    return switch (v.length()) {
      case 4 -> sum4(v, 0);
      case 8 -> sum4(v, 0) + sum4(v, 4);
      case 16 -> (sum4(v, 0) + sum4(v, 4)) + (sum4(v, 8) + sum4(v, 12));
      default -> throw new IllegalArgumentException("unsupported lane count " + v.length());
    };
  }

  private static float sum4(FloatVector v, int from) {
    return (v.lane(from) + v.lane(from + 1)) + (v.lane(from + 2) + v.lane(from + 3));
  }
}
