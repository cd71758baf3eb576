package dev.cmr.engine;

import dev.cmr.kernels.Gemm;
import dev.cmr.kernels.internal.Blas1Kernels;
import dev.cmr.kernels.internal.Blas2Kernels;
import dev.cmr.kernels.internal.KernelSelection;
import java.util.Arrays;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, {@code A = Q T Q^T}, with
 * the implicit symmetric QR iteration on {@code T} and inverse iteration for selected
 * eigenvectors. A reusable workspace: not thread-safe.
 *
 * <p><b>Reduction</b> (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., section 8.3.1):
 * for {@code k = 0..n-3} a reflector {@code P_k = I - tau_k v_k v_k^T} maps row {@code k}
 * right of the diagonal onto {@code beta_k e_1}, and the trailing block is updated as
 * {@code A22 <- A22 - v w^T - w v^T} with {@code p = tau A22 v},
 * {@code w = p - (tau/2)(p^T v) v}. The matrix is held full (both triangles), row-major in one
 * array, so that the product {@code A22 v} and the update are the level-2 kernels
 * {@code gemv} and {@code syr2} on contiguous rows. {@code v_k} is kept in row {@code k}
 * (columns {@code k+1..n-1}, with {@code v_k[k+1] = 1}). Large matrices are reduced in panels
 * of {@value #PANEL} reflectors first, as LAPACK's {@code dsytrd} does (ibid., section 5.2.3 on
 * blocked Householder updates): within a panel the trailing block is not updated but its
 * product with {@code v} is corrected by the panel's earlier {@code v} and {@code w}, and the
 * whole panel's update {@code A22 <- A22 - V W^T - W V^T} is then one matrix product. Half of
 * the work moves from the level-2 kernels to GEMM.
 *
 * <p><b>QR iteration</b> (ibid., algorithm 8.3.2): Wilkinson shift from the trailing 2x2 of the
 * active block, bulge chased with Givens rotations, deflation when
 * {@code |e_i| <= eps (|d_i| + |d_{i+1}|)}. Eigenvectors are stored as rows; the rotations are
 * recorded during the iteration and applied afterwards ({@link RotationLog}). Without
 * eigenvectors the same shifted QR step runs in the root-free form of Pal, Walker and Kahan
 * (Parlett, <i>The Symmetric Eigenvalue Problem</i>, section 8.15): it carries the squares of
 * the off-diagonal and of the rotation's cosine and sine, so a step needs no square root.
 *
 * <p><b>Inverse iteration</b> (ibid., section 8.2.2; Wilkinson's method as in LAPACK's
 * {@code dstein}): {@code (T - mu I) y = x} by tridiagonal LU with partial pivoting, tiny pivots
 * replaced by {@code eps ||T||}, re-orthogonalized against the other vectors of a cluster.
 */
final class Tridiagonal {
  static final double EPS = Math.ulp(1.0);
  static final int MAX_STEPS_PER_EIGENVALUE = 30;
  /** Reflectors per panel of the blocked reduction. */
  static final int PANEL = 32;
  /** Trailing order up to which the reduction is unblocked. */
  static final int UNBLOCKED_MAX = 96;
  /** Order up to which {@link #formQTransposed(double[][])} is unblocked. */
  static final int Q_UNBLOCKED_MAX = 64;
  /** Rows per band of {@link #symmetricProduct}. */
  private static final int BAND = 8;

  private static final Blas1Kernels BLAS1 = KernelSelection.provider().blas1();
  private static final Blas2Kernels BLAS2 = KernelSelection.provider().blas2();

  private int n;
  /** The matrix, {@code n x n} row-major (row stride {@code n}). */
  private double[] a = new double[0];
  private double[] d = new double[0];
  private double[] e = new double[0];
  private double[] tau = new double[0];
  private double[] p = new double[0];
  private double[] w = new double[0];

  // blocked reduction scratch: the panel's vectors (see reducePanel) and their coefficients
  private double[] zw = new double[0];
  private double[] zv = new double[0];
  private final double[] coefficients = new double[2 * PANEL];

  // blocked formation of Q: the accumulated Q, a block's V^T, V^T Y, T V^T Y and T
  private double[] qy = new double[0];
  private double[] qv = new double[0];
  private double[] qw = new double[0];
  private double[] qw2 = new double[0];
  private double[] qt = new double[0];

  // inverse iteration scratch
  private double[] u0 = new double[0];
  private double[] u1 = new double[0];
  private double[] u2 = new double[0];
  private double[] mult = new double[0];
  private boolean[] swapped = new boolean[0];
  private double[] rhs = new double[0];

