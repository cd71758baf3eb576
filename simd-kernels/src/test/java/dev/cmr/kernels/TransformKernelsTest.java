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
import java.util.SplittableRandom;
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

  /** Column counts for the chains: empty, one, around 8 and 16 lanes, 64 + 3, large. */
  static final int[] CHAIN_COLUMNS = {0, 1, 7, 8, 9, 17, 67, 1003};

  /** Chain lengths: one, two, many. */
  static final int[] CHAIN_COUNTS = {1, 2, 23};

  @Test
  void transformChainsAgreeWithTheScalarReferenceAtEveryWidth() {
    SplittableRandom random = new SplittableRandom(17);
    for (int count : CHAIN_COUNTS) {
      // scaled rotations (alpha = delta = 1) mixed with general transforms
      double[] m = new double[4 * count + 2];
      for (int t = 0; t < count; t++) {
        boolean general = t % 5 == 3;
        for (int q = 0; q < 4; q++) {
          m[2 + 4 * t + q] = 2 * random.nextDouble() - 1;
        }
        if (!general) {
          m[2 + 4 * t] = 1;
          m[2 + 4 * t + 3] = 1;
        }
      }
      for (int cols : CHAIN_COLUMNS) {
        for (boolean descending : new boolean[] {false, true}) {
          int rows = count + 3;
          int k = descending ? count : 1;
          double[][] z = new double[rows][];
          for (int r = 0; r < rows; r++) {
            z[r] = random(cols + 4, 31L * r + cols);
          }
          double[][] want = copy(z);
          ScalarKernels.INSTANCE.transformChain(want, k, count, descending, m, 2, 2, cols + 2);
          for (KernelProvider p : Blas2KernelsTest.IMPLS) {
            double[][] got = copy(z);
            p.rotations().transformChain(got, k, count, descending, m, 2, 2, cols + 2);
            String where = p.description() + " count=" + count + " cols=" + cols
                + (descending ? " descending" : " ascending");
            for (int r = 0; r < rows; r++) {
              for (int j = 0; j < cols + 4; j++) {
                double w = want[r][j];
                assertEquals(w, got[r][j], 1e-15 * count * (1 + Math.abs(w)),
                    where + " row " + r + " column " + j);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void rotationChainsMatchRotationByRotation() {
    SplittableRandom random = new SplittableRandom(5);
    for (int count : new int[] {0, 1, 2, 9, 300}) {
      double[] c = new double[count + 1];
      double[] s = new double[count + 1];
      for (int t = 0; t <= count; t++) {
        // every fourth cosine below the scaled-rotation threshold, some exactly zero
        double angle = t % 4 == 1 ? Math.PI / 2 - 0.05 * random.nextDouble()
            : 2 * Math.PI * random.nextDouble();
        c[t] = t % 8 == 5 ? 0 : Math.cos(angle);
        s[t] = t % 8 == 5 ? 1 : Math.sin(angle);
      }
      for (int cols : CHAIN_COLUMNS) {
        for (boolean descending : new boolean[] {false, true}) {
          int rows = count + 2;
          int k = descending ? count : 0;
          double[][] z = new double[rows][];
          for (int r = 0; r < rows; r++) {
            z[r] = random(cols, 7L * r + cols);
          }
          double[][] want = copy(z);
          for (int t = 0; t < count; t++) {
            int r = descending ? k - t : k + t;
            ScalarKernels.INSTANCE.rotate(want[r], 0, want[r + 1], 0, cols, c[t + 1], s[t + 1]);
          }
          Rotations.rotateChain(z, k, count, descending, c, s, 1, cols);
          String where = "count=" + count + " cols=" + cols
              + (descending ? " descending" : " ascending");
          // a row meets at most two rotations of a chain: a few ulps of the row's size
          for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
              assertEquals(want[r][j], z[r][j], 8e-16 * 4, where + " row " + r + " col " + j);
            }
          }
        }
      }
    }
  }

  private static double[][] copy(double[][] z) {
    double[][] c = new double[z.length][];
    for (int r = 0; r < z.length; r++) {
      c[r] = z[r].clone();
    }
    return c;
  }
}
