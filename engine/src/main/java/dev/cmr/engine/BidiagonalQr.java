package dev.cmr.engine;

import java.util.Arrays;


/**
 * Singular values, and optionally vectors, of an upper bidiagonal matrix {@code B} by the
 * implicit-shift QR iteration of Demmel and Kahan ("Accurate singular values of bidiagonal
 * matrices", SIAM J. Sci. Stat. Comput. 11, 1990), the method of LAPACK's {@code dbdsqr}.
 *
 * <p>{@code B} has diagonal {@code d[0..n)} and superdiagonal {@code e[0..n-1)}. Each sweep
 * chases a bulge through the active block, top to bottom when the block's larger end is at the
 * top and bottom to top otherwise, so graded matrices keep their small values. The shift is the
 * smaller singular value of the trailing (or leading) 2x2; when the estimated smallest singular
 * value of the block is negligible next to its largest, the zero-shift sweep is used instead,
 * which computes every value to high relative accuracy. An off-diagonal entry is set to zero
 * when {@code |e_i| <= tol mu_i} where {@code mu} is the Demmel-Kahan recurrence
 * {@code mu_{j+1} = |d_{j+1}| mu_j / (mu_j + |e_j|)} (a lower bound on the smallest singular
 * value of the leading part), or when it falls below an absolute floor {@code tol sigma_min}.
 * This keeps every singular value accurate to a few ulps relative to itself, not only to
 * {@code ||B||}.
 *
 * <p>The rotations of the rows of {@code U^T} and {@code V^T} are recorded in
 * {@link RotationLog}s (both optional), for the caller to apply afterwards.
 * Inner steps are bounded by {@code 6 n^2} as in LAPACK; when they run out a
 * {@link NoConvergenceException} says how many values had converged. A reusable workspace:
 * not thread-safe.
 */
final class BidiagonalQr {
  private static final double EPS = Math.ulp(1.0) / 2;
  /** Relative tolerance, {@code max(10, min(100, eps^(-1/8))) eps}, LAPACK's choice. */
  private static final double TOL = Math.max(10, Math.min(100, Math.pow(EPS, -0.125))) * EPS;
  private static final int MAX_ITERATIONS_FACTOR = 6;

  private int iterations;
  private double offDiagonal;
  private boolean[] negated = new boolean[0];

  /**
   * Whether value {@code i} of the last call came out negative and was negated: row
   * {@code i} of {@code V^T} must then be negated too, after the rotations are applied.
   */
  boolean negated(int i) {
    return negated[i];
  }

  /** Inner QR steps (rotations per row pair, summed) used by the last call. */
  int iterations() {
    return iterations;
  }

  /**
   * Largest off-diagonal entry set to zero by the last call, relative to {@code ||B||_max}:
   * the final off-diagonal size, at most about twice {@link #tolerance()} (the entries
   * of {@code B} can grow to its largest singular value while it converges).
   */
  double offDiagonal() {
    return offDiagonal;
  }

  /** The relative deflation tolerance used. */
  static double tolerance() {
    return TOL;
  }

  /**
   * Diagonalizes {@code B} in place: on return {@code d} holds the singular values,
   * non-negative but unsorted, and {@code e} is zero.
   *
   * @param uLog records the rotations of the rows of {@code U^T}, or null
   * @param vLog records the rotations of the rows of {@code V^T}, or null
   * @throws NoConvergenceException when {@code 6 n^2} inner steps do not suffice
   */
  void diagonalize(double[] d, double[] e, int n, RotationLog uLog, RotationLog vLog) {
    diagonalize(d, e, n, uLog, vLog, MAX_ITERATIONS_FACTOR);
  }

