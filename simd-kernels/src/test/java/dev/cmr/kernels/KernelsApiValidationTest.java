package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every public overload of the facades in {@code dev.cmr.kernels} rejects a bad shape, range
 * or overlap with an {@link IllegalArgumentException} whose message names the argument, the
 * expected and the actual values, and writes nothing to its output arrays. Values (NaN,
 * infinity) are not checked by the kernels: they propagate as in BLAS.
 */
class KernelsApiValidationTest {

  private static void expect(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
  }

  private static double[] filled(int n, double value) {
    double[] a = new double[n];
    Arrays.fill(a, value);
    return a;
  }

  private static float[] filledF(int n, float value) {
    float[] a = new float[n];
    Arrays.fill(a, value);
    return a;
  }

  @Test
  void gemmOverloadsLeaveCAlone() {
    float[] c = filledF(9, 5f);
    double[] cd = filled(9, 5);
    expect("B is stored as 4x3 but its leading dimension is 2 (needs >= 3)",
        () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, new float[12], 0, 4, new float[12], 0, 2,
            0f, c, 0, 3));
    expect("C is stored as 3x3 with offset 1 and leading dimension 3, which needs 10 "
        + "elements, but the array has 9",
        () -> Gemm.dgemm(false, false, 3, 3, 4, 1.0, new double[12], 0, 4, new double[12], 0,
            3, 0.0, cd, 1, 3));
    // transposed A is k x m = 4 x 3 with lda 3: needs 12, has 11
    expect("A is stored as 4x3 with offset 0 and leading dimension 3, which needs 12 "
        + "elements, but the array has 11",
        () -> Gemm.sgemm(true, false, 3, 3, 4, 1f, new float[11], new float[12], 0f, c));
    expect("negative dimension: m=3, n=3, k=-4",
        () -> Gemm.dgemm(false, true, 3, 3, -4, 1.0, new double[12], new double[12], 0.0, cd));
    expect("B is stored as 3x4 with offset 0 and leading dimension 4, which needs 12 "
        + "elements, but the array has 8",
        () -> Gemm.dgemm(false, true, 3, 3, 4, 1.0, new double[12], new double[8], 1.0, cd));
    assertArrayEquals(filledF(9, 5f), c);
    assertArrayEquals(filled(9, 5), cd);
  }

  @Test
  void blas1OverloadsLeaveTheirOutputsAlone() {
    double[] y = filled(4, 2);
    float[] yf = filledF(4, 2f);
    expect("y range [2, 5) is outside the array of length 4",
        () -> Blas1.dot(new double[4], 0, y, 2, 3));
    expect("x and y lengths differ: 3 != 4", () -> Blas1.dot(new float[3], yf));
    expect("x range [0, 5) is outside the array of length 4",
        () -> Blas1.axpy(1f, new float[4], 0, yf, 0, 5));
    expect("y range [1, 5) is outside the array of length 4",
        () -> Blas1.axpy(1.0, new double[8], 0, y, 1, 4));
    expect("x range [3, 5) is outside the array of length 4", () -> Blas1.scale(0.0, y, 3, 2));
    expect("n must be >= 0, got -2", () -> Blas1.scale(0f, yf, 0, -2));
    expect("x range [0, 5) is outside the array of length 4",
        () -> Blas1.sumOfSquares(y, 0, 5));
    expect("x range [-1, 1) is outside the array of length 4",
        () -> Blas1.sumOfSquares(yf, -1, 2));
    expect("x range [4, 5) is outside the array of length 4", () -> Blas1.maxAbs(y, 4, 1));
    expect("n must be >= 0, got -1", () -> Blas1.maxAbs(yf, 0, -1));
    expect("x range [2, 6) is outside the array of length 4", () -> Blas1.norm2(y, 2, 4));
    expect("x range [2, 6) is outside the array of length 4", () -> Blas1.norm2(yf, 2, 4));
    assertArrayEquals(filled(4, 2), y);
    assertArrayEquals(filledF(4, 2f), yf);
  }

  @Test
  void blas2OverloadsLeaveTheirOutputsAlone() {
    float[] yf = filledF(3, 1f);
    float[] af = filledF(12, 1f);
    double[] a = filled(12, 1);
    expect("x range [0, 4) is outside the array of length 3",
        () -> Blas2.gemv(false, 3, 4, 1f, af, 0, 4, new float[3], 0, 0f, yf, 0));
    expect("A [0, 12) and x [0, 3) overlap in the same array",
        () -> Blas2.ger(3, 4, 1f, af, 0, new float[4], 0, af, 0, 4));
    expect("y range [0, 4) is outside the array of length 3",
        () -> Blas2.ger(3, 4, 1.0, new double[3], 0, new double[3], 0, a, 0, 4));
    expect("A is 3x3 but its leading dimension is 2 (needs >= 3)",
        () -> Blas2.syr2(3, 1.0, new double[3], 0, new double[3], 0, a, 0, 2));
    assertArrayEquals(filledF(3, 1f), yf);
    assertArrayEquals(filledF(12, 1f), af);
    assertArrayEquals(filled(12, 1), a);
  }

  @Test
  void rotationsAndReflectorsLeaveTheirOperandsAlone() {
    float[] x = filledF(3, 1f);
    float[] y = filledF(3, 2f);
    expect("y range [1, 4) is outside the array of length 3",
        () -> Rotations.rotate(x, 0, y, 1, 3, 0.6f, 0.8f));
    double[] a = filled(12, 3);
    expect("columns p and q must be distinct and in [0, 4), got p=0, q=4",
        () -> Rotations.rotateColumns(3, 4, a, 0, 4, 0, 4, 0.6, 0.8));
    expect("A is 3x4 with offset 1 and leading dimension 4, which needs 13 elements, but the "
        + "array has 12", () -> Rotations.rotateColumns(3, 4, a, 1, 4, 0, 1, 0.6, 0.8));
    expect("v range [0, 4) is outside the array of length 3",
        () -> Householder.applyRight(1.0, new double[3], 0, a, 0, 4, 0, 3, 0, 4));
    expect("work [0, 4) and A [0, 12) overlap in the same array",
        () -> Householder.applyLeft(1.0, new double[3], 0, a, 0, 4, 0, 3, 0, 4, a, 0));
    double[][] z = {filled(4, 1), filled(4, 2), filled(3, 3), filled(4, 4)};
    double[] cs = filled(3, 0.6);
    expect("the chain's rows [2, 4] must lie in [0, 3]",
        () -> Rotations.rotateChain(z, 2, 2, false, cs, cs, 0, 4));
    expect("the chain's rows [-1, 1] must lie in [0, 3]",
        () -> Rotations.rotateChain(z, 0, 2, true, cs, cs, 0, 4));
    expect("row 2 must have length >= 4, got 3",
        () -> Rotations.rotateChain(z, 0, 3, false, cs, cs, 0, 4));
    expect("c range [2, 4) is outside the array of length 3",
        () -> Rotations.rotateChain(z, 0, 2, false, cs, cs, 2, 3));
    expect("count must be >= 0, got -1",
        () -> Rotations.rotateChain(z, 0, -1, false, cs, cs, 0, 3));
    double[][] aliased = {z[0], z[1], z[0]};
    expect("row 2 is the same array as an earlier row of the chain",
        () -> Rotations.rotateChain(aliased, 0, 2, false, cs, cs, 0, 3));
    for (int r = 0; r < 4; r++) {
      assertArrayEquals(filled(r == 2 ? 3 : 4, r + 1), z[r]);
    }
    assertArrayEquals(filledF(3, 1f), x);
    assertArrayEquals(filledF(3, 2f), y);
    assertArrayEquals(filled(12, 3), a);
  }

  @Test
  void chebyshevOverloadsLeaveTheirOutputsAlone() {
    float[] outF = filledF(8, 4f);
    double[] out = filled(8, 4);
    expect("out is 3x3 with offset 0 and leading dimension 3, which needs 9 elements, but the "
        + "array has 8", () -> ChebyshevRecurrence.basisT(new float[3], 0, 3, 2, outF, 0, 3));
    expect("out is 2x4 but its leading dimension is 3 (needs >= 4)",
        () -> ChebyshevRecurrence.basisT(new double[4], 0, 4, 1, out, 0, 3));
    expect("degree must be >= 0, got -1",
        () -> ChebyshevRecurrence.basisU(new double[4], 0, 4, -1, out, 0, 4));
    expect("degree must be >= 0, got -3", () -> ChebyshevRecurrence.basisU(new double[2], -3));
    expect("coef range [0, 4) is outside the array of length 3",
        () -> ChebyshevRecurrence.clenshaw(new double[3], 0, 3, new double[2], 0, out, 0, 2));
    expect("out [1, 3) and x [0, 2) overlap in the same array",
        () -> ChebyshevRecurrence.clenshaw(new double[2], 0, 1, out, 0, out, 1, 2));
    expect("out [0, 2) and coef [0, 2) overlap in the same array",
        () -> ChebyshevRecurrence.clenshaw(out, 0, 1, new double[2], 0, out, 0, 2));
    expect("prev range [0, 9) is outside the array of length 8",
        () -> ChebyshevRecurrence.step(1, new double[9], 0, 1, new double[9], 0, 1, out, 0,
            new double[9], 0, 9));
    expect("t0 is 3x2 with offset 0 and leading dimension 2, which needs 6 elements, but the "
        + "array has 5", () -> ChebyshevRecurrence.block(new double[9], 3, 0, 1,
            new double[5], 2, 1, new double[12]));
    expect("center must be finite and halfWidth finite and > 0, got center=NaN, halfWidth=1.0",
        () -> ChebyshevRecurrence.block(new double[9], 3, Double.NaN, 1, new double[3], 1, 1,
            out));
    assertArrayEquals(filledF(8, 4f), outF);
    assertArrayEquals(filled(8, 4), out);
  }
}
