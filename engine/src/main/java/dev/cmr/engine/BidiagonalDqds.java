package dev.cmr.engine;

import java.util.Arrays;

/**
 * Singular values, without vectors, of an upper bidiagonal matrix {@code B} (diagonal
 * {@code d[0..n)}, superdiagonal {@code e[0..n-1)}) by the dqds algorithm of Fernando and
 * Parlett ("Accurate singular values and differential qd algorithms", Numer. Math. 67, 1994),
 * organized as in Parlett and Marques ("An implementation of the dqds algorithm (positive
 * case)", Linear Algebra Appl. 309, 2000). Every value comes out to high relative accuracy,
 * a modest multiple of {@code eps} relative to itself, graded matrices included.
 *
 * <p>The qd array holds the squares {@code q_k = d_k^2}, {@code e_k = e_k^2}. One shifted
 * transform with shift {@code tau} maps it, without square roots, to the array of
 * {@code B^T B - tau I}: {@code p = q_0 - tau}, then for each {@code k}
 * {@code q'_k = p + e_k}, {@code t = q_{k+1} / q'_k}, {@code e'_k = e_k t},
 * {@code p = p t - tau}, and finally {@code q'_last = p}. The pivots {@code p} are upper
 * bounds on the smallest eigenvalue of the new array; the transform is kept only when every
 * pivot is non-negative (then every entry stays positive and the step is relatively stable),
 * otherwise it is retried with a quarter of the shift, and after two failures with none (the
 * dqd transform, which always succeeds). Input and output live in two pairs of arrays used
 * alternately, so a failed transform costs nothing but its time. The shifts are summed in
 * two-term (compensated) arithmetic, and a value is the sum of that total and the
 * eigenvalue found.
 *
 * <p>Shifts: when the smallest pivot is the last one (the bottom converging), the smaller
 * eigenvalue of the trailing 2x2 array reduced by its relative coupling to the entries above
 * (see {@link #endShift}); otherwise a fraction of the smallest pivot, the fraction growing
 * while those shifts succeed. The pivots after a deflation are those of the last transform
 * minus the deflated ones. An array whose first entry is
 * clearly smaller than its last is reversed (the reversed array belongs to the reversed
 * transpose of {@code B}, with the same singular values), so the small values converge at
 * the bottom.
 *
 * <p>Deflation, with {@code tol} the tolerance of {@link BidiagonalQr} and {@code sigma} the
 * total shift: the last value when {@code e_last <= tol^2 (sigma + q_last)}; the last two
 * (solved in closed form) when the entry above them is below {@code tol^2} times
 * {@code sigma} plus the smaller eigenvalue of the trailing 2x2 array; a split at an inner
 * {@code e_k <= tol^2 sigma} (zeroing it moves every squared singular value by at most a
 * relative {@code tol}, since each is at least {@code sigma}); zeros in {@code e} split
 * exactly. A zero in {@code d} is carried to the bottom by dqd transforms and deflates as 0.
 *
 * <p>Range: the entries are scaled by a power of two so that the largest lies in
 * {@code [2^450, 2^451)}, and then squared, which neither overflows nor underflows as long as
 * every nonzero entry is at least {@code 2^-465} times the largest (about
 * {@code 1e-140}); the squares then span at most about 930 binary orders near the middle of
 * the exponent range, with room below them for singular values much smaller than any entry.
 * A bidiagonal with a wider range is handed to {@link BidiagonalQr} without vectors for that
 * call ({@link #fellBack()}). Transforms are bounded by {@value #MAX_TRANSFORMS_FACTOR}
 * {@code n} in total; when they run out a {@link NoConvergenceException} says how many values
 * had converged. A reusable workspace: not thread-safe.
 *
 * <p>Limitation: bidiagonals whose smallest pivot tends to sit inside the array (Gaussian
 * entries, unlike the bidiagonal of a Gaussian matrix) take about 8 transforms per value
 * instead of about 4: the shift is then only a fraction of that pivot.
 *
 * <p>Limitation: a singular value below about {@code 2^-980} times the largest entry (possible
 * only when the entries themselves span a wide range or {@code n} is in the hundreds with
 * entries growing towards the bottom) has a square that underflows, and is then accurate only
 * in absolute terms.
 */
