package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.kernels.internal.Blas2Kernels;
import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.internal.ScalarKernelProvider;
import dev.cmr.kernels.vector.VectorKernelProvider;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Level-2 kernels at every vector width and the scalar reference against plain loops in
 * double, on awkward shapes (empty, one, around every lane count, primes, tall, wide) with
 * padded strides and offsets; the tolerance grows with the length of each sum.
 */
class Blas2KernelsTest {
  /** (m, n): empty, 1, lane-1/lane/lane+1 for 2, 4, 8 and 16 lanes, 17, tall, wide. */
  static final int[][] SHAPES = {
      {0, 5}, {5, 0}, {1, 1}, {1, 7}, {3, 8}, {4, 9}, {5, 15}, {7, 16}, {8, 17}, {9, 3},
      {17, 17}, {16, 33}, {6, 64}, {1003, 3}, {3, 1003}, {37, 129},
  };

  static final List<KernelProvider> IMPLS = List.of(ScalarKernelProvider.INSTANCE,
      new VectorKernelProvider(128), new VectorKernelProvider(256),
      new VectorKernelProvider(512));

  /** (alpha, beta): plain, both scaled, beta zero over NaN, alpha zero. */
  static final double[][] SCALARS = {{1, 0}, {-0.75, 1.25}, {0.5, 0}, {0, -2}};

  @Test
  void gemvMatchesPlainLoopsInBothOrientations() {
    for (KernelProvider p : IMPLS) {
      Blas2Kernels k = p.blas2();
      for (int[] s : SHAPES) {
        int m = s[0];
        int n = s[1];
        int lda = n + 3;
        int off = 2;
        double[] a = random(off + m * lda, 1 + m * 31L + n);
        for (boolean trans : new boolean[] {false, true}) {
          int xn = trans ? m : n;
          int yn = trans ? n : m;
          double[] x = random(xn + 1, 7 + n);
          for (double[] ab : SCALARS) {
            double[] y = random(yn + 4, 9 + m);
            if (ab[1] == 0 && yn > 0) {
              y[4 + yn / 2] = Double.NaN;
            }
            double[] want = y.clone();
            double[] scale = new double[yn];
            for (int r = 0; r < yn; r++) {
              double sum = 0;
              for (int c = 0; c < xn; c++) {
                double av = trans ? a[off + c * lda + r] : a[off + r * lda + c];
                sum += av * x[1 + c];
                scale[r] += Math.abs(av * x[1 + c]);
              }
              want[4 + r] = ab[1] == 0 ? ab[0] * sum : ab[0] * sum + ab[1] * y[4 + r];
            }
            double[] got = y.clone();
            k.gemv(trans, m, n, ab[0], a, off, lda, x, 1, ab[1], got, 4);
            float[] fy = toFloat(y);
            float[] fgot = fy.clone();
            k.gemv(trans, m, n, (float) ab[0], toFloat(a), off, lda, toFloat(x), 1,
                (float) ab[1], fgot, 4);
            String where = p.description() + " " + m + "x" + n + " trans=" + trans + " alpha="
                + ab[0] + " beta=" + ab[1];
            for (int r = 0; r < y.length; r++) {
              double old = ab[1] == 0 ? 0 : Math.abs(ab[1] * y[r]);
              double sc = r >= 4 ? Math.abs(ab[0]) * scale[r - 4] + old : 0;
              close(want[r], got[r], xn, 1.2e-16, sc, where + " y[" + r + "]");
              close(want[r], fgot[r], xn, 1.2e-7, sc + (r >= 4 ? 1 : 0), where + " float y["
                  + r + "]");
            }
          }
        }
      }
    }
  }

  @Test
  void rankOneAndRankTwoUpdatesMatchPlainLoops() {
    for (KernelProvider p : IMPLS) {
      Blas2Kernels k = p.blas2();
      for (int[] s : SHAPES) {
        int m = s[0];
        int n = s[1];
        int lda = n + 2;
        double[] a = random(1 + m * lda, 3 + m);
        double[] x = random(m + 2, 4 + n);
        double[] y = random(n + 1, 5 + m + n);
        double[] want = a.clone();
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            want[1 + i * lda + j] += -1.5 * x[2 + i] * y[1 + j];
          }
        }
        double[] got = a.clone();
        k.ger(m, n, -1.5, x, 2, y, 1, got, 1, lda);
        float[] fgot = toFloat(a);
        k.ger(m, n, -1.5f, toFloat(x), 2, toFloat(y), 1, fgot, 1, lda);
        String where = p.description() + " " + m + "x" + n;
        for (int i = 0; i < a.length; i++) {
          close(want[i], got[i], 1, 1.2e-16, 4, where + " ger at " + i);
          close(want[i], fgot[i], 1, 1.2e-7, 4, where + " float ger at " + i);
        }

        // symmetric rank 2 on the leading n' x n' block, n' = min(m, n)
        int q = Math.min(m, n);
        want = a.clone();
        for (int i = 0; i < q; i++) {
          for (int j = 0; j < q; j++) {
            want[1 + i * lda + j] += 0.5 * (x[2 + i] * y[1 + j] + y[1 + i] * x[2 + j]);
          }
        }
        got = a.clone();
        k.syr2(q, 0.5, x, 2, y, 1, got, 1, lda);
        for (int i = 0; i < a.length; i++) {
          close(want[i], got[i], 2, 1.2e-16, 4, where + " syr2 at " + i);
        }
      }
    }
  }

  static void close(double want, double got, int n, double eps, double scale, String where) {
    double tol = 2.0 * (n + 2) * eps * scale + Double.MIN_NORMAL;
    boolean same = Double.isNaN(want) ? Double.isNaN(got) : Math.abs(want - got) <= tol;
    assertTrue(same, where + ": " + got + " vs " + want + " (tolerance " + tol + ")");
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

  @Test
  void betaZeroIgnoresNanAndAlphaZeroReadsNothing() {
    for (KernelProvider p : IMPLS) {
      double[] a = new double[12];
      Arrays.fill(a, Double.NaN);
      double[] y = {Double.NaN, 2, 3};
      p.blas2().gemv(false, 3, 4, 0.0, a, 0, 4, new double[4], 0, 0.5, y, 0);
      assertTrue(Double.isNaN(y[0]), p.description());
      assertEquals(1.0, y[1], p.description());
      p.blas2().gemv(false, 3, 4, 0.0, a, 0, 4, new double[4], 0, 0.0, y, 0);
      assertEquals(List.of(0.0, 0.0, 0.0), List.of(y[0], y[1], y[2]), p.description());
    }
  }
}
