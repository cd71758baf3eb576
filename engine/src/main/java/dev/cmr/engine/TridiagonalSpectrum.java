package dev.cmr.engine;

/**
 * What CMR needs of a symmetric tridiagonal matrix {@code T} without all of its eigenvalues:
 * single eigenvalues by bisection on Sturm counts, the number of eigenvalues below a point,
 * and the traces {@code tr T_k(X)} of the Chebyshev polynomials of {@code X = (T - c I) / d}.
 *
 * <p><b>Sturm counts</b> (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., section
 * 8.4.1; Demmel, <i>Applied Numerical Linear Algebra</i>, section 5.3.4): the number of
 * negative pivots of the {@code LDL^T} factorization of {@code T - x I} is the number of
 * eigenvalues below {@code x}; a pivot smaller than a safe minimum is replaced by it, which
 * keeps the count backward stable. Bisection halves an interval that holds the wanted
 * eigenvalue until it is {@code 2 eps max(|lo|, |hi|)} wide, so each eigenvalue is accurate to
 * a few units of roundoff in {@code ||T||}, as the QR iteration's are.
 *
 * <p><b>Traces.</b> With {@code v_j = T_j(X) e_i} from the vector recurrence
 * {@code v_{j+1} = 2 X v_j - v_{j-1}} (supported on {@code i-j..i+j}, so {@code O(j)} work),
 * the product rule {@code T_{a+b} = 2 T_a T_b - T_{|a-b|}} gives
 * {@code (T_k(X))_{ii} = 2 v_a^T v_b - (T_{b-a}(X))_{ii}} with {@code a = floor(k/2)},
 * {@code b = k - a}. Summed over {@code i} that is {@code sum_l T_k(x_l)} over the eigenvalues
 * {@code x_l} of {@code X}, in {@code O(n K^2)} operations and stable for {@code ||X|| <= 1}.
 *
 * <p>Arguments are assumed valid (package-private; the callers check them).
 */
final class TridiagonalSpectrum {
  private static final double EPS = Math.ulp(1.0);

  private TridiagonalSpectrum() {}

  /**
   * The number of eigenvalues of {@code T} (diagonal {@code d}, off-diagonal {@code e},
   * {@code e[i]} coupling {@code i} and {@code i+1}) strictly below {@code x}.
   */
  static int countBelow(double[] d, double[] e, int n, double x, double pivotMin) {
    int count = 0;
    double q = d[0] - x;
    for (int i = 0; ; i++) {
      if (Math.abs(q) < pivotMin) {
        q = -pivotMin;
      }
      if (q < 0) {
        count++;
      }
      if (i + 1 == n) {
        return count;
      }
      q = d[i + 1] - x - e[i] * (e[i] / q);
    }
  }

  /** The safe pivot floor of {@link #countBelow} for {@code T}. */
  static double pivotMin(double[] e, int n) {
    double big = 1;
    for (int i = 0; i < n - 1; i++) {
      big = Math.max(big, e[i] * e[i]);
    }
    return Double.MIN_NORMAL * big / EPS;
  }

  /**
   * The eigenvalue of {@code T} with {@code index} eigenvalues below it ({@code 0} is the
   * smallest), by bisection inside the Gershgorin interval.
   */
  static double eigenvalue(double[] d, double[] e, int n, int index, double pivotMin) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double radius = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0);
      lo = Math.min(lo, d[i] - radius);
      hi = Math.max(hi, d[i] + radius);
    }
    double widen = 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) + pivotMin;
    lo -= widen;
    hi += widen;
    // at most about 2100 halvings separate any two doubles; the loop ends far sooner
    for (int step = 0; step < 2200; step++) {
      double mid = 0.5 * (lo + hi);
      if (hi - lo <= 2 * EPS * Math.max(Math.abs(lo), Math.abs(hi)) + pivotMin
          || mid <= lo || mid >= hi) {
        return mid;
      }
      if (countBelow(d, e, n, mid, pivotMin) > index) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /**
   * {@code traces[k] = tr T_k(X)} for {@code k = 0..order}, {@code X = (T - c I) / d}.
   *
   * @param work scratch of at least {@code (h + 1) (2 h + 1)} doubles, {@code h = ceil(order/2)}
   */
  static void chebyshevTraces(double[] dd, double[] ee, int n, double c, double d, int order,
      double[] traces, double[] work) {
    int half = (order + 1) / 2;
    java.util.Arrays.fill(traces, 0, order + 1, 0);
    double invD = 1 / d;
    for (int i = 0; i < n; i++) {
      // v_j = T_j(X) e_i, stored as rows of work over the window i-half..i+half
      int from = Math.max(0, i - half);
      int to = Math.min(n, i + half + 1);
      int width = to - from;
      java.util.Arrays.fill(work, 0, (half + 1) * width, 0);
      work[i - from] = 1;
      for (int j = 0; j < half; j++) {
        int cur = j * width;
        int next = (j + 1) * width;
        int lo = Math.max(from, i - j);
        int hi = Math.min(to - 1, i + j);
        // next = (j == 0 ? 1 : 2) X cur - prev, X applied on the support lo..hi of cur
        double factor = j == 0 ? 1 : 2;
        for (int l = Math.max(from, lo - 1); l <= Math.min(to - 1, hi + 1); l++) {
          double sum = (dd[l] - c) * invD * work[cur + l - from];
          if (l > from) {
            sum += ee[l - 1] * invD * work[cur + l - 1 - from];
          }
          if (l < to - 1) {
            sum += ee[l] * invD * work[cur + l + 1 - from];
          }
          double value = factor * sum;
          if (j > 0) {
            value -= work[(j - 1) * width + l - from];
          }
          work[next + l - from] = value;
        }
      }
      double xii = (dd[i] - c) * invD;
      for (int k = 0; k <= order; k++) {
        int a = k / 2;
        int b = k - a;
        double dot = 0;
        for (int l = 0; l < width; l++) {
          dot += work[a * width + l] * work[b * width + l];
        }
        traces[k] += 2 * dot - (b == a ? 1 : xii);
      }
    }
  }
}