final class BidiagonalDqds {
  /** Binary exponent the largest entry is scaled to before squaring. */
  private static final int SCALE_EXPONENT = 450;
  /** Nonzero entries below {@code 2^FALLBACK_EXPONENT} times the largest go to QR. */
  static final int FALLBACK_EXPONENT = -465;
  /** Transforms allowed per singular value, in total over the call. */
  static final int MAX_TRANSFORMS_FACTOR = 30;
  private static final double TOL = BidiagonalQr.tolerance();
  private static final double TOL2 = TOL * TOL;
  /** The array is reversed when its first entry is below its last by this factor. */
  private static final double REVERSE_RATIO = 1.5;
  /** Where the sum of coupling ratios of {@link #endShift} stops. */
  private static final double COUPLING_LIMIT = 1;

  private double[] qa = new double[0];
  private double[] ea = new double[0];
  private double[] qb = new double[0];
  private double[] eb = new double[0];
  /** Pending blocks: lo, hi, which pair of arrays holds them. */
  private int[] blocks = new int[0];
  /** Pending blocks' total shift, two terms each. */
  private double[] shifts = new double[0];
  private int pending;
  /** Eigenvalues of the scaled {@code B^T B} found so far. */
  private double[] found = new double[0];
  private int converged;
  /** Pivot statistics of the last transform, see {@link #transform}. */
  private final double[] stats = new double[7];

  private int transforms;
  private long steps;
  private double offDiagonal;
  private boolean fellBack;

  /** Transforms (failed ones included) used by the last call. */
  int transforms() {
    return transforms;
  }

  /** Inner steps (entries transformed, summed over the transforms) used by the last call. */
  int iterations() {
    return (int) Math.min(Integer.MAX_VALUE, steps);
  }

  /**
   * Largest dropped off-diagonal of the last call, as the square root of its ratio to the
   * quantity it was compared with: at most {@link BidiagonalQr#tolerance()}. After a
   * {@linkplain #fellBack() fallback}, {@link BidiagonalQr#offDiagonal()}.
   */
  double offDiagonal() {
    return offDiagonal;
  }

  /** Whether the last call handed the bidiagonal to {@link BidiagonalQr} (range too wide). */
  boolean fellBack() {
    return fellBack;
  }

  /**
   * The singular values of {@code B}, descending and non-negative; {@code d} and {@code e}
   * are not modified.
   *
   * @param d the diagonal, {@code n} entries used
   * @param e the superdiagonal, {@code n - 1} entries used
   * @param n the order
   * @return a new array of {@code n} values
   * @throws NoConvergenceException when {@value #MAX_TRANSFORMS_FACTOR} {@code n} transforms
   *     do not suffice
   */
  double[] singularValues(double[] d, double[] e, int n) {
    return singularValues(d, e, n, MAX_TRANSFORMS_FACTOR);
  }

  /** {@link #singularValues} with the bound {@code factor n} on transforms (for tests). */
  double[] singularValues(double[] d, double[] e, int n, double factor) {
    double[] out = new double[n];
    singularValues(d, e, n, factor, out);
    return out;
  }

  /**
   * {@link #singularValues(double[], double[], int)} into {@code out[0..n)}, keeping this
   * object's buffers for the next call.
   */
  void singularValues(double[] d, double[] e, int n, double[] out) {
    singularValues(d, e, n, MAX_TRANSFORMS_FACTOR, out);
  }

