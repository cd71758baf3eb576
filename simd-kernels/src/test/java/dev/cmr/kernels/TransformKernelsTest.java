package dev.cmr.kernels;

import static dev.cmr.kernels.Blas2KernelsTest.close;
import static dev.cmr.kernels.Blas2KernelsTest.random;
import static dev.cmr.kernels.Blas2KernelsTest.toFloat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.internal.ReflectorKernels;
import dev.cmr.kernels.internal.RotationKernels;
import dev.cmr.kernels.internal.ScalarKernels;
import org.junit.jupiter.api.Test;

/**
 * Householder reflectors and plane rotations at every vector width and the scalar reference:
 * reflectors against the explicit matrix {@code I - tau v v^T} and against themselves (a
 * reflector with {@code tau = 2 / v^T v} is its own inverse); rotations bit for bit against
 * the scalar loop and against the formula.
 */
class TransformKernelsTest {
  /** Block shapes (rows, cols) inside a larger matrix. */
  static final int[][] BLOCKS = {{0, 4}, {4, 0}, {1, 1}, {2, 7}, {3, 8}, {5, 9}, {8, 15},
      {16, 17}, {17, 16}, {9, 33}, {1003, 3}, {3, 1003}};

  /** Vector lengths: empty, 1, around 2, 4, 8 and 16 lanes, prime, large. */
  static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 1003};

  @Test
  void reflectorsMatchTheExplicitMatrixFromBothSides() {
    for (KernelProvider p : Blas2KernelsTest.IMPLS) {
      ReflectorKernels k = p.reflectors();
      for (int[] b : BLOCKS) {
        int rows = b[0];
        int cols = b[1];
        int r0 = 2;
        int c0 = 1;
        int lda = c0 + cols + 3;
        int total = (r0 + rows + 1) * lda;
        double[] a = random(total, 11L * rows + cols);
        String where = p.description() + " block " + rows + "x" + cols;
        for (boolean left : new boolean[] {true, false}) {
          int len = left ? rows : cols;
          double[] v = random(len + 1, 5 + len);
          double tau = len == 0 ? 0 : 2 / dot(v, 1, len);
          double[] want = a.clone();

          // reference: dense product with H = I - tau v v^T
          for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
              double sum = 0;
              for (int t = 0; t < len; t++) {
                int h0 = left ? i : j;
                double h = (t == h0 ? 1 : 0) - tau * v[1 + h0] * v[1 + t];
                sum += h * (left ? a[(r0 + t) * lda + c0 + j] : a[(r0 + i) * lda + c0 + t]);
              }
              want[(r0 + i) * lda + c0 + j] = sum;
            }
          }
          double[] got = a.clone();
          if (left) {
            k.applyLeft(tau, v, 1, got, 0, lda, r0, r0 + rows, c0, c0 + cols,
                new double[cols + 2], 2);
          } else {
            k.applyRight(tau, v, 1, got, 0, lda, r0, r0 + rows, c0, c0 + cols);
          }
          for (int i = 0; i < total; i++) {
            close(want[i], got[i], 2 * len, 1.2e-16, 8 * len + 1, where + " left=" + left
                + " at " + i);
          }

          // H is an involution: applying it again restores A
          if (left) {
            k.applyLeft(tau, v, 1, got, 0, lda, r0, r0 + rows, c0, c0 + cols,
                new double[cols], 0);
          } else {
            k.applyRight(tau, v, 1, got, 0, lda, r0, r0 + rows, c0, c0 + cols);
          }
          for (int i = 0; i < total; i++) {
            close(a[i], got[i], 4 * len, 1.2e-16, 16 * len + 1, where + " twice, left=" + left
                + " at " + i);
          }
        }
      }
    }
  }

  @Test
  void rotationsEqualTheScalarLoopAndTheFormula() {
    double theta = 0.7;
    double c = Math.cos(theta);
    double s = Math.sin(theta);
    for (KernelProvider p : Blas2KernelsTest.IMPLS) {
      RotationKernels k = p.rotations();
      for (int n : LENGTHS) {
        double[] x = random(n + 3, n);
        double[] y = random(n + 1, n + 100);
        double[] gx = x.clone();
        double[] gy = y.clone();
        k.rotate(gx, 3, gy, 1, n, c, s);
        double[] sx = x.clone();
        double[] sy = y.clone();
        ScalarKernels.INSTANCE.rotate(sx, 3, sy, 1, n, c, s);
        String where = p.description() + " n=" + n;
        assertArrayEquals(sx, gx, where);
        assertArrayEquals(sy, gy, where);
        for (int i = 0; i < n; i++) {
          assertEquals(c * x[3 + i] + s * y[1 + i], gx[3 + i], 1e-15, where);
          assertEquals(-s * x[3 + i] + c * y[1 + i], gy[1 + i], 1e-15, where);
        }
        float[] fx = toFloat(x);
        float[] fy = toFloat(y);
        float[] fsx = fx.clone();
        float[] fsy = fy.clone();
        k.rotate(fx, 3, fy, 1, n, (float) c, (float) s);
        ScalarKernels.INSTANCE.rotate(fsx, 3, fsy, 1, n, (float) c, (float) s);
        assertArrayEquals(fsx, fx, where + " float");
        assertArrayEquals(fsy, fy, where + " float");
      }

      // columns 1 and 4 of a 17 x 6 matrix with lda 7
      double[] a = random(17 * 7, 3);
      double[] got = a.clone();
      k.rotateColumns(17, got, 0, 7, 1, 4, c, s);
      for (int i = 0; i < 17; i++) {
        for (int j = 0; j < 7; j++) {
          double want = j == 1 ? c * a[i * 7 + 1] + s * a[i * 7 + 4]
              : j == 4 ? -s * a[i * 7 + 1] + c * a[i * 7 + 4] : a[i * 7 + j];
          assertEquals(want, got[i * 7 + j], 1e-15, p.description() + " column rotation");
        }
      }
    }
  }

  private static double dot(double[] v, int off, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += v[off + i] * v[off + i];
    }
    return s;
  }
}