  /** Order of the loaded matrix. */
  int size() {
    return n;
  }

  /** Diagonal of {@code T} (valid after {@link #reduce()}; not modified by the iteration). */
  double[] diagonal() {
    return d;
  }

  /** Off-diagonal of {@code T}: {@code e[i]} couples {@code i} and {@code i+1}. */
  double[] offDiagonal() {
    return e;
  }

  /**
   * Loads {@code scale * A} for the symmetric {@code n x n} row-major {@code a} at
   * {@code offset}, reading the lower triangle only.
   */
  void load(double[] src, int offset, int order, double scale) {
    ensure(order);
    for (int i = 0; i < order; i++) {
      int base = offset + i * order;
      for (int j = 0; j <= i; j++) {
        double v = scale * src[base + j];
        a[i * order + j] = v;
        a[j * order + i] = v;
      }
    }
  }

  private void ensure(int order) {
    n = order;
    if (a.length < order * order || d.length < order) {
      a = new double[order * order];
      d = new double[order];
      e = new double[order];
      tau = new double[order];
      p = new double[order];
      w = new double[order];
      u0 = new double[order];
      u1 = new double[order];
      u2 = new double[order];
      mult = new double[order];
      swapped = new boolean[order];
      rhs = new double[order];
    }
  }

  /**
   * Reduces the loaded matrix to tridiagonal form, filling the diagonal and off-diagonal.
   *
   * <p>While more than {@value #UNBLOCKED_MAX} rows remain, panels of {@value #PANEL}
   * reflectors ({@link #reducePanel}); then per step: {@code w} from {@code p = A22 v_k}, row
   * {@code k+1} updated first (it holds the next reflector), then the rank-2 update of the
   * trailing block and the next product {@code A22' v_{k+1}}. Column {@code k+1} of the rows
   * below is not updated: reflector {@code k+1} never reads it.
   */
  void reduce() {
    reduce(true);
  }

  /** {@link #reduce()}, optionally without panels (the tests' reference). */
  void reduce(boolean blocked) {
    int k0 = 0;
    while (blocked && n - k0 > UNBLOCKED_MAX) {
      reducePanel(k0);
      k0 += PANEL;
    }
    reduceUnblocked(k0);
  }

  /**
   * Reflectors {@code k0..k0+PANEL-1}, then the trailing block from {@code k0+PANEL} updated
   * by one GEMM. Expects the block from {@code k0} up to date.
   *
   * <p>The panel's vectors are kept interleaved as rows of {@code zw} ({@code w_0, v_0, w_1,
   * v_1, ...}) and of {@code zv} ({@code v_0, w_0, v_1, w_1, ...}), so that the panel's
   * update of any block is {@code -zw^T zv} and each correction is one product with
   * {@code 2i} rows.
   */
  private void reducePanel(int k0) {
    if (zw.length < 2 * PANEL * n) {
      zw = new double[2 * PANEL * n];
      zv = new double[2 * PANEL * n];
    }
    for (int i = 0; i < PANEL; i++) {
      int j = k0 + i;
      int rj = j * n;
      int rows = 2 * i;

      // row j (columns j..n-1) -= sum over earlier panel reflectors of v_l[j] w_l + w_l[j] v_l
      if (i > 0) {
        for (int r = 0; r < rows; r++) {
          coefficients[r] = zv[r * n + j];
        }
        BLAS2.gemv(true, rows, n - j, -1.0, zw, j, n, coefficients, 0, 1.0, a, rj + j);
      }
      int m = n - j - 1;
      int v = rj + j + 1;
      int wRow = rows * n;
      int vRow = (rows + 1) * n;
      boolean active = makeReflector(j);
      System.arraycopy(a, v, zw, vRow + j + 1, m);
      System.arraycopy(a, v, zv, wRow + j + 1, m);
      if (!active) {
        Arrays.fill(zw, wRow + j + 1, wRow + n, 0);
        Arrays.fill(zv, vRow + j + 1, vRow + n, 0);
        continue;
      }

      // p = A22 v with A22 = (stale block) - V W^T - W V^T over the earlier panel reflectors
      symmetricProduct(m, (j + 1) * n + j + 1, v, j + 1);
      if (i > 0) {
        BLAS2.gemv(false, rows, m, 1.0, zw, j + 1, n, a, v, 0.0, coefficients, 0);
        BLAS2.gemv(true, rows, m, -1.0, zv, j + 1, n, coefficients, 0, 1.0, p, j + 1);
      }

      // w = tau p - (tau^2/2)(p^T v) v
      double t = tau[j];
      BLAS1.scale(t, p, j + 1, m);
      double half = 0.5 * t * BLAS1.dot(p, j + 1, a, v, m);
      for (int c = j + 1; c < n; c++) {
        double wc = p[c] - half * a[rj + c];
        zw[wRow + c] = wc;
        zv[vRow + c] = wc;
      }
    }

    // A22 -= V W^T + W V^T from column s on: one product of inner dimension 2 PANEL
    int s = k0 + PANEL;
    int ms = n - s;
    Gemm.dgemm(true, false, ms, ms, 2 * PANEL, -1.0, zw, s, n, zv, s, n, 1.0, a, s * n + s, n);
  }

