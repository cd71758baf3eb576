package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.kernels.internal.Blas1Kernels;
import dev.cmr.kernels.internal.ScalarKernels;
import dev.cmr.kernels.vector.VectorKernelProvider;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Level-1 kernels: each vector width against the scalar reference on awkward lengths, with a
 * tolerance that grows with the length; norms at the edges of the exponent range; the facade's
 * argument checks.
 */
class Blas1Test {
  /** 0, 1, around every lane count (4, 8, 16) and unroll factor, primes, and large. */
  static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65,
      127, 129, 1003, 4099};

  static final List<Blas1Kernels> VECTOR = List.of(new VectorKernelProvider(128).blas1(),
      new VectorKernelProvider(256).blas1(), new VectorKernelProvider(512).blas1());
  static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;

  @Test
  void reductionsMatchScalar() {
    for (Blas1Kernels v : VECTOR) {
      for (int n : LENGTHS) {
        int off = 3;
        double[] x = random(n + off + 2, n);
        double[] y = random(n + off + 2, n + 1000);
        float[] fx = toFloat(x);
        float[] fy = toFloat(y);
        double absDot = SCALAR.dot(abs(x), off, abs(y), off, n);
        double sumSq = SCALAR.sumOfSquares(x, off, n);
        String where = v.getClass().getSimpleName() + " n=" + n;

        close(SCALAR.dot(fx, off, fy, off, n), v.dot(fx, off, fy, off, n), n, 1e-7, absDot,
            where + " float dot");
        close(SCALAR.dot(x, off, y, off, n), v.dot(x, off, y, off, n), n, 1e-16, absDot,
            where + " double dot");
        close(SCALAR.sumOfSquares(fx, off, n), v.sumOfSquares(fx, off, n), n, 1e-7, sumSq,
            where + " float sumOfSquares");
        close(SCALAR.norm2(x, off, n), v.norm2(x, off, n), n, 1e-16, Math.sqrt(sumSq),
            where + " double norm2");
        close(SCALAR.norm2(fx, off, n), v.norm2(fx, off, n), n, 1e-7, Math.sqrt(sumSq),
            where + " float norm2");
        assertEquals(SCALAR.maxAbs(fx, off, n), v.maxAbs(fx, off, n), where + " float maxAbs");
        assertEquals(SCALAR.maxAbs(x, off, n), v.maxAbs(x, off, n), where + " maxAbs");
      }
    }
  }

  @Test
  void updatesMatchScalarAndStayInRange() {
    for (Blas1Kernels v : VECTOR) {
      for (int n : LENGTHS) {
        int off = 2;
        double[] x = random(n + off + 3, n + 7);
        float[] fx = toFloat(x);
        double[] want = random(n + off + 3, n + 8);
        double[] got = want.clone();
        float[] fwant = toFloat(want);
        float[] fgot = fwant.clone();
        SCALAR.axpy(-1.5, x, off, want, off, n);
        v.axpy(-1.5, x, off, got, off, n);
        SCALAR.axpy(0.25f, fx, off, fwant, off, n);
        v.axpy(0.25f, fx, off, fgot, off, n);
        String where = v.getClass().getSimpleName() + " n=" + n;
        for (int i = 0; i < want.length; i++) {
          // fused and unfused multiply-add differ by at most one rounding of the product
          assertEquals(want[i], got[i], 4e-16, where + " axpy at " + i);
          assertEquals(fwant[i], fgot[i], 2e-7f, where + " float axpy at " + i);
        }
        SCALAR.scale(3.0, want, off, n);
        v.scale(3.0, got, off, n);
        SCALAR.scale(-0.5f, fwant, off, n);
        v.scale(-0.5f, fgot, off, n);
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], 1.2e-15, where + " scale at " + i);
          assertEquals(fwant[i], fgot[i], 2e-7f, where + " float scale at " + i);
        }
      }
    }
  }

  @Test
  void norm2NeitherOverflowsNorUnderflows() {
    for (Blas1Kernels k : List.of(VECTOR.get(0), VECTOR.get(2), SCALAR)) {
      for (int n : new int[] {1, 17, 1003}) {
        float[] big = new float[n];
        float[] tiny = new float[n];
        double[] huge = new double[n];
        java.util.Arrays.fill(big, 3e30f);
        java.util.Arrays.fill(tiny, 3e-30f);
        java.util.Arrays.fill(huge, 3e300);
        double root = Math.sqrt(n);
        double bigNorm = (double) 3e30f * root;
        double tinyNorm = (double) 3e-30f * root;
        // float sums of n equal squares round by up to about n * eps relative
        double floatTol = (n + 2) * 1.2e-7;
        assertEquals(bigNorm, k.norm2(big, 0, n), bigNorm * floatTol);
        assertEquals(tinyNorm, k.norm2(tiny, 0, n), tinyNorm * floatTol);
        assertEquals(3e300 * root, k.norm2(huge, 0, n), 3e300 * root * (n + 2) * 2.3e-16);
        assertTrue(Float.isInfinite(k.sumOfSquares(big, 0, n)), "the naive sum overflows");
        big[n / 2] = Float.NaN;
        assertTrue(Float.isNaN(k.norm2(big, 0, n)));
        big[n / 2] = Float.NEGATIVE_INFINITY;
        assertEquals(Float.POSITIVE_INFINITY, k.norm2(big, 0, n));
        assertEquals(0.0, k.norm2(new double[n], 0, n));
      }
    }
  }

  @Test
  void facadeUsesTheActiveKernelsAndChecksRanges() {
    double[] x = random(40, 1);
    double[] y = random(40, 2);
    assertEquals(SCALAR.dot(x, 0, y, 0, 40), Blas1.dot(x, y), 40 * 1e-16 * 40);
    assertEquals(SCALAR.norm2(x, 5, 30), Blas1.norm2(x, 5, 30), 1e-14);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Blas1.dot(new float[10], 4, new float[10], 0, 7));
    assertEquals("x range [4, 11) is outside the array of length 10", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Blas1.axpy(1.0, x, 0, y, 0, -1));
    assertEquals("n must be >= 0, got -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Blas1.dot(x, new double[3]));
    assertEquals("x and y lengths differ: 40 != 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Blas1.scale(2f, new float[3], -1, 1));
    assertEquals("x range [-1, 0) is outside the array of length 3", e.getMessage());
  }

  private static void close(double want, double got, int n, double eps, double scale,
      String where) {
    double tol = 2.0 * (n + 2) * eps * scale + Double.MIN_NORMAL;
    assertTrue(Math.abs(want - got) <= tol,
        where + ": " + got + " vs scalar " + want + " (tolerance " + tol + ")");
  }

  static double[] random(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return x;
  }

  static float[] toFloat(double[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) x[i];
    }
    return y;
  }

  static double[] abs(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.abs(x[i]);
    }
    return y;
  }
}