  private void singularValues(double[] d, double[] e, int n, double factor, double[] out) {
    transforms = 0;
    steps = 0;
    offDiagonal = 0;
    fellBack = false;
    Arrays.fill(out, 0, n, 0);
    double big = 0;
    for (int i = 0; i < n; i++) {
      big = Math.max(big, Math.abs(d[i]));
    }
    for (int i = 0; i < n - 1; i++) {
      big = Math.max(big, Math.abs(e[i]));
    }
    if (big == 0) {
      return;
    }
    int exponent = Svd.exponentOf(big);
    double floor = Math.scalb(big, FALLBACK_EXPONENT);
    if (!squaresFit(d, n, floor) || !squaresFit(e, n - 1, floor)) {
      System.arraycopy(fallBack(d, e, n), 0, out, 0, n);
      return;
    }
    ensureCapacity(n);
    int scale = SCALE_EXPONENT - exponent;
    for (int i = 0; i < n; i++) {
      double x = Math.scalb(d[i], scale);
      qa[i] = x * x;
    }
    for (int i = 0; i < n - 1; i++) {
      double x = Math.scalb(e[i], scale);
      ea[i] = x * x;
    }
    converged = 0;
    pending = 0;
    push(0, n - 1, 0, 0, 0);
    long maxTransforms = (long) Math.max(1, factor * n);
    while (pending > 0) {
      pending--;
      int lo = blocks[3 * pending];
      int hi = blocks[3 * pending + 1];
      int pair = blocks[3 * pending + 2];
      solveBlock(lo, hi, pair, shifts[2 * pending], shifts[2 * pending + 1], n,
          maxTransforms);
    }
    Arrays.sort(found, 0, n);
    for (int i = 0; i < n; i++) {
      out[i] = Math.scalb(Math.sqrt(found[n - 1 - i]), -scale);
    }
  }

  private static boolean squaresFit(double[] x, int count, double floor) {
    for (int i = 0; i < count; i++) {
      double a = Math.abs(x[i]);
      if (a != 0 && a < floor) {
        return false;
      }
    }
    return true;
  }