  /** {@link #diagonalize} with the bound {@code factor n^2} on inner steps (for tests). */
  void diagonalize(double[] d, double[] e, int n, RotationLog uLog, RotationLog vLog,
      double factor) {
    iterations = 0;
    offDiagonal = 0;
    if (negated.length < n) {
      negated = new boolean[n];
    } else {
      Arrays.fill(negated, 0, n, false);
    }
    if (n == 0) {
      return;
    }
    double smax = 0;
    for (int i = 0; i < n; i++) {
      smax = Math.max(smax, Math.abs(d[i]));
    }
    for (int i = 0; i < n - 1; i++) {
      smax = Math.max(smax, Math.abs(e[i]));
    }
    if (smax == 0) {
      return;
    }
    // lower bound on the smallest singular value, for the absolute floor
    double sminoa = Math.abs(d[0]);
    double mu = sminoa;
    for (int i = 1; i < n && sminoa > 0; i++) {
      mu = Math.abs(d[i]) * (mu / (mu + Math.abs(e[i - 1])));
      sminoa = Math.min(sminoa, mu);
    }
    sminoa /= Math.sqrt(n);
    long maxIterations = (long) (factor * n * n);
    double thresh = Math.max(TOL * sminoa, MAX_ITERATIONS_FACTOR * n * n * Double.MIN_NORMAL);

    long iter = 0;
    int oldLo = -1;
    int oldHi = -1;
    int direction = 1;
    int hi = n - 1;
    outer:
    while (hi > 0) {
      if (iter > maxIterations) {
        int converged = n - 1 - hi;
        iterations = (int) Math.min(Integer.MAX_VALUE, iter);
        throw new NoConvergenceException("bidiagonal QR iteration did not converge: "
            + converged + " of " + n + " singular values converged after " + iter
            + " inner steps (limit " + maxIterations + ")", iterations, converged);
      }
      // find the unreduced block lo..hi at the bottom
      double blockMax = Math.abs(d[hi]);
      int lo = 0;
      boolean split = false;
      for (int l = hi - 1; l >= 0; l--) {
        double abse = Math.abs(e[l]);
        if (abse <= thresh) {
          drop(e, l, smax);
          if (l == hi - 1) {
            hi--;
            continue outer;
          }
          lo = l + 1;
          split = true;
          break;
        }
        blockMax = Math.max(blockMax, Math.max(Math.abs(d[l]), abse));
      }
      if (!split) {
        lo = 0;
      }

      if (lo == hi - 1) {
        twoByTwo(d, e, hi - 1, uLog, vLog);
        hi -= 2;
        continue;
      }

      // a new block: chase towards the smaller end
      if (lo > oldHi || hi < oldLo) {
        direction = Math.abs(d[lo]) >= Math.abs(d[hi]) ? 1 : 2;
      }

      // relative convergence tests
      double sminl;
      if (direction == 1) {
        if (Math.abs(e[hi - 1]) <= TOL * Math.abs(d[hi])) {
          drop(e, hi - 1, smax);
          continue;
        }
        mu = Math.abs(d[lo]);
        sminl = mu;
        for (int l = lo; l < hi; l++) {
          if (Math.abs(e[l]) <= TOL * mu) {
            drop(e, l, smax);
            continue outer;
          }
          mu = Math.abs(d[l + 1]) * (mu / (mu + Math.abs(e[l])));
          sminl = Math.min(sminl, mu);
        }
      } else {
        if (Math.abs(e[lo]) <= TOL * Math.abs(d[lo])) {
          drop(e, lo, smax);
          continue;
        }
        mu = Math.abs(d[hi]);
        sminl = mu;
        for (int l = hi - 1; l >= lo; l--) {
          if (Math.abs(e[l]) <= TOL * mu) {
            drop(e, l, smax);
            continue outer;
          }
          mu = Math.abs(d[l]) * (mu / (mu + Math.abs(e[l])));
          sminl = Math.min(sminl, mu);
        }
      }
      oldLo = lo;
      oldHi = hi;

      // shift: zero when it could not improve on the relative accuracy of the smallest value
      double shift;
      if (n * TOL * (sminl / blockMax) <= Math.max(EPS, 0.01 * TOL)) {
        shift = 0;
      } else {
        double sll;
        if (direction == 1) {
          sll = Math.abs(d[lo]);
          shift = smallerSingularValue(d[hi - 1], e[hi - 1], d[hi]);
        } else {
          sll = Math.abs(d[hi]);
          shift = smallerSingularValue(d[lo], e[lo], d[lo + 1]);
        }
        if (sll > 0 && (shift / sll) * (shift / sll) < EPS) {
          shift = 0;
        }
      }
      iter += hi - lo;

      if (shift == 0) {
        if (direction == 1) {
          zeroShiftDown(d, e, lo, hi, uLog, vLog);
          if (Math.abs(e[hi - 1]) <= thresh) {
            drop(e, hi - 1, smax);
          }
        } else {
          zeroShiftUp(d, e, lo, hi, uLog, vLog);
          if (Math.abs(e[lo]) <= thresh) {
            drop(e, lo, smax);
          }
        }
      } else {
        if (direction == 1) {
          shiftedDown(d, e, lo, hi, shift, uLog, vLog);
          if (Math.abs(e[hi - 1]) <= thresh) {
            drop(e, hi - 1, smax);
          }
        } else {
          shiftedUp(d, e, lo, hi, shift, uLog, vLog);
          if (Math.abs(e[lo]) <= thresh) {
            drop(e, lo, smax);
          }
        }
      }
    }
    iterations = (int) Math.min(Integer.MAX_VALUE, iter);

    // make the values non-negative; the caller negates the matching rows of V^T
    for (int i = 0; i < n; i++) {
      negated[i] = d[i] < 0;
      if (negated[i]) {
        d[i] = -d[i];
      }
    }
  }