  /**
   * {@code p[pOff..pOff+m) = B x} for the symmetric {@code m x m} block {@code B} of {@code a}
   * at {@code off} and {@code x = a[xOff..xOff+m)}, reading each entry below the diagonal
   * blocks once from the level-2 cache: per band of eight rows, their part left of and in the
   * diagonal block times {@code x}, and their strictly-left part transposed times the band's
   * {@code x} added to the earlier rows. Band lengths are multiples of eight (no tails).
   */
  private void symmetricProduct(int m, int off, int xOff, int pOff) {
    for (int r0 = 0; r0 < m; r0 += BAND) {
      int b = Math.min(BAND, m - r0);
      int row = off + r0 * n;
      BLAS2.gemv(false, b, r0 + b, 1.0, a, row, n, a, xOff, 0.0, p, pOff + r0);
      if (r0 > 0) {
        BLAS2.gemv(true, b, r0, 1.0, a, row, n, a, xOff + r0, 1.0, p, pOff);
      }
    }
  }

  /** Reflectors {@code k0..n-3} one at a time; expects the block from {@code k0} up to date. */
  private void reduceUnblocked(int k0) {
    if (k0 < n - 2 && makeReflector(k0)) {
      // p = A22 v_k0 for the first step
      int m = n - k0 - 1;
      BLAS2.gemv(false, m, m, 1.0, a, (k0 + 1) * n + k0 + 1, n, a, k0 * n + k0 + 1, 0.0, p,
          k0 + 1);
    }
    for (int k = k0; k < n - 2; k++) {
      int v = k * n;
      int rowNext = (k + 1) * n;
      double t = tau[k];
      boolean active = t != 0;

      // w = tau p - (tau^2/2)(p^T v) v, with p = A22 v; then row k+1 -= v_1 w + w_1 v
      if (active) {
        BLAS1.scale(t, p, k + 1, n - k - 1);
        double half = 0.5 * t * BLAS1.dot(p, k + 1, a, v + k + 1, n - k - 1);
        double v1 = a[v + k + 1];
        for (int j = k + 1; j < n; j++) {
          w[j] = p[j] - half * a[v + j];
        }
        double w1 = w[k + 1];
        for (int j = k + 1; j < n; j++) {
          a[rowNext + j] = a[rowNext + j] - v1 * w[j] - w1 * a[v + j];
        }
      }

      // reflector k+1 from the updated row k+1
      boolean next = k + 1 < n - 2 && makeReflector(k + 1);

      // rank-2 update of the trailing block, then p = A22' v_{k+1}
      int m = n - k - 2;
      int block = (k + 2) * n + k + 2;
      if (active) {
        BLAS2.syr2(m, -1.0, a, v + k + 2, w, k + 2, a, block, n);
      }
      if (next) {
        BLAS2.gemv(false, m, m, 1.0, a, block, n, a, rowNext + k + 2, 0.0, p, k + 2);
      }
    }
    if (n >= 2) {
      d[n - 2] = a[(n - 2) * n + n - 2];
      e[n - 2] = a[(n - 2) * n + n - 1];
    }
    if (n >= 1) {
      d[n - 1] = a[(n - 1) * n + n - 1];
      e[n - 1] = 0;
    }
  }