  private double[] fallBack(double[] d, double[] e, int n) {
    fellBack = true;
    double[] dc = Arrays.copyOf(d, n);
    double[] ec = Arrays.copyOf(e, Math.max(n, e.length));
    BidiagonalQr qr = new BidiagonalQr();
    qr.diagonalize(dc, ec, n, null, null);
    steps = qr.iterations();
    offDiagonal = qr.offDiagonal();
    Arrays.sort(dc);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = dc[n - 1 - i];
    }
    return out;
  }

  private void ensureCapacity(int n) {
    if (qa.length < n) {
      qa = new double[n];
      ea = new double[n];
      qb = new double[n];
      eb = new double[n];
      found = new double[n];
      blocks = new int[3 * n];
      shifts = new double[2 * n];
    }
  }

  private void push(int lo, int hi, int pair, double sigma, double sigmaLow) {
    blocks[3 * pending] = lo;
    blocks[3 * pending + 1] = hi;
    blocks[3 * pending + 2] = pair;
    shifts[2 * pending] = sigma;
    shifts[2 * pending + 1] = sigmaLow;
    pending++;
  }

  private void accept(double value, double sigma, double sigmaLow) {
    found[converged++] = sigma + (sigmaLow + value);
  }

  /**
   * Runs transforms on the block {@code lo..hi} of array pair {@code pair} (total shift
   * {@code sigma + sigmaLow}) until every value of it is found or split off to the stack.
   */
  private void solveBlock(int lo, int hi, int pair, double sigma, double sigmaLow, int n,
      long maxTransforms) {
    double[] q = pair == 0 ? qa : qb;
    double[] e = pair == 0 ? ea : eb;
    double[] qq = pair == 0 ? qb : qa;
    double[] ee = pair == 0 ? eb : ea;
    // splits at entries already negligible (exact zeros when there is no shift yet)
    for (int k = hi - 1; k >= lo; k--) {
      if (e[k] <= TOL2 * sigma) {
        dropped(e[k], sigma);
        push(lo, k, pair, sigma, sigmaLow);
        lo = k + 1;
        break;
      }
    }
    // what the last transform said about the current array: valid while hiStats == hi
    int hiStats = -1;
    double fraction = 0.25;
    boolean mayReverse = true;
    while (true) {
      // deflate at the bottom, one or two values at a time
      while (true) {
        if (hi == lo) {
          accept(q[lo], sigma, sigmaLow);
          return;
        }
        double q1 = q[hi - 1];
        double e1 = e[hi - 1];
        double q2 = q[hi];
        if (hi == lo + 1) {
          acceptPair(q1, e1, q2, sigma, sigmaLow);
          return;
        }
        double ref = sigma + q2;
        if (e1 <= TOL2 * ref) {
          dropped(e1, ref);
          accept(q2, sigma, sigmaLow);
          hi--;
          mayReverse = true;
          continue;
        }
        double ref2 = sigma + q1 * (q2 / (q1 + e1 + q2));
        if (e[hi - 2] <= TOL2 * ref2) {
          dropped(e[hi - 2], ref2);
          acceptPair(q1, e1, q2, sigma, sigmaLow);
          hi -= 2;
          mayReverse = true;
          continue;
        }
        if (mayReverse && REVERSE_RATIO * q[lo] < q2) {
          reverse(q, e, lo, hi);
          hiStats = -1;
        }
        mayReverse = false;
        break;
      }

      // choose the shift
      double tau;
      boolean general = false;
      if (hiStats < 0) {
        tau = 0;
      } else {
        // the pivots that still describe the array after the deflations since the transform
        int deflated = hiStats - hi;
        double low = deflated == 0 ? stats[0] : deflated == 1 ? stats[1] : stats[4];
        double last = deflated == 0 ? stats[2] : deflated == 1 ? stats[5] : stats[6];
        if (deflated > 2 || !(low > 0)) {
          tau = 0;
        } else if (low == last) {
          tau = endShift(q, e, lo, hi, last);
        } else {
          tau = fraction * low;
          general = true;
        }
      }

      // transform, retrying with smaller shifts until every pivot is non-negative
      int failures = 0;
      double splitTol;
      while (true) {
        if (transforms >= maxTransforms) {
          throw new NoConvergenceException("dqds did not converge: " + converged + " of " + n
              + " singular values converged after " + transforms + " transforms (limit "
              + maxTransforms + ")", transforms, converged);
        }
        transforms++;
        steps += hi - lo + 1;
        double total = sigma + tau;
        splitTol = TOL2 * total;
        if (transform(q, e, qq, ee, lo, hi, tau, splitTol, stats)) {
          break;
        }
        // a last pivot negative only by rounding: the bottom value is the new shift itself
        if (stats[3] >= 0 && -stats[2] <= TOL * total && ee[hi - 1] <= TOL2 * total) {
          qq[hi] = 0;
          stats[2] = 0;
          stats[0] = 0;
          break;
        }
        failures++;
        tau = failures >= 2 ? 0 : 0.25 * tau;
        general = false;
      }
      if (general) {
        fraction += (1 - fraction) / 3;
      } else if (failures > 0) {
        fraction = 0.25;
      }
      // sigma += tau, in two terms
      double s = sigma + tau;
      double bv = s - sigma;
      sigmaLow += (sigma - (s - bv)) + (tau - bv);
      sigma = s;
      double[] t = q;
      q = qq;
      qq = t;
      t = e;
      e = ee;
      ee = t;
      pair ^= 1;
      hiStats = hi;
      int split = splitIndex;
      if (split >= lo) {
        dropped(e[split], sigma);
        push(lo, split, pair, sigma, sigmaLow);
        lo = split + 1;
      }
    }
  }

  /** Where the last transform found a negligible inner entry, or -1. */
  private int splitIndex;

  private void dropped(double entry, double ref) {
    if (entry > 0) {
      offDiagonal = Math.max(offDiagonal, Math.sqrt(entry / ref));
    }
  }

  /**
   * The shift when the last pivot {@code dn} is the smallest: the smaller eigenvalue of the
   * trailing 2x2 array (or {@code dn} if less), reduced by the relative coupling {@code c} of
   * that 2x2 to the rest, the sum of the products of {@code e_k / q_k} upwards from the entry
   * above it; a quarter of it when {@code c >= 1}.
   */
  private static double endShift(double[] q, double[] e, int lo, int hi, double dn) {
    double estimate = Math.min(dn, pairSmall(q[hi - 1], e[hi - 1], q[hi]));
    double b = e[hi - 2] / q[hi - 2];
    double c = b;
    for (int k = hi - 3; k >= lo && c < COUPLING_LIMIT; k--) {
      double prev = b;
      b *= e[k] / q[k];
      c += b;
      if (100 * Math.max(b, prev) < c) {
        break;
      }
    }
    return c < 1 ? estimate * (1 - c) : 0.25 * estimate;
  }

  /** The smaller eigenvalue of the 2x2 array {@code [q1, e1, q2]}. */
  private static double pairSmall(double q1, double e1, double q2) {
    if (q1 < q2) {
      double x = q1;
      q1 = q2;
      q2 = x;
    }
    if (e1 == 0) {
      return q2;
    }
    // trace q1 + e1 + q2, determinant q1 q2; with t = ((q1 - q2) + e1) / 2 the larger is
    // q1 + e1 + q2 e1 / (t + sqrt(t^2 + q2 e1)), a sum of positive terms
    double t = 0.5 * ((q1 - q2) + e1);
    double root = t * Math.sqrt(1 + (q2 * (e1 / t)) / t);
    double large = q1 + e1 + q2 * (e1 / (t + root));
    return q2 * (q1 / large);
  }

  /**
   * One dqds transform of {@code q, e} over {@code lo..hi} ({@code hi - lo >= 2}) with shift
   * {@code tau} into {@code qq, ee}. Returns whether every pivot was non-negative; fills
   * {@code st} with the smallest pivot, the smallest but the last, the last pivot, a flag
   * (negative when a pivot before the last went negative) and the smallest but the last two.
   * Sets {@link #splitIndex} to the last inner {@code k <= hi - 3} with
   * {@code ee[k] <= splitTol}, or -1.
   */
  private boolean transform(double[] q, double[] e, double[] qq, double[] ee, int lo, int hi,
      double tau, double splitTol, double[] st) {
    int split = -1;
    double p = q[lo] - tau;
    st[3] = -1;
    if (p < 0) {
      return false;
    }
    double pmin = p;
    for (int k = lo; k < hi - 2; k++) {
      double s = p + e[k];
      qq[k] = s;
      double t = q[k + 1] / s;
      double en = e[k] * t;
      ee[k] = en;
      p = p * t - tau;
      if (en <= splitTol) {
        split = k;
      }
      if (p < pmin) {
        if (p < 0) {
          return false;
        }
        pmin = p;
      }
    }
    double pmin2 = pmin;
    st[6] = p;
    double s2 = p + e[hi - 2];
    qq[hi - 2] = s2;
    double t2 = q[hi - 1] / s2;
    ee[hi - 2] = e[hi - 2] * t2;
    p = p * t2 - tau;
    if (p < 0) {
      return false;
    }
    st[5] = p;
    double pmin1 = Math.min(pmin, p);
    st[3] = 1;
    double s = p + e[hi - 1];
    qq[hi - 1] = s;
    double t = q[hi] / s;
    ee[hi - 1] = e[hi - 1] * t;
    p = p * t - tau;
    qq[hi] = p;
    st[0] = Math.min(pmin1, p);
    st[1] = pmin1;
    st[2] = p;
    st[4] = pmin2;
    splitIndex = split;
    return p >= 0;
  }

  /** Accepts both eigenvalues of the 2x2 array {@code [q1, e1, q2]}. */
  private void acceptPair(double q1, double e1, double q2, double sigma, double sigmaLow) {
    double small = pairSmall(q1, e1, q2);
    // the product of the two is q1 q2
    double large = small == 0 ? q1 + e1 + q2 : Math.max(q1, q2) * (Math.min(q1, q2) / small);
    accept(large, sigma, sigmaLow);
    accept(small, sigma, sigmaLow);
  }

  private static void reverse(double[] q, double[] e, int lo, int hi) {
    for (int i = lo, j = hi; i < j; i++, j--) {
      double x = q[i];
      q[i] = q[j];
      q[j] = x;
    }
    for (int i = lo, j = hi - 1; i < j; i++, j--) {
      double x = e[i];
      e[i] = e[j];
      e[j] = x;
    }
  }
}