  private void drop(double[] e, int i, double smax) {
    offDiagonal = Math.max(offDiagonal, Math.abs(e[i]) / smax);
    e[i] = 0;
  }

  private static void record(RotationLog log, int i, double c, double s) {
    if (log != null) {
      log.add(i, c, s);
    }
  }

  /** Zero-shift sweep from the top (Demmel and Kahan, section 3). */
  private static void zeroShiftDown(double[] d, double[] e, int lo, int hi, RotationLog uLog,
      RotationLog vLog) {
    double cs = 1;
    double oldCs = 1;
    double oldSn = 0;
    for (int i = lo; i < hi; i++) {
      double f = d[i] * cs;
      double g = e[i];
      double r = Vectors.norm2(f, g);
      double sn;
      if (g == 0) {
        cs = 1;
        sn = 0;
        r = f;
      } else if (f == 0) {
        cs = 0;
        sn = 1;
        r = g;
      } else {
        cs = f / r;
        sn = g / r;
      }
      if (i > lo) {
        e[i - 1] = oldSn * r;
      }
      double f2 = oldCs * r;
      double g2 = d[i + 1] * sn;
      double r2 = Vectors.norm2(f2, g2);
      if (g2 == 0) {
        oldCs = 1;
        oldSn = 0;
        r2 = f2;
      } else if (f2 == 0) {
        oldCs = 0;
        oldSn = 1;
        r2 = g2;
      } else {
        oldCs = f2 / r2;
        oldSn = g2 / r2;
      }
      d[i] = r2;
      record(vLog, i, cs, sn);
      record(uLog, i, oldCs, oldSn);
    }
    double h = d[hi] * cs;
    d[hi] = h * oldCs;
    e[hi - 1] = h * oldSn;
  }

  /** Zero-shift sweep from the bottom. */
  private static void zeroShiftUp(double[] d, double[] e, int lo, int hi, RotationLog uLog,
      RotationLog vLog) {
    double cs = 1;
    double oldCs = 1;
    double oldSn = 0;
    for (int i = hi; i > lo; i--) {
      double f = d[i] * cs;
      double g = e[i - 1];
      double r = Vectors.norm2(f, g);
      double sn;
      if (g == 0) {
        cs = 1;
        sn = 0;
        r = f;
      } else if (f == 0) {
        cs = 0;
        sn = 1;
        r = g;
      } else {
        cs = f / r;
        sn = g / r;
      }
      if (i < hi) {
        e[i] = oldSn * r;
      }
      double f2 = oldCs * r;
      double g2 = d[i - 1] * sn;
      double r2 = Vectors.norm2(f2, g2);
      if (g2 == 0) {
        oldCs = 1;
        oldSn = 0;
        r2 = f2;
      } else if (f2 == 0) {
        oldCs = 0;
        oldSn = 1;
        r2 = g2;
      } else {
        oldCs = f2 / r2;
        oldSn = g2 / r2;
      }
      d[i] = r2;
      record(uLog, i - 1, cs, -sn);
      record(vLog, i - 1, oldCs, -oldSn);
    }
    double h = d[lo] * cs;
    d[lo] = h * oldCs;
    e[lo] = h * oldSn;
  }