  /**
   * Sets up reflector {@code k} from row {@code k}, columns {@code k+1..n-1}: records
   * {@code d[k]}, {@code e[k]}, {@code tau[k]} and leaves {@code v_k} in the row.
   *
   * @return whether the reflector is non-trivial ({@code tau != 0})
   */
  private boolean makeReflector(int k) {
    int rk = k * n;
    d[k] = a[rk + k];
    double x0 = a[rk + k + 1];
    double sigma = BLAS1.dot(a, rk + k + 2, a, rk + k + 2, n - k - 2);
    if (sigma == 0) {
      tau[k] = 0;
      e[k] = x0;
      return false;
    }
    double beta = -Math.copySign(Math.sqrt(x0 * x0 + sigma), x0);
    BLAS1.scale(1 / (x0 - beta), a, rk + k + 2, n - k - 2);
    a[rk + k + 1] = 1;
    tau[k] = (beta - x0) / beta;
    e[k] = beta;
    return true;
  }

  /**
   * Writes {@code Q^T} into {@code z} (row {@code i} of {@code z} is column {@code i} of
   * {@code Q}), the starting point for accumulating eigenvectors as rows. Above
   * {@value #Q_UNBLOCKED_MAX} rows in blocks of {@value #PANEL} reflectors
   * ({@link #formQTransposed(double[][], int)}).
   */
  void formQTransposed(double[][] z) {
    formQTransposed(z, n > Q_UNBLOCKED_MAX ? PANEL : 0);
  }

  /**
   * {@link #formQTransposed(double[][])} with {@code block} reflectors per block, or one at a
   * time for {@code block <= 0} (the plain twin the tests compare against).
   *
   * <p>Blocked, as LAPACK's {@code dorgqr} (Golub and Van Loan, section 5.1.7): the product
   * {@code H = P_k ... P_{k+b-1}} of a block is {@code I - V T V^T} with {@code T} upper
   * triangular, built column by column as {@code dlarft} does, and the accumulated
   * {@code Y <- H Y} is three matrix products. Blocks are applied from the last to the first,
   * so {@code Y} stays the identity outside its trailing block and the products skip the
   * identity part.
   */
  void formQTransposed(double[][] z, int block) {
    if (block <= 0) {
      formQTransposedUnblocked(z);
      return;
    }
    if (qy.length < n * n) {
      qy = new double[n * n];
    }
    int panel = Math.min(block, Math.max(n - 2, 1));
    if (qv.length < panel * n || qt.length < panel * panel) {
      qv = new double[panel * n];
      qw = new double[panel * n];
      qw2 = new double[panel * n];
      qt = new double[panel * panel];
    }
    double[] y = qy;
    Arrays.fill(y, 0, n * n, 0);
    for (int i = 0; i < n; i++) {
      y[i * n + i] = 1;
    }
    int reflectors = n - 2;
    int first = reflectors <= 0 ? 0 : ((reflectors - 1) / panel) * panel;
    for (int kb = first; kb >= 0 && reflectors > 0; kb -= panel) {
      applyBlock(y, kb, Math.min(panel, reflectors - kb));
    }

    // rows of z are the columns of Q
    for (int i = 0; i < n; i++) {
      double[] row = z[i];
      for (int j = 0; j < n; j++) {
        row[j] = y[j * n + i];
      }
    }
  }

  /**
   * {@code Y <- (P_kb ... P_{kb+len-1}) Y} on rows and columns {@code kb+1..n-1}, where
   * {@code Y} is still the identity in its first {@code kb + len + 1} rows and columns.
   */
  private void applyBlock(double[] y, int kb, int len) {
    int m = n - kb - 1;
    int off = kb + 1;
    double[] v = qv;
    double[] t = qt;

    // V^T with explicit zeros above each unit leading entry; a trivial reflector is zero
    for (int r = 0; r < len; r++) {
      int row = r * m;
      Arrays.fill(v, row, row + m, 0);
      int k = kb + r;
      if (tau[k] != 0) {
        System.arraycopy(a, k * n + k + 1, v, row + r, m - r);
        v[row + r] = 1;
      }
    }

    // T column by column: T[0..r, r] = -tau_r T[0..r, 0..r] (V[:, 0..r]^T v_r)
    for (int r = 0; r < len; r++) {
      double tr = tau[kb + r];
      for (int q = 0; q < r; q++) {
        t[q * len + r] = BLAS1.dot(v, q * m + r, v, r * m + r, m - r);
      }
      for (int q = 0; q < r; q++) {
        double sum = 0;
        for (int c = q; c < r; c++) {
          sum += t[q * len + c] * t[c * len + r];
        }
        t[q * len + r] = -tr * sum;
      }
      t[r * len + r] = tr;
      for (int q = r + 1; q < len; q++) {
        t[q * len + r] = 0;
      }
    }

    // W = V^T Y: Y is the identity in its first len rows and columns of the block
    double[] w = qw;
    for (int r = 0; r < len; r++) {
      System.arraycopy(v, r * m, w, r * m, len);
    }
    int rest = m - len;
    if (rest > 0) {
      int ySub = (off + len) * n + off + len;
      Gemm.dgemm(false, false, len, rest, rest, 1.0, v, len, m, y, ySub, n, 0.0, w, len, m);
    }

    // W = T W, then Y -= V W
    Gemm.dgemm(false, false, len, m, len, 1.0, t, 0, len, w, 0, m, 0.0, qw2, 0, m);
    Gemm.dgemm(true, false, m, m, len, -1.0, v, 0, m, qw2, 0, m, 1.0, y, off * n + off, n);
  }

