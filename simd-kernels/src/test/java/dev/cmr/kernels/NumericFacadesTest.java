package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.internal.ScalarKernels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The facades {@link Blas2}, {@link Householder}, {@link Rotations} and
 * {@link ChebyshevRecurrence}: they run the active (vector) kernels, agree with the scalar
 * reference, and reject bad arguments with messages naming the values.
 */
class NumericFacadesTest {

  @Test
  void theBuildRunsTheVectorKernelsOfEveryNewFamily() {
    assumeTrue(System.getProperty(Kernels.PATH_PROPERTY) == null,
        "path forced by -D" + Kernels.PATH_PROPERTY);
    KernelProvider p = Kernels.provider();
    for (Object family : List.of(p.blas2(), p.reflectors(), p.rotations(), p.chebyshev())) {
      assertEquals("dev.cmr.kernels.vector", family.getClass().getPackageName(),
          family.getClass().getName());
    }
  }

  @Test
  void facadesAgreeWithTheScalarReference() {
    double[] a = Blas2KernelsTest.random(9 * 11, 1);
    double[] x = Blas2KernelsTest.random(11, 2);
    double[] y = new double[9];
    double[] want = new double[9];
    Blas2.gemv(false, 9, 11, 1.0, a, 0, 11, x, 0, 0.0, y, 0);
    ScalarKernels.INSTANCE.gemv(false, 9, 11, 1.0, a, 0, 11, x, 0, 0.0, want, 0);
    assertArrayEquals(want, y, 1e-14);

    double[] pts = {-1, -0.3, 0, 0.5, 1};
    double[] t = ChebyshevRecurrence.basisT(pts, 3);
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, -1, -0.3, 0, 0.5, 1,
        1, 2 * 0.09 - 1, -1, -0.5, 1, -1, 4 * -0.027 + 0.9, 0, -1, 1}, t, 1e-15);
    double[] u = ChebyshevRecurrence.basisU(new double[] {1, -1}, 4);
    assertArrayEquals(new double[] {1, 1, 2, -2, 3, 3, 4, -4, 5, 5}, u, 0.0);
    assertArrayEquals(new double[] {1 - 0.3 * 2 + 3 * (2 * 0.09 - 1)},
        ChebyshevRecurrence.clenshaw(new double[] {1, 2, 3}, new double[] {-0.3}), 1e-15);

    double[] r1 = {1, 2, 3};
    double[] r2 = {4, 5, 6};
    Rotations.rotate(r1, 0, r2, 0, 3, 0.0, 1.0);
    assertArrayEquals(new double[] {4, 5, 6}, r1, 0.0);
    assertArrayEquals(new double[] {-1, -2, -3}, r2, 0.0);
  }

  @Test
  void badArgumentsNameTheValues() {
    double[] a = new double[12];
    double[] v = new double[4];
    expect("A is 3x4 but its leading dimension is 3 (needs >= 4)",
        () -> Blas2.gemv(false, 3, 4, 1.0, a, 0, 3, v, 0, 0.0, new double[3], 0));
    expect("A is 3x4 with offset 1 and leading dimension 4, which needs 13 elements, "
        + "but the array has 12",
        () -> Blas2.ger(3, 4, 1.0, v, 0, v, 0, a, 1, 4));
    expect("x range [2, 6) is outside the array of length 4",
        () -> Blas2.gemv(false, 3, 4, 1.0, a, 0, 4, v, 2, 0.0, new double[3], 0));
    expect("y range [0, 4) is outside the array of length 3",
        () -> Blas2.gemv(true, 3, 4, 1f, new float[12], 0, 4, new float[3], 0, 0f,
            new float[3], 0));
    expect("y [0, 3) and A [0, 12) overlap in the same array",
        () -> Blas2.gemv(false, 3, 4, 1.0, a, 0, 4, v, 0, 0.0, a, 0));
    expect("A dimensions must be >= 0, got -1x-1",
        () -> Blas2.syr2(-1, 1.0, v, 0, v, 0, a, 0, 4));
    expect("x [0, 4) and y [2, 6) overlap in the same array",
        () -> Rotations.rotate(sameArray, 0, sameArray, 2, 4, 1, 0));
    expect("columns p and q must be distinct and in [0, 4), got p=1, q=1",
        () -> Rotations.rotateColumns(3, 4, a, 0, 4, 1, 1, 1, 0));
    expect("block rows [2, 1) and columns [0, 4) must satisfy 0 <= r0 <= r1 and 0 <= c0 <= c1",
        () -> Householder.applyRight(1, v, 0, a, 0, 4, 2, 1, 0, 4));
    expect("work range [0, 4) is outside the array of length 3",
        () -> Householder.applyLeft(1, v, 0, a, 0, 4, 0, 3, 0, 4, new double[3], 0));
    expect("v [0, 3) and A block [0, 12) overlap in the same array",
        () -> Householder.applyLeft(1, a, 0, a, 0, 4, 0, 3, 0, 4, new double[4], 0));
    expect("degree must be >= 0, got -1", () -> ChebyshevRecurrence.basisT(v, -1));
    expect("out is 3x4 with offset 0 and leading dimension 4, which needs 12 elements, "
        + "but the array has 11",
        () -> ChebyshevRecurrence.basisU(v, 0, 4, 2, new double[11], 0, 4));
    expect("coef must have at least 1 element, got 0",
        () -> ChebyshevRecurrence.clenshaw(new double[0], v));
    expect("next [0, 4) and t [2, 6) overlap in the same array",
        () -> ChebyshevRecurrence.step(1, v, 0, 1, sameArray, 2, 1, v, 0, sameArray, 0, 4));
    expect("center must be finite and halfWidth finite and > 0, got center=0.0, halfWidth=0.0",
        () -> ChebyshevRecurrence.block(a, 3, 0, 0, v, 1, 2, new double[9]));
    expect("out needs (degree + 1) * n * probes = 9 elements, but has 8",
        () -> ChebyshevRecurrence.block(new double[9], 3, 0, 1, new double[3], 1, 2,
            new double[8]));
    expect("out must be a different array from t0",
        () -> ChebyshevRecurrence.block(new double[9], 3, 0, 1, sameArray, 1, 1, sameArray));
  }

  private final double[] sameArray = new double[10];

  private static void expect(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
  }
}