  /** Shifted sweep from the top. */
  private static void shiftedDown(double[] d, double[] e, int lo, int hi, double shift,
      RotationLog uLog, RotationLog vLog) {
    double f = (Math.abs(d[lo]) - shift) * (Math.copySign(1, d[lo]) + shift / d[lo]);
    double g = e[lo];
    for (int i = lo; i < hi; i++) {
      double r = Vectors.norm2(f, g);
      double cosr;
      double sinr;
      if (g == 0) {
        cosr = 1;
        sinr = 0;
        r = f;
      } else if (f == 0) {
        cosr = 0;
        sinr = 1;
        r = g;
      } else {
        cosr = f / r;
        sinr = g / r;
      }
      if (i > lo) {
        e[i - 1] = r;
      }
      f = cosr * d[i] + sinr * e[i];
      e[i] = cosr * e[i] - sinr * d[i];
      g = sinr * d[i + 1];
      d[i + 1] = cosr * d[i + 1];
      r = Vectors.norm2(f, g);
      double cosl;
      double sinl;
      if (g == 0) {
        cosl = 1;
        sinl = 0;
        r = f;
      } else if (f == 0) {
        cosl = 0;
        sinl = 1;
        r = g;
      } else {
        cosl = f / r;
        sinl = g / r;
      }
      d[i] = r;
      f = cosl * e[i] + sinl * d[i + 1];
      d[i + 1] = cosl * d[i + 1] - sinl * e[i];
      if (i < hi - 1) {
        g = sinl * e[i + 1];
        e[i + 1] = cosl * e[i + 1];
      }
      record(vLog, i, cosr, sinr);
      record(uLog, i, cosl, sinl);
    }
    e[hi - 1] = f;
  }

  /** Shifted sweep from the bottom. */
  private static void shiftedUp(double[] d, double[] e, int lo, int hi, double shift,
      RotationLog uLog, RotationLog vLog) {
    double f = (Math.abs(d[hi]) - shift) * (Math.copySign(1, d[hi]) + shift / d[hi]);
    double g = e[hi - 1];
    for (int i = hi; i > lo; i--) {
      double r = Vectors.norm2(f, g);
      double cosr;
      double sinr;
      if (g == 0) {
        cosr = 1;
        sinr = 0;
        r = f;
      } else if (f == 0) {
        cosr = 0;
        sinr = 1;
        r = g;
      } else {
        cosr = f / r;
        sinr = g / r;
      }
      if (i < hi) {
        e[i] = r;
      }
      f = cosr * d[i] + sinr * e[i - 1];
      e[i - 1] = cosr * e[i - 1] - sinr * d[i];
      g = sinr * d[i - 1];
      d[i - 1] = cosr * d[i - 1];
      r = Vectors.norm2(f, g);
      double cosl;
      double sinl;
      if (g == 0) {
        cosl = 1;
        sinl = 0;
        r = f;
      } else if (f == 0) {
        cosl = 0;
        sinl = 1;
        r = g;
      } else {
        cosl = f / r;
        sinl = g / r;
      }
      d[i] = r;
      f = cosl * e[i - 1] + sinl * d[i - 1];
      d[i - 1] = cosl * d[i - 1] - sinl * e[i - 1];
      if (i > lo + 1) {
        g = sinl * e[i - 2];
        e[i - 2] = cosl * e[i - 2];
      }
      record(uLog, i - 1, cosr, -sinr);
      record(vLog, i - 1, cosl, -sinl);
    }
    e[lo] = f;
  }

  /**
   * The smaller singular value of {@code [[f, g], [0, h]]}, accurate to a few ulps
   * (the formula of LAPACK's {@code dlas2}).
   */
  static double smallerSingularValue(double f, double g, double h) {
    double fa = Math.abs(f);
    double ga = Math.abs(g);
    double ha = Math.abs(h);
    double fhmn = Math.min(fa, ha);
    double fhmx = Math.max(fa, ha);
    if (fhmn == 0) {
      return 0;
    }
    if (ga < fhmx) {
      double as = 1 + fhmn / fhmx;
      double at = (fhmx - fhmn) / fhmx;
      double au = (ga / fhmx) * (ga / fhmx);
      double c = 2 / (Math.sqrt(as * as + au) + Math.sqrt(at * at + au));
      return fhmn * c;
    }
    double au = fhmx / ga;
    if (au == 0) {
      return (fhmn * fhmx) / ga;
    }
    double as = 1 + fhmn / fhmx;
    double at = (fhmx - fhmn) / fhmx;
    double c = 1 / (Math.sqrt(1 + (as * au) * (as * au)) + Math.sqrt(1 + (at * au) * (at * au)));
    return 2 * (fhmn * c) * au;
  }