  /** The unblocked backward accumulation of {@link #formQTransposed(double[][], int)}. */
  private void formQTransposedUnblocked(double[][] z) {
    // backward accumulation Y = P_k Y, which keeps Y the identity outside its trailing block
    for (int i = 0; i < n; i++) {
      Arrays.fill(z[i], 0, n, 0);
      z[i][i] = 1;
    }
    for (int k = n - 3; k >= 0; k--) {
      double t = tau[k];
      if (t == 0) {
        continue;
      }
      int v = k * n;
      Arrays.fill(w, k + 1, n, 0);
      for (int i = k + 1; i < n; i++) {
        Vectors.axpy(a[v + i], z[i], w, k + 1, n);
      }
      for (int i = k + 1; i < n; i++) {
        Vectors.axpy(-t * a[v + i], w, z[i], k + 1, n);
      }
    }

    // transpose in place: rows become the columns of Q
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double tmp = z[i][j];
        z[i][j] = z[j][i];
        z[j][i] = tmp;
      }
    }
  }

  /** {@code y <- Q y}: maps an eigenvector of {@code T} to one of the loaded matrix. */
  void applyQ(double[] y) {
    for (int k = n - 3; k >= 0; k--) {
      double t = tau[k];
      if (t == 0) {
        continue;
      }
      int v = k * n + k + 1;
      double s = t * BLAS1.dot(a, v, y, k + 1, n - k - 1);
      BLAS1.axpy(-s, a, v, y, k + 1, n - k - 1);
    }
  }

  /**
   * Implicit symmetric QR iteration with Wilkinson shifts on {@code (dd, ee)} (overwritten:
   * eigenvalues end in {@code dd}, unsorted). When {@code z} is not null, rows
   * {@code 0..n-1} of {@code z} (length {@code zCols} used) are rotated along, so that
   * starting from {@code Q^T} they end as the eigenvectors.
   *
   * <p>An off-diagonal entry is dropped when it is negligible next to its two diagonal
   * neighbours or next to {@code ||T||} (both scaled by the unit roundoff). The second test is
   * what makes blocks of tiny or tightly clustered eigenvalues deflate: their off-diagonal
   * entries settle at the rounding level of {@code ||T||}, never below the purely relative
   * threshold. Eigenvalues far below {@code eps ||T||} are therefore accurate in absolute
   * terms only, which is all a Gram matrix formed in floating point carries anyway; the
   * one-sided Jacobi SVD is the route to relative accuracy. As in LAPACK's {@code dsteqr}, the
   * step budget is shared by the whole matrix: {@value #MAX_STEPS_PER_EIGENVALUE} times its
   * order.
   *
   * @return the number of QR steps taken
   * @throws NoConvergenceException when the budget is spent
   */
  static int qrIterate(double[] dd, double[] ee, int order, double[][] z, int zCols) {
    return qrIterate(dd, ee, order, z, zCols, MAX_STEPS_PER_EIGENVALUE);
  }

  /** {@link #qrIterate(double[], double[], int, double[][], int)} with a given step bound. */
  static int qrIterate(double[] dd, double[] ee, int order, double[][] z, int zCols,
      int maxStepsPerEigenvalue) {
    if (z == null) {
      return rootFreeIterate(dd, ee, order, maxStepsPerEigenvalue);
    }
    return rotationIterate(dd, ee, order, z, zCols, maxStepsPerEigenvalue);
  }

  /**
   * {@link #qrIterate(double[], double[], int, double[][], int)} on caller-owned scratch:
   * {@code log} (cleared first) records the rotations when {@code z} is not null, and
   * {@code e2} (at least {@code order - 1} long) holds the squared off-diagonal otherwise.
   */
  static int qrIterate(double[] dd, double[] ee, int order, double[][] z, int zCols,
      RotationLog log, double[] e2) {
    if (z == null) {
      return rootFreeIterate(dd, ee, order, MAX_STEPS_PER_EIGENVALUE, e2);
    }
    log.clear();
    return rotationIterate(dd, ee, order, z, zCols, MAX_STEPS_PER_EIGENVALUE, log);
  }

  private static double norm(double[] dd, double[] ee, int order) {
    double normT = 0;
    for (int i = 0; i < order; i++) {
      double row = Math.abs(dd[i]) + (i > 0 ? Math.abs(ee[i - 1]) : 0)
          + (i < order - 1 ? Math.abs(ee[i]) : 0);
      normT = Math.max(normT, row);
    }
    return normT;
  }

  private static NoConvergenceException notConverged(String method, int order, int hi,
      int steps, int maxStepsPerEigenvalue, long budget) {
    int converged = order - 1 - hi;
    return new NoConvergenceException(method + " did not converge: "
        + converged + " of " + order + " eigenvalues converged after " + steps
        + " QR steps (limit " + maxStepsPerEigenvalue + " per eigenvalue, "
        + budget + " in all)", steps, converged);
  }

  /**
   * The QR iteration with Givens rotations; {@code z} may be null (no vectors), which the
   * tests use as the reference for {@link #rootFreeIterate}.
   */
  static int rotationIterate(double[] dd, double[] ee, int order, double[][] z, int zCols,
      int maxStepsPerEigenvalue) {
    return rotationIterate(dd, ee, order, z, zCols, maxStepsPerEigenvalue,
        z == null ? null : new RotationLog());
  }

  private static int rotationIterate(double[] dd, double[] ee, int order, double[][] z,
      int zCols, int maxStepsPerEigenvalue, RotationLog log) {
    double absoluteFloor = EPS * norm(dd, ee, order);
    long budget = (long) maxStepsPerEigenvalue * order;
    int steps = 0;
    // the rotations depend on (dd, ee) alone: record them, then rotate the rows of z
    int hi = order - 1;
    while (hi > 0) {
      // deflate at the bottom of the active block
      if (negligible(ee[hi - 1], dd[hi - 1], dd[hi], absoluteFloor)) {
        ee[hi - 1] = 0;
        hi--;
        continue;
      }

      // find the top of the unreduced block
      int lo = hi - 1;
      while (lo > 0 && !negligible(ee[lo - 1], dd[lo - 1], dd[lo], absoluteFloor)) {
        lo--;
      }
      if (lo > 0) {
        ee[lo - 1] = 0;
      }
      if (steps >= budget) {
        throw notConverged("symmetric QR iteration", order, hi, steps, maxStepsPerEigenvalue,
            budget);
      }
      steps++;
      qrStep(dd, ee, lo, hi, log);
    }
    if (log != null) {
      log.apply(z, order, zCols);
    }
    return steps;
  }

  /**
   * Eigenvalues only: the QR iteration of {@link #rotationIterate} with the same shifts,
   * deflation tests and step budget, each step in root-free form on the squared off-diagonal.
   * Ends with the eigenvalues in {@code dd} and zeros in {@code ee[0..order-2]}.
   */
  static int rootFreeIterate(double[] dd, double[] ee, int order, int maxStepsPerEigenvalue) {
    return rootFreeIterate(dd, ee, order, maxStepsPerEigenvalue,
        new double[Math.max(order - 1, 0)]);
  }

  private static int rootFreeIterate(double[] dd, double[] ee, int order,
      int maxStepsPerEigenvalue, double[] e2) {
    double normT = norm(dd, ee, order);
    // a power-of-two scale (exact) bringing ||T|| into [1, 2): every square that can decide
    // a step, down to (eps ||T||)^2, is then a normal number
    int exponent = normT > 0 && normT < Double.POSITIVE_INFINITY ? Math.getExponent(normT) : 0;
    double down = Math.scalb(1.0, -exponent);
    for (int i = 0; i < order; i++) {
      dd[i] *= down;
      if (i < order - 1) {
        double x = ee[i] * down;
        e2[i] = x * x;
      }
    }
    double floor = EPS * normT * down;
    double floor2 = floor * floor;
    long budget = (long) maxStepsPerEigenvalue * order;
    int steps = 0;
    int hi = order - 1;
    while (hi > 0) {
      if (negligibleSquared(e2[hi - 1], dd[hi - 1], dd[hi], floor2)) {
        e2[hi - 1] = 0;
        hi--;
        continue;
      }
      int lo = hi - 1;
      while (lo > 0 && !negligibleSquared(e2[lo - 1], dd[lo - 1], dd[lo], floor2)) {
        lo--;
      }
      if (lo > 0) {
        e2[lo - 1] = 0;
      }
      if (steps >= budget) {
        throw notConverged("symmetric QR iteration (values only)", order, hi, steps,
            maxStepsPerEigenvalue, budget);
      }
      steps++;
      rootFreeStep(dd, e2, lo, hi);
    }
    double up = Math.scalb(1.0, exponent);
    for (int i = 0; i < order; i++) {
      dd[i] *= up;
      if (i < order - 1) {
        ee[i] = 0;
      }
    }
    return steps;
  }

  private static boolean negligibleSquared(double off2, double left, double right,
      double floor2) {
    double relative = EPS * (Math.abs(left) + Math.abs(right));
    return off2 <= relative * relative || off2 <= floor2;
  }

  /**
   * One root-free QR step on rows {@code lo..hi}: the Wilkinson-shifted step of
   * {@link #qrStep} with {@code c^2}, {@code s^2} and {@code e^2} in place of {@code c},
   * {@code s} and {@code e}.
   */
  private static void rootFreeStep(double[] dd, double[] e2, int lo, int hi) {
    // Wilkinson shift, the one square root of the step
    double delta = 0.5 * (dd[hi - 1] - dd[hi]);
    double b2 = e2[hi - 1];
    double root = Math.sqrt(delta * delta + b2);
    double sigma = dd[hi] - b2 / (delta + Math.copySign(root, delta));

    // gamma: the shifted diagonal entry the rotation leaves at k; p = (gamma / c)^2
    double c2 = 1;
    double s2 = 0;
    double gamma = dd[lo] - sigma;
    double p = gamma * gamma;
    for (int k = lo; k < hi; k++) {
      double b = e2[k];
      double r = p + b;
      if (k > lo) {
        e2[k - 1] = s2 * r;
      }
      double previousC2 = c2;
      c2 = p / r;
      s2 = b / r;
      double inverseC2 = r / p;
      double previousGamma = gamma;
      double next = dd[k + 1];
      gamma = c2 * (next - sigma) - s2 * previousGamma;
      dd[k] = previousGamma + (next - gamma);
      // p = gamma^2 / c^2; r / p is divided alongside p / r, off the chain from p to p;
      // where it overflows (c^2 zero or nearly) p takes its limit
      p = inverseC2 < Double.POSITIVE_INFINITY ? gamma * gamma * inverseC2 : previousC2 * b;
    }
    e2[hi - 1] = s2 * p;
    dd[hi] = sigma + gamma;
  }

  private static boolean negligible(double off, double left, double right,
      double absoluteFloor) {
    double a = Math.abs(off);
    return a <= EPS * (Math.abs(left) + Math.abs(right)) || a <= absoluteFloor
        || a < Double.MIN_NORMAL;
  }

  private static void qrStep(double[] dd, double[] ee, int lo, int hi, RotationLog log) {
    // Wilkinson shift: the eigenvalue of the trailing 2x2 nearer to its last entry
    double delta = 0.5 * (dd[hi - 1] - dd[hi]);
    double b = ee[hi - 1];
    double mu = dd[hi] - b * (b / (delta + Math.copySign(Vectors.norm2(delta, b), delta)));

    // chase the bulge from the top of the block to its bottom
    double x = dd[lo] - mu;
    double y = ee[lo];
    for (int k = lo; k < hi; k++) {
      double r = Vectors.norm2(x, y);
      double c = 1;
      double s = 0;
      if (r != 0) {
        c = x / r;
        s = y / r;
      }
      if (k > lo) {
        ee[k - 1] = r;
      }

      // T <- J^T T J on rows and columns k, k+1
      double a0 = dd[k];
      double b0 = ee[k];
      double a1 = dd[k + 1];
      double cs2b = 2 * c * s * b0;
      dd[k] = c * c * a0 + cs2b + s * s * a1;
      dd[k + 1] = s * s * a0 - cs2b + c * c * a1;
      ee[k] = c * s * (a1 - a0) + (c * c - s * s) * b0;
      if (k < hi - 1) {
        x = ee[k];
        y = s * ee[k + 1];
        ee[k + 1] *= c;
      }

      // record the rotation of eigenvector rows k, k+1
      if (log != null) {
        log.add(k, c, s);
      }
    }
  }

  /**
   * Inverse iteration for the eigenvector of the reduced {@code T} nearest to {@code mu},
   * orthogonal to {@code basis[0..count)} (unit vectors of the same cluster, in T's basis).
   * Writes a unit vector into {@code y}.
   *
   * @param residualTol accepted residual {@code ||T y - mu y||_2}
   * @param seed selects the deterministic pseudo-random start vector
   * @return whether the residual reached {@code residualTol} within six iterations
   */
  boolean inverseIteration(double mu, double[] y, double[][] basis, int count,
      double residualTol, long seed) {
    double normT = 0;
    for (int i = 0; i < n; i++) {
      double row = Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0)
          + (i < n - 1 ? Math.abs(e[i]) : 0);
      normT = Math.max(normT, row);
    }
    double tiny = Math.max(EPS * normT, Double.MIN_NORMAL);
    factorShifted(mu, tiny);

    // deterministic start vector
    long state = seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    for (int i = 0; i < n; i++) {
      state = state * 6364136223846793005L + 1442695040888963407L;
      y[i] = ((state >>> 11) * 0x1.0p-53) * 2 - 1;
    }
    if (!normalize(y, basis, count)) {
      return false;
    }
    for (int iteration = 0; iteration < 6; iteration++) {
      System.arraycopy(y, 0, rhs, 0, n);
      solveShifted(rhs, y);
      if (!normalize(y, basis, count)) {
        return false;
      }
      if (iteration >= 1 && residual(mu, y) <= residualTol) {
        return true;
      }
    }
    return false;
  }

  private boolean normalize(double[] y, double[][] basis, int count) {
    // two passes of modified Gram-Schmidt keep the cluster orthonormal to working precision
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < count; j++) {
        Vectors.axpy(-Vectors.dot(basis[j], y, 0, n), basis[j], y, 0, n);
      }
    }
    double big = Vectors.maxAbs(y, 0, n);
    if (!(big > 0) || !Double.isFinite(big)) {
      return false;
    }
    Vectors.scale(1 / big, y, 0, n);
    double norm = Math.sqrt(Vectors.dot(y, y, 0, n));
    Vectors.scale(1 / norm, y, 0, n);
    return true;
  }

  private double residual(double mu, double[] y) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = (d[i] - mu) * y[i];
      if (i > 0) {
        r += e[i - 1] * y[i - 1];
      }
      if (i < n - 1) {
        r += e[i] * y[i + 1];
      }
      sum += r * r;
    }
    return Math.sqrt(sum);
  }

  private void factorShifted(double mu, double tiny) {
    // LU with partial pivoting of T - mu I: U has two superdiagonals (u1, u2)
    u0[0] = d[0] - mu;
    u1[0] = n > 1 ? e[0] : 0;
    for (int i = 0; i < n - 1; i++) {
      double sub = e[i];
      double diagNext = d[i + 1] - mu;
      double supNext = i + 1 < n - 1 ? e[i + 1] : 0;
      if (Math.abs(u0[i]) >= Math.abs(sub)) {
        if (u0[i] == 0) {
          u0[i] = tiny;
        }
        double m = sub / u0[i];
        mult[i] = m;
        swapped[i] = false;
        u2[i] = 0;
        u0[i + 1] = diagNext - m * u1[i];
        u1[i + 1] = supNext;
      } else {
        double m = u0[i] / sub;
        double oldSup = u1[i];
        mult[i] = m;
        swapped[i] = true;
        u0[i] = sub;
        u1[i] = diagNext;
        u2[i] = supNext;
        u0[i + 1] = oldSup - m * diagNext;
        u1[i + 1] = -m * supNext;
      }
    }
    if (n > 0) {
      u2[n - 1] = 0;
    }
    for (int i = 0; i < n; i++) {
      if (Math.abs(u0[i]) < tiny) {
        u0[i] = Math.copySign(tiny, u0[i]);
      }
    }
  }

  private void solveShifted(double[] b, double[] y) {
    // forward: apply the row interchanges and multipliers of L
    for (int i = 0; i < n - 1; i++) {
      if (swapped[i]) {
        double tmp = b[i];
        b[i] = b[i + 1];
        b[i + 1] = tmp;
      }
      b[i + 1] -= mult[i] * b[i];
    }

    // back substitution with U
    for (int i = n - 1; i >= 0; i--) {
      double s = b[i];
      if (i + 1 < n) {
        s -= u1[i] * y[i + 1];
      }
      if (i + 2 < n) {
        s -= u2[i] * y[i + 2];
      }
      y[i] = s / u0[i];
    }
  }
}
