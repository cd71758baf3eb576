package dev.cmr.kernels;

import static dev.cmr.kernels.Blas2KernelsTest.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.kernels.internal.ChebyshevKernels;
import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.internal.ScalarKernels;
import org.junit.jupiter.api.Test;

/**
 * Chebyshev kernels at every vector width: bit-for-bit equal to the scalar reference, and
 * against the closed forms {@code T_k(cos t) = cos(k t)}, {@code U_k(cos t) =
 * sin((k+1) t) / sin t}; Clenshaw against the explicit sum; the block recurrence against a
 * diagonal operator, whose answer is known point by point, and against plain loops.
 */
class ChebyshevKernelsTest {
  /** Point counts: empty, 1, around 2, 4, 8 and 16 lanes and twice that, prime, large. */
  static final int[] COUNTS = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 1003};

  static final int[] DEGREES = {0, 1, 2, 7, 40};

  @Test
  void basesMatchClosedFormsAndScalarExactly() {
    for (KernelProvider p : Blas2KernelsTest.IMPLS) {
      ChebyshevKernels k = p.chebyshev();
      for (int n : COUNTS) {
        double[] x = new double[n + 2];
        for (int i = 0; i < n; i++) {
          // points inside (-1, 1), away from the ends where U's closed form divides by ~0
          x[2 + i] = Math.cos(Math.PI * (i + 0.5) / (n + 0.25));
        }
        for (int degree : DEGREES) {
          int ld = n + 1;
          String where = p.description() + " n=" + n + " degree=" + degree;
          double[] t = new double[3 + (degree + 1) * ld];
          double[] u = new double[3 + (degree + 1) * ld];
          k.basisT(x, 2, n, degree, t, 3, ld);
          k.basisU(x, 2, n, degree, u, 3, ld);
          double[] ts = new double[t.length];
          double[] us = new double[u.length];
          ScalarKernels.INSTANCE.basisT(x, 2, n, degree, ts, 3, ld);
          ScalarKernels.INSTANCE.basisU(x, 2, n, degree, us, 3, ld);
          assertArrayEquals(ts, t, where + " T vs scalar");
          assertArrayEquals(us, u, where + " U vs scalar");
          for (int kk = 0; kk <= degree; kk++) {
            for (int i = 0; i < n; i++) {
              double theta = Math.acos(x[2 + i]);
              // rounding grows like k^2 near the ends of [-1, 1] (dT_k/dx = k U_{k-1})
              double tolT = 4e-16 * (kk + 1) * (kk + 1);
              double tolU = 4e-16 * (kk + 1) * (kk + 1) / Math.sin(theta);
              assertEquals(Math.cos(kk * theta), t[3 + kk * ld + i], tolT, where + " T_" + kk);
              assertEquals(Math.sin((kk + 1) * theta) / Math.sin(theta), u[3 + kk * ld + i],
                  tolU, where + " U_" + kk);
            }
            // the padding column is never written
            if (n > 0) {
              assertEquals(0.0, t[3 + kk * ld + n], where);
            }
          }

          float[] fx = Blas2KernelsTest.toFloat(x);
          float[] ft = new float[t.length];
          float[] fs = new float[t.length];
          k.basisT(fx, 2, n, degree, ft, 3, ld);
          ScalarKernels.INSTANCE.basisT(fx, 2, n, degree, fs, 3, ld);
          assertArrayEquals(fs, ft, where + " float T vs scalar");
          for (int i = 0; i < n; i++) {
            double theta = Math.acos(fx[2 + i]);
            assertEquals(Math.cos(degree * theta), ft[3 + degree * ld + i],
                3e-7 * (degree + 1), where + " float T_" + degree);
          }
        }
      }
    }
  }

  @Test
  void clenshawEqualsTheExplicitSumAndScalarExactly() {
    for (KernelProvider p : Blas2KernelsTest.IMPLS) {
      for (int n : COUNTS) {
        double[] x = random(n + 1, n);
        for (int degree : DEGREES) {
          double[] coef = random(degree + 2, degree);
          double[] got = new double[n + 3];
          p.chebyshev().clenshaw(coef, 1, degree, x, 1, got, 3, n);
          double[] scalar = new double[n + 3];
          ScalarKernels.INSTANCE.clenshaw(coef, 1, degree, x, 1, scalar, 3, n);
          String where = p.description() + " n=" + n + " degree=" + degree;
          assertArrayEquals(scalar, got, where);
          for (int i = 0; i < n; i++) {
            double theta = Math.acos(x[1 + i]);
            double sum = 0;
            for (int kk = 0; kk <= degree; kk++) {
              sum += coef[1 + kk] * Math.cos(kk * theta);
            }
            assertEquals(sum, got[3 + i], 1e-15 * (degree + 1) * (degree + 1), where);
          }
        }
      }
    }
  }

  @Test
  void stepCombinesThreeTermsAndScalarExactly() {
    for (KernelProvider p : Blas2KernelsTest.IMPLS) {
      for (int n : COUNTS) {
        double[] at = random(n + 1, n);
        double[] t = random(n + 2, n + 1);
        double[] prev = random(n, n + 2);
        double[] got = prev.clone();
        // next written over prev, as the recurrence does in place
        p.chebyshev().step(0.5, at, 1, -0.25, t, 2, -1, got, 0, got, 0, n);
        double[] want = prev.clone();
        ScalarKernels.INSTANCE.step(0.5, at, 1, -0.25, t, 2, -1, want, 0, want, 0, n);
        assertArrayEquals(want, got, p.description() + " n=" + n);
        for (int i = 0; i < n; i++) {
          assertEquals(0.5 * at[1 + i] - 0.25 * t[2 + i] - prev[i], got[i], 1e-15);
        }
      }
    }
  }

  @Test
  void blockRecurrenceOnADiagonalOperatorIsTheScalarPolynomial() {
    // A = diag(a_i): T_k((A - c)/d) t0 has rows T_k((a_i - c)/d) * t0 row i
    int n = 19;
    int probes = 3;
    int degree = 12;
    double center = 0.5;
    double half = 2.5;
    double[] a = new double[n * n];
    double[] t0 = random(n * probes, 4);
    for (int i = 0; i < n; i++) {
      a[i * n + i] = center + half * Math.cos(0.3 + i);
    }
    double[] out = new double[(degree + 1) * n * probes];
    ChebyshevRecurrence.block(a, n, center, half, t0, probes, degree, out);
    for (int kk = 0; kk <= degree; kk++) {
      for (int i = 0; i < n; i++) {
        double tk = Math.cos(kk * (0.3 + i));
        for (int j = 0; j < probes; j++) {
          assertEquals(tk * t0[i * probes + j], out[kk * n * probes + i * probes + j],
              1e-14 * (kk + 1), "k=" + kk + " row " + i + " probe " + j);
        }
      }
    }
  }

  @Test
  void blockRecurrenceOnASymmetricMatrixMatchesPlainLoops() {
    int n = 33;
    int probes = 5;
    int degree = 9;
    double[] g = random(n * n, 8);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = (g[i * n + j] + g[j * n + i]) / 8;
      }
    }
    double[] t0 = random(n * probes, 9);
    double c = 0.1;
    double d = 1.7;
    double[] out = new double[(degree + 1) * n * probes];
    ChebyshevRecurrence.block(a, n, c, d, t0, probes, degree, out);

    double[] prev = new double[n * probes];
    double[] cur = t0.clone();
    for (int kk = 1; kk <= degree; kk++) {
      double[] next = new double[n * probes];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < probes; j++) {
          double bt = 0;
          for (int q = 0; q < n; q++) {
            bt += a[i * n + q] * cur[q * probes + j];
          }
          bt = (bt - c * cur[i * probes + j]) / d;
          next[i * probes + j] = kk == 1 ? bt : 2 * bt - prev[i * probes + j];
        }
      }
      prev = cur;
      cur = next;
      for (int e = 0; e < n * probes; e++) {
        assertEquals(cur[e], out[kk * n * probes + e], 1e-13 * kk, "k=" + kk + " at " + e);
      }
    }
    assertTrue(Math.abs(out[out.length - 1]) > 0, "the last block was written");
  }
}