  /**
   * Diagonalizes the 2x2 block at {@code k, k+1} exactly (to rounding) and rotates the vectors;
   * the formulas of LAPACK's {@code dlasv2}: {@code [cl sl; -sl cl] [f g; 0 h] [cr -sr; sr cr]
   * = diag(big, small)}.
   */
  private static void twoByTwo(double[] d, double[] e, int k, RotationLog uLog, RotationLog vLog) {
    double f = d[k];
    double g = e[k];
    double h = d[k + 1];
    double ft = f;
    double fa = Math.abs(ft);
    double ht = h;
    double ha = Math.abs(h);
    int pmax = 1;
    boolean swap = ha > fa;
    if (swap) {
      pmax = 3;
      double t = ft;
      ft = ht;
      ht = t;
      t = fa;
      fa = ha;
      ha = t;
    }
    double gt = g;
    double ga = Math.abs(gt);
    double ssmin;
    double ssmax;
    double clt;
    double crt;
    double slt;
    double srt;
    if (ga == 0) {
      ssmin = ha;
      ssmax = fa;
      clt = 1;
      crt = 1;
      slt = 0;
      srt = 0;
    } else {
      boolean gaSmall = true;
      ssmin = 0;
      ssmax = 0;
      clt = 1;
      crt = 1;
      slt = 0;
      srt = 0;
      if (ga > fa) {
        pmax = 2;
        if (fa / ga < EPS) {
          gaSmall = false;
          ssmax = ga;
          ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
          clt = 1;
          slt = ht / gt;
          srt = 1;
          crt = ft / gt;
        }
      }
      if (gaSmall) {
        double dd = fa - ha;
        double l = dd == fa ? 1 : dd / fa;
        double m = gt / ft;
        double t = 2 - l;
        double mm = m * m;
        double tt = t * t;
        double s = Math.sqrt(tt + mm);
        double r = l == 0 ? Math.abs(m) : Math.sqrt(l * l + mm);
        double a = 0.5 * (s + r);
        ssmin = ha / a;
        ssmax = fa * a;
        if (mm == 0) {
          if (l == 0) {
            t = Math.copySign(2, ft) * Math.copySign(1, gt);
          } else {
            t = gt / Math.copySign(dd, ft) + m / t;
          }
        } else {
          t = (m / (s + t) + m / (r + l)) * (1 + a);
        }
        l = Math.sqrt(t * t + 4);
        crt = 2 / l;
        srt = t / l;
        clt = (crt + srt * m) / a;
        slt = (ht / ft) * srt / a;
      }
    }
    double csl;
    double snl;
    double csr;
    double snr;
    if (swap) {
      csl = srt;
      snl = crt;
      csr = slt;
      snr = clt;
    } else {
      csl = clt;
      snl = slt;
      csr = crt;
      snr = srt;
    }
    double tsign;
    if (pmax == 1) {
      tsign = Math.copySign(1, csr) * Math.copySign(1, csl) * Math.copySign(1, f);
    } else if (pmax == 2) {
      tsign = Math.copySign(1, snr) * Math.copySign(1, csl) * Math.copySign(1, g);
    } else {
      tsign = Math.copySign(1, snr) * Math.copySign(1, snl) * Math.copySign(1, h);
    }
    ssmax = Math.copySign(ssmax, tsign);
    ssmin = Math.copySign(ssmin, tsign * Math.copySign(1, f) * Math.copySign(1, h));
    d[k] = ssmax;
    e[k] = 0;
    d[k + 1] = ssmin;
    record(vLog, k, csr, snr);
    record(uLog, k, csl, snl);
  }
}
