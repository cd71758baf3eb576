package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.vector.VectorKernelProvider;
import org.junit.jupiter.api.Test;

/**
 * Reductions return the same bits before and after C2 compiles them: the first calls run in
 * the interpreter (the Vector API's Java fallback), later ones run compiled code.
 */
class RepeatabilityTest {

  @Test
  void reductionsGiveTheSameBitsInEveryCompilationTier() {
    int bits = Math.min(512, Math.max(128, VectorKernelProvider.preferredBitSize()));
    KernelProvider p = new VectorKernelProvider(bits);
    int n = 67;
    double[] x = Blas2KernelsTest.random(n, 1);
    double[] y = Blas2KernelsTest.random(n, 2);
    double[] a = Blas2KernelsTest.random(4 * n, 3);
    float[] fx = Blas2KernelsTest.toFloat(x);
    double[] out = new double[4];
    double first = p.blas1().dot(x, 0, y, 0, n);
    float firstFloat = p.blas1().dot(fx, 0, fx, 0, n);
    p.blas2().gemv(false, 4, n, 1.0, a, 0, n, x, 0, 0.0, out, 0);
    double firstRow = out[3];
    for (int i = 0; i < 30_000; i++) {
      double d = p.blas1().dot(x, 0, y, 0, n);
      float f = p.blas1().dot(fx, 0, fx, 0, n);
      p.blas2().gemv(false, 4, n, 1.0, a, 0, n, x, 0, 0.0, out, 0);
      if (d != first || f != firstFloat || out[3] != firstRow) {
        assertEquals(first, d, "double dot at call " + i);
        assertEquals(firstFloat, f, "float dot at call " + i);
        assertEquals(firstRow, out[3], "gemv row at call " + i);
      }
    }
  }
}
