package dev.cmr.engine;

import dev.cmr.kernels.Gemm;
import java.util.Arrays;

/**
 * Singular value decomposition {@code A = U diag(s) V^T} of a real {@code m x n} matrix,
 * {@code r = min(m, n)}, with {@code s_1 >= ... >= s_r >= 0}. Thin by default: {@code U} is
 * {@code m x r} and {@code V} is {@code n x r}, both with orthonormal columns, each optional;
 * {@link #decomposeFull} gives square {@code U} ({@code m x m}) and {@code V} ({@code n x n}).
 *
 * <p>Two algorithms ({@link Algorithm}): the default {@link Algorithm#GOLUB_KAHAN} (blocked
 * Householder bidiagonalization on the GEMM kernels, then the dqds algorithm for the values
 * and the bidiagonal QR iteration for the vectors; see {@code GolubKahanSvd},
 * {@code BidiagonalDqds} and {@code BidiagonalQr}) is the fast one; {@link Algorithm#JACOBI}
 * (one-sided Jacobi with QR preconditioning, below) is slower but computes the small singular
 * values of graded matrices ({@code A = B D} or {@code D B} with {@code B} well conditioned
 * and {@code D} diagonal) to high relative accuracy, where the bidiagonalization can lose
 * them; it can also be warm-started from a previous {@code V}.
 *
 * <p><b>Jacobi</b>: one-sided Jacobi (Hestenes) with QR preconditioning, after Drmač and
 * Veselić, "New fast and accurate Jacobi SVD algorithm I", SIAM J. Matrix Anal. Appl. 29
 * (2008), sections 2-3. A wide matrix is transposed so that {@code X} (the matrix worked on) is
 * tall. With its rows sorted by decreasing norm (which keeps row-graded input accurate),
 * Householder QR with column pivoting gives {@code X P = Q R}, and cyclic Jacobi sweeps
 * (columns re-sorted by decreasing norm before each, de Rijk's pivoting) orthogonalize the
 * columns of {@code R^T}: a rotation of columns {@code p, q} with Gram entries
 * {@code a = |x_p|^2}, {@code b = |x_q|^2}, {@code g = x_p . x_q} uses
 * {@code zeta = (b - a) / (2g)}, {@code t = sign(zeta) / (|zeta| + sqrt(1 + zeta^2))},
 * {@code c = 1/sqrt(1 + t^2)}, {@code s = c t}, and is skipped when
 * {@code |g| <= sqrt(r) eps sqrt(a b)}. Working on {@code R^T} rather than {@code R} is one
 * implicit step of QR iteration on the Gram matrix, which leaves it closer to diagonal and cuts
 * the number of sweeps. Then {@code R^T J = Ut diag(s)}, so
 * {@code X = (Q J) diag(s) (P Ut)^T}. Sweeps are bounded by {@value #MAX_SWEEPS}.
 *
 * <p>Both algorithms first scale the matrix by a power of two so that its largest entry lies in
 * {@code [1, 2)} (exact), so entries near {@code 1e-300} or {@code 1e300} neither underflow
 * nor overflow when squared. NaN or infinite entries are rejected before any work, naming the
 * first offending row and column. Every iteration is bounded; running out raises
 * {@link NoConvergenceException} saying how far it got. The result reports
 * {@link #iterations()} and {@link #offDiagonal()}, the final off-diagonal size.
 *
 * <p>Limitation: with Jacobi, singular values below about {@code 3e-145 s_1} ({@code 2^-480}
 * after the scaling) are returned as 0, accurate in absolute but not in relative terms: the
 * inner products of such small columns lose their accuracy to subnormal partial products.
 * Strong row gradings reaching near that floor (rows scaled by {@code 1e-3^i} at
 * {@code n = 50}) can exhaust the sweep bound ({@link NoConvergenceException}).
 *
 * <p>Limitation: the Jacobi sweeps rotate one pair of columns at a time (on the vector
 * kernels); a random {@code 256 x 256} matrix needs about ten sweeps, several times the time of
 * the Golub-Kahan path.
 */
public final class Svd {
  /**
   * Golub-Kahan factors a tall {@code m x n} matrix (a wide one transposed) as {@code Q R}
   * first from {@code m >= TALL_QR_RATIO n} on, or {@link #TALL_QR_RATIO_NARROW} below
   * {@value #SMALL_WIDTH} columns, where neither path is blocked. Measured: values only gain
   * from about {@code 1.6 n}, with {@code U} ({@code Q [U_R; 0]} costs {@code 2n^3} more flops)
   * the two paths break even near {@code 2n}; one crossover for both keeps values-only results
   * and those computed with vectors on the same bidiagonal (dqds and the bidiagonal QR agree to
   * a few hundred ulps relative to each value).
   */
  static final double TALL_QR_RATIO = 2;
  /** The crossover {@code m / n} below {@value #SMALL_WIDTH} columns. */
  static final double TALL_QR_RATIO_NARROW = 4;
  /** Widths below which {@link #TALL_QR_RATIO_NARROW} applies. */
  static final int SMALL_WIDTH = 64;

  /** Upper bound on Jacobi sweeps; convergence is quadratic, so 5 to 10 are typical. */
  public static final int MAX_SWEEPS = 60;

  /** The constant added to {@code s_r} in the CMR condition-number metric (CMR.md, section 2). */
  public static final double KAPPA_FLOOR = 1e-8;

  /** Which SVD algorithm to run. */
  public enum Algorithm {
    /** Bidiagonalization and bidiagonal QR: the fast default, backward stable. */
    GOLUB_KAHAN,
    /** One-sided Jacobi with QR preconditioning: high relative accuracy for graded matrices. */
    JACOBI
  }

  private final int rows;
  private final int cols;
  private final double[] values;
  private final double[] u;
  private final double[] v;
  private final int uCols;
  private final int vCols;
  private final Algorithm algorithm;
  private final int sweeps;
  private final int iterations;
  private final double offDiagonal;

  private Svd(int rows, int cols, double[] values, double[] u, int uCols, double[] v,
      int vCols, Algorithm algorithm, int sweeps, int iterations, double offDiagonal) {
    this.rows = rows;
    this.cols = cols;
    this.values = values;
    this.u = u;
    this.v = v;
    this.uCols = uCols;
    this.vCols = vCols;
    this.algorithm = algorithm;
    this.sweeps = sweeps;
    this.iterations = iterations;
    this.offDiagonal = offDiagonal;
  }

  /**
   * Thin decomposition of the {@code rows x cols} row-major matrix {@code a} (not modified) by
   * the default {@link Algorithm#GOLUB_KAHAN}.
   *
   * @param a the matrix, row-major, length {@code rows * cols}
   * @param rows number of rows {@code m}
   * @param cols number of columns {@code n}
   * @param computeU whether to compute {@code U} ({@code rows x r})
   * @param computeV whether to compute {@code V} ({@code cols x r})
   * @return the decomposition
   * @throws IllegalArgumentException if {@code a} is null, the length is not
   *     {@code rows * cols}, a dimension is negative, or an entry is NaN or infinite (naming the
   *     first such row and column)
   * @throws NoConvergenceException if the iteration exceeds its bound
   */
  public static Svd decompose(double[] a, int rows, int cols, boolean computeU,
      boolean computeV) {
    return decompose(a, rows, cols, computeU, computeV, Algorithm.GOLUB_KAHAN);
  }

  /**
   * Thin decomposition by the given algorithm; see
   * {@link #decompose(double[], int, int, boolean, boolean)}.
   *
   * @param a the matrix, row-major, length {@code rows * cols}
   * @param rows number of rows {@code m}
   * @param cols number of columns {@code n}
   * @param computeU whether to compute {@code U} ({@code rows x r})
   * @param computeV whether to compute {@code V} ({@code cols x r})
   * @param algorithm the algorithm to run
   * @return the decomposition
   * @throws IllegalArgumentException on a bad shape, a null argument, or a NaN or infinite
   *     entry (naming the first such row and column)
   * @throws NoConvergenceException if the iteration exceeds its bound
   */
  public static Svd decompose(double[] a, int rows, int cols, boolean computeU,
      boolean computeV, Algorithm algorithm) {
    checkMatrix(a, rows, cols);
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm must not be null");
    }
    return decomposeValid(a, rows, cols, computeU, computeV, algorithm);
  }

  /**
   * Full decomposition: {@code U} is {@code m x m} and {@code V} is {@code n x n}, both
   * orthogonal; their first {@code r} columns are those of the thin decomposition, the rest
   * span the orthogonal complements (the null spaces of {@code A^T} and {@code A}).
   *
   * @param a the matrix, row-major, length {@code rows * cols}
   * @param rows number of rows {@code m}
   * @param cols number of columns {@code n}
   * @param algorithm the algorithm to run
   * @return the decomposition, with both factors
   * @throws IllegalArgumentException on a bad shape, a null argument, or a NaN or infinite
   *     entry (naming the first such row and column)
   * @throws NoConvergenceException if the iteration exceeds its bound
   */
  public static Svd decomposeFull(double[] a, int rows, int cols, Algorithm algorithm) {
    checkMatrix(a, rows, cols);
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm must not be null");
    }
    if (algorithm == Algorithm.GOLUB_KAHAN) {
      return golubKahan(a, rows, cols, true, true, true);
    }
    Svd thin = decomposeValid(a, rows, cols, true, true, Algorithm.JACOBI);
    int r = thin.values.length;
    return new Svd(rows, cols, thin.values, completeColumns(thin.u, rows, r), rows,
        completeColumns(thin.v, cols, r), cols, Algorithm.JACOBI, thin.sweeps,
        thin.iterations, thin.offDiagonal);
  }

  /**
   * Singular values only, descending, by the default algorithm.
   *
   * @param a the matrix, row-major, length {@code rows * cols}
   * @param rows number of rows {@code m}
   * @param cols number of columns {@code n}
   * @return the {@code min(rows, cols)} singular values, descending (a new array)
   * @throws IllegalArgumentException as {@link #decompose(double[], int, int, boolean, boolean)}
   * @throws NoConvergenceException if the iteration exceeds its bound
   */
  public static double[] singularValues(double[] a, int rows, int cols) {
    return decompose(a, rows, cols, false, false).values.clone();
  }

  /**
   * Float input, converted exactly to double; see
   * {@link #decompose(double[], int, int, boolean, boolean)}.
   *
   * @param a the matrix, row-major, length {@code rows * cols}
   * @param rows number of rows {@code m}
   * @param cols number of columns {@code n}
   * @param computeU whether to compute {@code U}
   * @param computeV whether to compute {@code V}
   * @return the decomposition
   * @throws IllegalArgumentException on a bad shape, a null argument, or a NaN or infinite
   *     entry (naming the first such row and column)
   * @throws NoConvergenceException if the iteration exceeds its bound
   */
  public static Svd decompose(float[] a, int rows, int cols, boolean computeU,
      boolean computeV) {
    if (a == null) {
      throw new IllegalArgumentException("matrix a must not be null");
    }
    Checks.shape("matrix a", a.length, rows, cols);
    Checks.finite("matrix a", a, cols);
    double[] copy = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      copy[i] = a[i];
    }
    return decomposeValid(copy, rows, cols, computeU, computeV, Algorithm.GOLUB_KAHAN);
  }

  /**
   * Singular values only, descending, into the caller's array, with every buffer taken from
   * the reusable workspace {@code ws} (Golub-Kahan only). Gives the same bits as
   * {@link #singularValues(double[], int, int)}; once {@code ws} has seen a shape at least
   * this large, a call allocates nothing of its own.
   *
   * @param a the matrix, row-major, length {@code rows * cols} (not modified)
   * @param rows number of rows {@code m}
   * @param cols number of columns {@code n}
   * @param out receives the {@code r = min(rows, cols)} values in {@code out[0..r)};
   *     entries after them are not touched
   * @param ws the workspace; after the call it reports {@link Workspace#iterations()} and
   *     {@link Workspace#offDiagonal()}
   * @throws IllegalArgumentException as {@link #decompose(double[], int, int, boolean,
   *     boolean)}, or if {@code ws} is null, or {@code out} is null or shorter than
   *     {@code r} (naming it, the needed and the actual length); nothing is written then
   * @throws NoConvergenceException if the iteration exceeds its bound
   */
  public static void singularValues(double[] a, int rows, int cols, double[] out,
      Workspace ws) {
    decomposeChecked(a, rows, cols, "out", out, null, null, ws);
  }

  /**
   * Thin decomposition into caller-owned arrays, with every buffer taken from the reusable
   * workspace {@code ws}: the Golub-Kahan path only ({@link Algorithm#JACOBI} has no workspace
   * form). Gives the same bits as {@link #decompose(double[], int, int, boolean, boolean)};
   * once {@code ws} has seen a shape at least this large, a call allocates nothing of its own.
   * Only the leading {@code r}, {@code rows * r} and {@code cols * r} entries of the outputs
   * are written.
   *
   * @param a the matrix, row-major, length {@code rows * cols} (not modified)
   * @param rows number of rows {@code m}
   * @param cols number of columns {@code n}
   * @param s receives the {@code r = min(rows, cols)} singular values, descending
   * @param u receives {@code U} ({@code rows x r} row-major), or null when not wanted
   * @param v receives {@code V} ({@code cols x r} row-major), or null when not wanted
   * @param ws the workspace; after the call it reports {@link Workspace#iterations()} and
   *     {@link Workspace#offDiagonal()}
   * @throws IllegalArgumentException on a bad shape, a null {@code a}, a NaN or infinite entry
   *     (naming the first such row and column), a null {@code ws}, a null {@code s}, an
   *     output shorter than it needs to be (naming it, the needed and the actual length), or
   *     two outputs, or an output and {@code a}, that are the same array; nothing is written
   *     then
   * @throws NoConvergenceException if the iteration exceeds its bound
   */
  public static void decompose(double[] a, int rows, int cols, double[] s, double[] u,
      double[] v, Workspace ws) {
    decomposeChecked(a, rows, cols, "s", s, u, v, ws);
  }

  /** The checks and the work of the workspace entry points; {@code sName} names {@code s}. */
  private static void decomposeChecked(double[] a, int rows, int cols, String sName,
      double[] s, double[] u, double[] v, Workspace ws) {
    checkMatrix(a, rows, cols);
    Checks.workspace(ws);
    int r = Math.min(rows, cols);
    Checks.output(sName, "the singular values", s, r);
    Checks.distinct(sName, s, "u", u);
    Checks.distinct(sName, s, "v", v);
    Checks.distinct("u", u, "v", v);
    Checks.distinct(sName, s, "matrix a", a);
    Checks.distinct("u", u, "matrix a", a);
    Checks.distinct("v", v, "matrix a", a);
    if (u != null) {
      Checks.output("u", "U, " + rows + "x" + r, u, (long) rows * r);
    }
    if (v != null) {
      Checks.output("v", "V, " + cols + "x" + r, v, (long) cols * r);
    }
    golubKahan(a, rows, cols, false, qrFirst(Math.max(rows, cols), r), s, u, v, ws);
  }

  /**
   * Reusable buffers for {@link #singularValues(double[], int, int, double[], Workspace)} and
   * {@link #decompose(double[], int, int, double[], double[], double[], Workspace)}: created
   * empty, they grow to the largest shape seen and are kept, so that repeated calls (a
   * training loop's layers, one shape after another) allocate nothing once the largest shape
   * has been seen. A workspace also reports the iteration count and off-diagonal measure of
   * its last call. Not thread-safe: use one per thread.
   */
  public static final class Workspace {
    final GolubKahanSvd tall = new GolubKahanSvd();
    final GolubKahanSvd square = new GolubKahanSvd();
    final BidiagonalDqds dqds = new BidiagonalDqds();
    final BidiagonalQr qr = new BidiagonalQr();
    final RotationLog uLog = new RotationLog();
    final RotationLog vLog = new RotationLog();
    double[] d = new double[0];
    double[] e = new double[0];
    double[] sorted = new double[0];
    double[] ur = new double[0];
    int[] order = new int[0];
    int[] orderScratch = new int[0];
    private double[][] rows = new double[0][];
    int iterations;
    double offDiagonal;

    /** An empty workspace; its buffers are made on first use. */
    public Workspace() {}

    /**
     * Iterations of the last call, as {@link Svd#iterations()}: the bidiagonal QR's inner
     * steps with vectors, the entries transformed by dqds for values only (0 before any
     * call and for empty or zero matrices).
     *
     * @return the iteration count of the last call
     */
    public int iterations() {
      return iterations;
    }

    /**
     * The final off-diagonal size of the last call, as {@link Svd#offDiagonal()}.
     *
     * @return the off-diagonal measure of the last call
     */
    public double offDiagonal() {
      return offDiagonal;
    }

    /** Grows the per-order buffers to order {@code n}. */
    void ensure(int n) {
      d = GolubKahanSvd.grow(d, n);
      e = GolubKahanSvd.grow(e, n);
      sorted = GolubKahanSvd.grow(sorted, n);
      if (order.length < n) {
        order = new int[n];
        orderScratch = new int[n];
      }
    }

    /** {@code n x n} identity rows, in rows kept from earlier calls where they fit. */
    double[][] identityRows(int n) {
      if (rows.length < n || rows[0].length < n) {
        rows = new double[n][n];
      }
      for (int i = 0; i < n; i++) {
        Arrays.fill(rows[i], 0, n, 0);
        rows[i][i] = 1;
      }
      return rows;
    }
  }

  private static void checkMatrix(double[] a, int rows, int cols) {
    if (a == null) {
      throw new IllegalArgumentException("matrix a must not be null");
    }
    Checks.shape("matrix a", a.length, rows, cols);
    Checks.finite("matrix a", a, cols);
  }

  /** Decomposes a checked matrix by the default algorithm; {@code a} may be longer. */
  static Svd decomposeValid(double[] a, int rows, int cols, boolean computeU,
      boolean computeV) {
    return decomposeValid(a, rows, cols, computeU, computeV, Algorithm.GOLUB_KAHAN);
  }

  /** Decomposes a checked matrix by the given algorithm. */
  static Svd decomposeValid(double[] a, int rows, int cols, boolean computeU,
      boolean computeV, Algorithm algorithm) {
    if (algorithm == Algorithm.GOLUB_KAHAN) {
      return golubKahan(a, rows, cols, computeU, computeV, false);
    }
    return decomposeValid(a, rows, cols, computeU, computeV, MAX_SWEEPS);
  }

  /**
   * One-sided Jacobi warm-started from a previous decomposition: for a tall or square
   * {@code A} ({@code m >= n}) pass the previous {@code V} ({@code n x n}), for a wide one the
   * previous {@code U} ({@code m x m}), that is the square factor {@code W} of the previous
   * step. Jacobi then runs on {@code A W} (or {@code A^T W}), whose columns are already nearly
   * orthogonal when {@code A} changed little, so one or two sweeps typically suffice
   * ({@link #sweeps()} reports them); the square factor of the result is {@code W} times the
   * factor found. The result is the SVD of {@code A} whatever {@code W} is, as long as it is
   * orthogonal; only the number of sweeps depends on how good a guess it is.
   *
   * @param a the matrix, row-major, length {@code rows * cols}
   * @param rows number of rows {@code m}
   * @param cols number of columns {@code n}
   * @param previous the orthogonal {@code r x r} guess {@code W}, row-major, {@code r =
   *     min(m, n)} (not modified)
   * @param computeU whether to compute {@code U}
   * @param computeV whether to compute {@code V}
   * @return the decomposition (algorithm {@link Algorithm#JACOBI})
   * @throws IllegalArgumentException on a bad shape, a null argument, a NaN or infinite entry
   *     (naming the first such row and column), or a guess that is not orthogonal to
   *     {@code 1e-8} ({@code |W^T W - I|_max})
   * @throws NoConvergenceException if {@value #MAX_SWEEPS} sweeps do not suffice
   */
  public static Svd decomposeWarm(double[] a, int rows, int cols, double[] previous,
      boolean computeU, boolean computeV) {
    checkMatrix(a, rows, cols);
    int r = Math.min(rows, cols);
    if (previous == null) {
      throw new IllegalArgumentException("previous factor must not be null");
    }
    Checks.shape("previous factor", previous.length, r, r);
    Checks.finite("previous factor", previous, Math.max(r, 1));
    if (r == 0) {
      return decomposeValid(a, rows, cols, computeU, computeV, MAX_SWEEPS);
    }
    double[] gram = new double[r * r];
    Gemm.dgemm(true, false, r, r, r, 1, previous, previous, 0, gram);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < r; j++) {
        double dev = Math.abs(gram[i * r + j] - (i == j ? 1 : 0));
        if (!(dev <= 1e-8)) {
          throw new IllegalArgumentException("previous factor must be orthogonal, but entry ("
              + i + ", " + j + ") of W^T W - I is " + dev + " (tolerance 1e-8)");
        }
      }
    }
    boolean transposed = rows < cols;
    int m = Math.max(rows, cols);
    // X = A W (tall) or A^T W
    double[] x = new double[m * r];
    Gemm.dgemm(transposed, false, m, r, r, 1, a, 0, cols, previous, 0, r, 0, x, 0, r);
    Svd inner = decomposeValid(x, m, r, true, true, MAX_SWEEPS);
    double[] small = new double[r * r];
    Gemm.dgemm(false, false, r, r, r, 1, previous, inner.v, 0, small);
    double[] tallU = inner.u;
    double[] uOut = transposed ? small : tallU;
    double[] vOut = transposed ? tallU : small;
    return new Svd(rows, cols, inner.values, computeU ? uOut : null, r,
        computeV ? vOut : null, r, Algorithm.JACOBI, inner.sweeps, inner.iterations,
        inner.offDiagonal);
  }

  /** Jacobi with a sweep bound. */
  static Svd decomposeValid(double[] a, int rows, int cols, boolean computeU,
      boolean computeV, int maxSweeps) {
    int r = Math.min(rows, cols);
    if (r == 0) {
      return empty(rows, cols, computeU, computeV, false, Algorithm.JACOBI);
    }
    double big = Vectors.maxAbs(a, 0, rows * cols);
    if (big == 0) {
      return zero(rows, cols, computeU, computeV, false, Algorithm.JACOBI);
    }
    boolean transposed = rows < cols;
    Jacobi work = new Jacobi(transposed ? cols : rows, r, computeU || computeV);
    int exponent = exponentOf(big);
    work.load(a, rows, cols, transposed, -exponent);
    work.factorQr();
    work.sweep(maxSweeps);
    double[] s = work.singularValues(exponent);
    double[] left = null;
    double[] right = null;
    if (computeU || computeV) {
      double[] qj = work.leftVectors();
      double[] put = work.rightVectors();
      left = transposed ? put : qj;
      right = transposed ? qj : put;
    }
    return new Svd(rows, cols, s, computeU ? left : null, r, computeV ? right : null, r,
        Algorithm.JACOBI, work.sweeps, work.sweeps, work.offDiagonal);
  }

  private static Svd empty(int rows, int cols, boolean computeU, boolean computeV,
      boolean full, Algorithm algorithm) {
    int uc = full ? rows : 0;
    int vc = full ? cols : 0;
    return new Svd(rows, cols, new double[0], computeU ? identityColumns(rows, uc) : null, uc,
        computeV ? identityColumns(cols, vc) : null, vc, algorithm, 0, 0, 0);
  }

  private static Svd zero(int rows, int cols, boolean computeU, boolean computeV,
      boolean full, Algorithm algorithm) {
    int r = Math.min(rows, cols);
    int uc = full ? rows : r;
    int vc = full ? cols : r;
    return new Svd(rows, cols, new double[r], computeU ? identityColumns(rows, uc) : null, uc,
        computeV ? identityColumns(cols, vc) : null, vc, algorithm, 0, 0, 0);
  }

  /** The Golub-Kahan path, with a QR factorization first where {@link #qrFirst} says so. */
  private static Svd golubKahan(double[] a, int rows, int cols, boolean computeU,
      boolean computeV, boolean full) {
    return golubKahan(a, rows, cols, computeU, computeV, full,
        qrFirst(Math.max(rows, cols), Math.min(rows, cols)));
  }

  /** Whether Golub-Kahan factors the tall {@code m x n} matrix as {@code Q R} first. */
  static boolean qrFirst(int m, int n) {
    return m >= (n < SMALL_WIDTH ? TALL_QR_RATIO_NARROW : TALL_QR_RATIO) * n;
  }

  /**
   * The Golub-Kahan path: bidiagonalize, diagonalize, back-transform; when {@code qrFirst},
   * the tall matrix is first factored {@code X = Q R} and {@code R} is bidiagonalized, with
   * {@code U = Q [U_R; 0]}.
   */
  static Svd golubKahan(double[] a, int rows, int cols, boolean computeU,
      boolean computeV, boolean full, boolean qrFirst) {
    int r = Math.min(rows, cols);
    int uc = full ? rows : r;
    int vc = full ? cols : r;
    double[] s = new double[r];
    double[] u = computeU ? new double[rows * uc] : null;
    double[] v = computeV ? new double[cols * vc] : null;
    Workspace ws = new Workspace();
    golubKahan(a, rows, cols, full, qrFirst, s, u, v, ws);
    return new Svd(rows, cols, s, u, uc, v, vc, Algorithm.GOLUB_KAHAN, 0, ws.iterations,
        ws.offDiagonal);
  }

  /**
   * The Golub-Kahan path into caller-owned outputs: {@code s} ({@code r} values), {@code u}
   * ({@code rows x r}, or {@code rows x rows} when {@code full}) and {@code v} ({@code cols x
   * r} or {@code cols x cols}), each null when not wanted; every buffer comes from
   * {@code ws}, which also receives the iteration count and the off-diagonal measure.
   */
  static void golubKahan(double[] a, int rows, int cols, boolean full, boolean qrFirst,
      double[] s, double[] u, double[] v, Workspace ws) {
    ws.iterations = 0;
    ws.offDiagonal = 0;
    int r = Math.min(rows, cols);
    int uc = full ? rows : r;
    int vc = full ? cols : r;
    double big = r == 0 ? 0 : Vectors.maxAbs(a, 0, rows * cols);
    if (big == 0) {
      Arrays.fill(s, 0, r, 0);
      identityColumns(u, rows, uc);
      identityColumns(v, cols, vc);
      return;
    }
    int exponent = exponentOf(big);
    boolean transposed = rows < cols;
    int m = Math.max(rows, cols);
    int n = r;
    GolubKahanSvd g = ws.tall;
    g.reshape(m, n);
    g.load(a, rows, cols, transposed, -exponent);
    GolubKahanSvd tall = null;
    if (qrFirst) {
      tall = g;
      tall.factorQr(n);
      g = tall.triangularFactor(ws.square);
    }
    g.bidiagonalize();
    double[] leftVectors = transposed ? v : u;
    double[] rightVectors = transposed ? u : v;
    ws.ensure(n);
    double[] d = ws.d;
    double[] e = ws.e;
    System.arraycopy(g.d, 0, d, 0, n);
    System.arraycopy(g.e, 0, e, 0, n);
    // Limitation: with vectors this path takes about 1.2 to 1.4 times LAPACK's time (numpy,
    // dgesdd) and beats ojAlgo by 1.4 to 1.9x, short of 1.5x at 256: the bidiagonal QR
    // applies about 0.9 n^2 rotations to two n x n factors (RotationLog chains them per
    // sweep, but each element still streams through the cache once per sweep); divide and
    // conquer, or applying several sweeps per pass, would be the way to the goal.
    if (leftVectors == null && rightVectors == null) {
      BidiagonalDqds dqds = ws.dqds;
      double[] sorted = ws.sorted;
      dqds.singularValues(d, e, n, sorted);
      for (int i = 0; i < n; i++) {
        s[i] = Math.scalb(sorted[i], exponent);
      }
      ws.iterations = dqds.iterations();
      ws.offDiagonal = dqds.offDiagonal();
      return;
    }
    // with vectors the bidiagonal QR gives the values too (they agree with dqds's to a few
    // hundred ulps relative to each; both keep relative accuracy on the bidiagonal)
    RotationLog uLog = leftVectors != null ? ws.uLog : null;
    RotationLog vLog = rightVectors != null ? ws.vLog : null;
    ws.uLog.clear();
    ws.vLog.clear();
    BidiagonalQr qr = ws.qr;
    qr.diagonalize(d, e, n, uLog, vLog);
    int[] order = ws.order;
    descendingOrder(d, n, order, ws.orderScratch);
    for (int i = 0; i < n; i++) {
      s[i] = Math.scalb(d[order[i]], exponent);
    }
    int leftCols = full ? m : n;
    if (leftVectors != null) {
      double[][] ut = ws.identityRows(n);
      uLog.apply(ut, n, n);
      Arrays.fill(leftVectors, 0, m * leftCols, 0);
      if (tall == null) {
        copyOrdered(ut, order, n, leftVectors, leftCols);
        for (int j = n; j < leftCols; j++) {
          leftVectors[j * leftCols + j] = 1;
        }
        g.applyQ(leftVectors, leftCols);
      } else {
        ws.ur = GolubKahanSvd.grow(ws.ur, n * n);
        double[] ur = ws.ur;
        copyOrdered(ut, order, n, ur, n);
        g.applyQ(ur, n);
        for (int i = 0; i < n; i++) {
          System.arraycopy(ur, i * n, leftVectors, i * leftCols, n);
        }
        for (int j = n; j < leftCols; j++) {
          leftVectors[j * leftCols + j] = 1;
        }
        tall.applyQ(leftVectors, leftCols);
      }
    }
    if (rightVectors != null) {
      double[][] vt = ws.identityRows(n);
      vLog.apply(vt, n, n);
      for (int j = 0; j < n; j++) {
        double[] col = vt[order[j]];
        double sign = qr.negated(order[j]) ? -1 : 1;
        for (int i = 0; i < n; i++) {
          rightVectors[i * n + j] = sign * col[i];
        }
      }
      g.applyP(rightVectors, n);
    }
    ws.iterations = qr.iterations();
    ws.offDiagonal = qr.offDiagonal();
  }

  /** Column {@code j < n} of {@code out} ({@code ld} wide) gets row {@code order[j]} of z. */
  private static void copyOrdered(double[][] z, int[] order, int n, double[] out, int ld) {
    for (int j = 0; j < n; j++) {
      double[] col = z[order[j]];
      for (int i = 0; i < n; i++) {
        out[i * ld + j] = col[i];
      }
    }
  }

  /**
   * The binary exponent {@code k} with {@code 2^k <= x < 2^(k+1)} for finite {@code x > 0},
   * subnormal {@code x} included (where {@link Math#getExponent(double)} returns -1023).
   */
  static int exponentOf(double x) {
    if (x >= Double.MIN_NORMAL) {
      return Math.getExponent(x);
    }
    return Math.getExponent(x * 0x1p60) - 60;
  }

  /** Indices sorting {@code d} descending, ties by index (deterministic). */
  static int[] descendingOrder(double[] d) {
    int[] order = new int[d.length];
    descendingOrder(d, d.length, order, new int[d.length]);
    return order;
  }

  /**
   * Indices sorting {@code d[0..n)} descending in {@link Double#compare} order, ties by
   * index, into {@code order}: a stable bottom-up merge sort through {@code scratch} (both at
   * least {@code n} long), so no call allocates.
   */
  static void descendingOrder(double[] d, int n, int[] order, int[] scratch) {
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] from = order;
    int[] to = scratch;
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          // the right one goes first only when strictly larger: ties keep index order
          to[k++] = Double.compare(d[from[j]], d[from[i]]) > 0 ? from[j++] : from[i++];
        }
        while (i < mid) {
          to[k++] = from[i++];
        }
        while (j < hi) {
          to[k++] = from[j++];
        }
      }
      int[] t = from;
      from = to;
      to = t;
    }
    if (from != order) {
      System.arraycopy(from, 0, order, 0, n);
    }
  }

  /** {@code m x r} identity columns ({@code r <= m}), or an {@code m x m} identity. */
  private static double[] identityColumns(int m, int r) {
    double[] x = new double[m * r];
    identityColumns(x, m, r);
    return x;
  }

  /** Writes {@link #identityColumns(int, int)} into {@code x[0..m r)}; nothing when null. */
  private static void identityColumns(double[] x, int m, int r) {
    if (x == null) {
      return;
    }
    Arrays.fill(x, 0, m * r, 0);
    for (int i = 0; i < Math.min(m, r); i++) {
      x[i * r + i] = 1;
    }
  }

  /**
   * Extends {@code m x r} orthonormal columns to an {@code m x m} orthogonal matrix: the
   * trailing {@code m - r} columns of {@code H_0 ... H_{r-1}} from a Householder QR of the
   * given columns span their orthogonal complement.
   */
  private static double[] completeColumns(double[] q, int m, int r) {
    double[] out = new double[m * m];
    if (m == 0) {
      return out;
    }
    GolubKahanSvd qr = new GolubKahanSvd(m, Math.max(r, 1));
    if (r > 0) {
      qr.load(q, m, r, false, 0);
      qr.factorQr(r);
    }
    for (int j = r; j < m; j++) {
      out[j * m + j] = 1;
    }
    if (r > 0) {
      qr.applyQ(out, m, r);
    }
    for (int i = 0; i < m; i++) {
      System.arraycopy(q, i * r, out, i * m, r);
    }
    return out;
  }

  /**
   * Number of rows {@code m} of the decomposed matrix.
   *
   * @return {@code m}
   */
  public int rows() {
    return rows;
  }

  /**
   * Number of columns {@code n} of the decomposed matrix.
   *
   * @return {@code n}
   */
  public int cols() {
    return cols;
  }

  /**
   * The number of singular values, {@code r = min(m, n)}.
   *
   * @return {@code r}
   */
  public int count() {
    return values.length;
  }

  /**
   * Numerical rank: the number of singular values above
   * {@link #defaultRankTolerance()} {@code = max(m, n) eps s_1}, the tolerance of LAPACK-based
   * tools (NumPy's {@code matrix_rank}, MATLAB's {@code rank}): values below it are
   * indistinguishable from zero after rounding errors of size {@code eps ||A||}. 0 for the
   * zero matrix and for an empty one.
   *
   * @return the numerical rank
   */
  public int rank() {
    return rank(defaultRankTolerance());
  }

  /**
   * The number of singular values strictly greater than {@code tolerance}.
   *
   * @param tolerance the threshold, {@code >= 0}
   * @return the rank at that tolerance
   * @throws IllegalArgumentException if the tolerance is negative or NaN
   */
  public int rank(double tolerance) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("rank tolerance must be >= 0, got " + tolerance);
    }
    int k = 0;
    while (k < values.length && values[k] > tolerance) {
      k++;
    }
    return k;
  }

  /**
   * The rank tolerance {@code max(m, n) eps s_1} (0 for an empty matrix).
   *
   * @return the default rank tolerance
   */
  public double defaultRankTolerance() {
    if (values.length == 0) {
      return 0;
    }
    return Math.max(rows, cols) * Math.ulp(1.0) * values[0];
  }

  /**
   * Nullity {@code n - rank()}: the dimension of the null space of {@code A}
   * ({@code n} = number of columns), so {@code rank + nullity = n}.
   *
   * @return the nullity
   */
  public int nullity() {
    return cols - rank();
  }

  /**
   * The singular values, descending (a copy).
   *
   * @return the {@code r} singular values
   */
  public double[] singularValues() {
    return values.clone();
  }

  /**
   * Singular value {@code i} ({@code 0}-based, descending).
   *
   * @param i the index, {@code 0 <= i < r}
   * @return {@code s_{i+1}}
   */
  public double singularValue(int i) {
    return values[i];
  }

  /**
   * Whether {@code U} was computed.
   *
   * @return whether {@link #u()} is available
   */
  public boolean hasU() {
    return u != null;
  }

  /**
   * Whether {@code V} was computed.
   *
   * @return whether {@link #v()} is available
   */
  public boolean hasV() {
    return v != null;
  }

  /**
   * Number of columns of {@code U}: {@code r} (thin) or {@code m} (full).
   *
   * @return the column count of {@link #u()}
   */
  public int uColumns() {
    return uCols;
  }

  /**
   * Number of columns of {@code V}: {@code r} (thin) or {@code n} (full).
   *
   * @return the column count of {@link #v()}
   */
  public int vColumns() {
    return vCols;
  }

  /**
   * {@code U}, {@code m x uColumns()} row-major with orthonormal columns (a copy).
   *
   * @return {@code U}
   * @throws IllegalStateException if it was not requested
   */
  public double[] u() {
    if (u == null) {
      throw new IllegalStateException("U was not computed: pass computeU = true");
    }
    return u.clone();
  }

  /**
   * {@code V}, {@code n x vColumns()} row-major with orthonormal columns (a copy).
   *
   * @return {@code V}
   * @throws IllegalStateException if it was not requested
   */
  public double[] v() {
    if (v == null) {
      throw new IllegalStateException("V was not computed: pass computeV = true");
    }
    return v.clone();
  }

  /**
   * The algorithm that produced this decomposition.
   *
   * @return the algorithm
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * Jacobi sweeps used, including the final one that found nothing left to rotate (0 for
   * Golub-Kahan and for trivial inputs).
   *
   * @return the sweeps
   */
  public int sweeps() {
    return sweeps;
  }

  /**
   * Iterations used: Jacobi sweeps; for Golub-Kahan with vectors the inner bidiagonal QR
   * steps (rotations per row pair, summed over the sweeps), for values only the entries
   * transformed by dqds (summed over its transforms).
   *
   * @return the iteration count
   */
  public int iterations() {
    return iterations;
  }

  /**
   * The final off-diagonal size. Jacobi: the largest relative inner product
   * {@code |x_p . x_q| / (|x_p| |x_q|)} seen in the last sweep, at most {@code sqrt(r) eps} on
   * convergence. Golub-Kahan with vectors: the largest bidiagonal entry set to zero, relative
   * to the largest entry of the bidiagonal, at most about {@code 180 eps}; values only: the
   * largest entry dqds dropped, relative to what it was compared with, at most about
   * {@code 90 eps}.
   *
   * @return the off-diagonal measure
   */
  public double offDiagonal() {
    return offDiagonal;
  }

  /**
   * The CMR metric {@code kappa = s_1 / (s_r + 1e-8)} (CMR.md, section 2): finite even for
   * singular matrices. For an empty matrix ({@code r = 0}) it is 1 by convention.
   *
   * @return the regularized condition number
   */
  public double conditionNumber() {
    if (values.length == 0) {
      return 1;
    }
    return values[0] / (values[values.length - 1] + KAPPA_FLOOR);
  }

  /**
   * The 2-norm condition number {@code s_1 / s_r}: infinite when {@code s_r = 0} (singular,
   * including the zero matrix), 1 for a nonzero {@code 1 x 1} matrix and, by convention, for
   * an empty one ({@code 0 x n}, {@code m x 0}: no singular values, nothing to amplify).
   *
   * @return the condition number
   */
  public double trueConditionNumber() {
    if (values.length == 0) {
      return 1;
    }
    double last = values[values.length - 1];
    return last == 0 ? Double.POSITIVE_INFINITY : values[0] / last;
  }

  /**
   * Workspace of one decomposition: {@code X} ({@code m x n}, tall) held as rows during the
   * QR step, then the Jacobi columns of {@code R^T} held as rows.
   */
  private static final class Jacobi {
    /** Pivots of {@code R} below this ({@code 2^-480}) end it (see the class comment). */
    private static final double NEGLIGIBLE_PIVOT = 0x1p-480;

    private final int m;
    private final int n;
    private final boolean vectors;
    private final double[][] x;
    private final double[] tau;
    private final int[] perm;
    /** Original index of each row of {@code X} after the rows are sorted by norm. */
    private final int[] rowOrder;
    private final double[][] jac;
    private final double[] norms;
    private double[][] reflectorLow;
    private double[] finalNorms;
    private int[] order;
    int sweeps;
    double offDiagonal;

    Jacobi(int m, int n, boolean vectors) {
      this.m = m;
      this.n = n;
      this.vectors = vectors;
      this.x = new double[m][n];
      this.tau = new double[n];
      this.perm = new int[n];
      this.rowOrder = new int[m];
      this.jac = vectors ? new double[n][n] : null;
      this.norms = new double[n];
    }

    /** Copies {@code 2^shift A}, or its transpose, into the rows of {@code X}. */
    void load(double[] a, int rows, int cols, boolean transposed, int shift) {
      double scale = Math.scalb(1.0, Math.min(shift, Double.MAX_EXPONENT));
      double rest = Math.scalb(1.0, shift - Math.min(shift, Double.MAX_EXPONENT));
      for (int j = 0; j < n; j++) {
        perm[j] = j;
      }
      if (transposed) {
        for (int i = 0; i < rows; i++) {
          int base = i * cols;
          for (int j = 0; j < cols; j++) {
            x[j][i] = scale * a[base + j] * rest;
          }
        }
      } else {
        for (int i = 0; i < rows; i++) {
          int base = i * cols;
          double[] row = x[i];
          for (int j = 0; j < cols; j++) {
            row[j] = scale * a[base + j] * rest;
          }
        }
      }
    }

    /**
     * Householder QR with column pivoting, {@code X P = Q R} (Golub and Van Loan, algorithm
     * 5.4.1), by rows; reflector {@code k} stays below the diagonal in column {@code k}.
     * Pivoting makes the rows of {@code R} graded, which is what makes Jacobi on {@code R^T}
     * converge in few sweeps.
     */
    void factorQr() {
      sortRowsByNorm();
      double[] v = new double[m];
      double[] column = new double[m];
      double[] w = new double[n];
      double[] partial = new double[n];
      double[] reference = new double[n];

      // column norms of X, downdated as rows of R are split off
      for (int i = 0; i < m; i++) {
        double[] row = x[i];
        for (int j = 0; j < n; j++) {
          partial[j] += row[j] * row[j];
        }
      }
      for (int j = 0; j < n; j++) {
        partial[j] = Math.sqrt(partial[j]);
        reference[j] = partial[j];
      }
      double recomputeBelow = Math.sqrt(Tridiagonal.EPS);

      for (int k = 0; k < n; k++) {
        // pivot: bring the column of largest remaining norm to position k
        int best = k;
        for (int j = k + 1; j < n; j++) {
          if (partial[j] > partial[best]) {
            best = j;
          }
        }
        if (best != k) {
          for (int i = 0; i < m; i++) {
            double[] row = x[i];
            double tmp = row[k];
            row[k] = row[best];
            row[best] = tmp;
          }
          int tp = perm[k];
          perm[k] = perm[best];
          perm[best] = tp;
          partial[best] = partial[k];
          reference[best] = reference[k];
        }

        // reflector k from column k, rows k..m-1 (norms without underflow, as dlarfg)
        for (int i = k; i < m; i++) {
          column[i - k] = x[i][k];
        }
        double t = GolubKahanSvd.makeReflector(column, 0, m - k);
        tau[k] = t;
        if (t != 0) {
          v[k] = 1;
          for (int i = k + 1; i < m; i++) {
            v[i] = column[i - k];
            x[i][k] = v[i];
          }
          x[k][k] = column[0];

          // apply on the left to columns k+1..n-1: w = v^T X, X -= tau v w^T
          Arrays.fill(w, k + 1, n, 0);
          for (int i = k; i < m; i++) {
            Vectors.axpy(v[i], x[i], w, k + 1, n);
          }
          for (int i = k; i < m; i++) {
            Vectors.axpy(-t * v[i], w, x[i], k + 1, n);
          }
        }

        // downdate the remaining column norms by row k of R; recompute where they cancel
        for (int j = k + 1; j < n; j++) {
          if (partial[j] == 0) {
            continue;
          }
          double ratio = Math.abs(x[k][j]) / partial[j];
          double left = Math.max(0, (1 - ratio) * (1 + ratio));
          double rel = partial[j] / reference[j];
          if (left * rel * rel <= recomputeBelow) {
            double sum = 0;
            for (int i = k + 1; i < m; i++) {
              sum += x[i][j] * x[i][j];
            }
            partial[j] = Math.sqrt(sum);
            reference[j] = partial[j];
          } else {
            partial[j] *= Math.sqrt(left);
          }
        }
      }
    }

    /**
     * Orders the rows of {@code X} by decreasing norm (largest entry), remembering where each
     * came from: Householder QR of a row-graded {@code D B} keeps high relative accuracy only
     * with the heavy rows first (Cox and Higham, BIT 38, 1998; the row sorting of xGEJSV).
     */
    private void sortRowsByNorm() {
      double[] rowNorm = new double[m];
      for (int i = 0; i < m; i++) {
        rowNorm[i] = Vectors.maxAbs(x[i], 0, n);
      }
      // stable: rows of equal norm keep their order
      int[] byNorm = descendingOrder(rowNorm);
      double[][] rowsBefore = x.clone();
      for (int i = 0; i < m; i++) {
        rowOrder[i] = byNorm[i];
        x[i] = rowsBefore[byNorm[i]];
      }
    }

    /** One-sided Jacobi on the columns of {@code R^T}, which are the rows of {@code R}. */
    void sweep(int maxSweeps) {
      // the rows of R, zero left of the diagonal, become the Jacobi columns
      if (vectors) {
        reflectorLow = new double[n][];
        for (int i = 0; i < n; i++) {
          reflectorLow[i] = Arrays.copyOf(x[i], i);
        }
      }
      for (int i = 0; i < n; i++) {
        Arrays.fill(x[i], 0, i, 0);
      }
      // truncation only near underflow, as xGEJSV's relative-accuracy mode does (Drmač and
      // Veselić, section 3.1): the rows k.. of R below a pivot under NEGLIGIBLE_PIVOT have norms
      // at most sqrt(n - k) |r_kk| by the pivoting, and dropping them costs far less than
      // eps ||A|| (the input is scaled to max |a_ij| in [1, 2)). A sudden drop above that level
      // is data (diag(1, 1e-16) is graded, not rank deficient) and stays.
      // Limitation: D Q with D = diag(1e-3^i) at n = 50 (smallest value 1e-147) still ends in
      // NoConvergenceException (largest cosine 0.3 after 60 sweeps); n = 40 converges. Not
      // traced yet.
      for (int k = 1; k < n; k++) {
        if (Math.abs(x[k][k]) < NEGLIGIBLE_PIVOT) {
          for (int i = k; i < n; i++) {
            Arrays.fill(x[i], i, n, 0);
          }
          break;
        }
      }
      for (int i = 0; i < n; i++) {
        norms[i] = Vectors.dot(x[i], x[i], i, n);
      }
      if (vectors) {
        for (int i = 0; i < n; i++) {
          Arrays.fill(jac[i], 0);
          jac[i][i] = 1;
        }
      }
      double tol = Math.sqrt(n) * Tridiagonal.EPS;
      for (sweeps = 1; sweeps <= maxSweeps; sweeps++) {
        int rotations = 0;
        double worst = 0;
        sortByNorm();
        for (int p = 0; p < n - 1; p++) {
          double[] xp = x[p];
          for (int q = p + 1; q < n; q++) {
            double a = norms[p];
            double b = norms[q];
            if (a == 0 || b == 0) {
              continue;
            }
            double[] xq = x[q];
            double g = Vectors.dot(xp, xq, 0, n);
            double cosine = Math.abs(g) / (Math.sqrt(a) * Math.sqrt(b));
            worst = Math.max(worst, cosine);
            if (cosine <= tol) {
              continue;
            }
            rotations++;

            // rotation that makes columns p and q orthogonal
            double zeta = (b - a) / (2 * g);
            double t = Math.copySign(1 / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta)), zeta);
            double c = 1 / Math.sqrt(1 + t * t);
            double s = c * t;
            Vectors.rotate(xp, xq, c, -s, 0, n);
            if (vectors) {
              Vectors.rotate(jac[p], jac[q], c, -s, 0, n);
            }

            // updated squared norms, recomputed where the update cancels
            double na = a - t * g;
            double nb = b + t * g;
            norms[p] = na < 0.125 * a ? Vectors.dot(xp, xp, 0, n) : na;
            norms[q] = nb < 0.125 * b ? Vectors.dot(xq, xq, 0, n) : nb;
          }
        }
        offDiagonal = worst;
        if (rotations == 0) {
          return;
        }
        for (int i = 0; i < n; i++) {
          norms[i] = Vectors.dot(x[i], x[i], 0, n);
        }
      }
      sweeps = maxSweeps;
      throw new NoConvergenceException("one-sided Jacobi SVD did not converge in "
          + maxSweeps + " sweeps: largest relative off-diagonal inner product "
          + offDiagonal + " in the last sweep (tolerance " + tol + ")", maxSweeps, offDiagonal);
    }

    /**
     * Orders the Jacobi columns by decreasing norm before a sweep (de Rijk's pivoting), which
     * saves about one sweep in ten. Columns of {@code J} move with their columns of
     * {@code R^T J}, so the factorization is unchanged. Insertion sort: after the first sweep
     * the order changes little.
     */
    private void sortByNorm() {
      for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && norms[j] > norms[j - 1]; j--) {
          double t = norms[j];
          norms[j] = norms[j - 1];
          norms[j - 1] = t;
          double[] row = x[j];
          x[j] = x[j - 1];
          x[j - 1] = row;
          if (vectors) {
            row = jac[j];
            jac[j] = jac[j - 1];
            jac[j - 1] = row;
          }
        }
      }
    }

    /** Column norms, sorted descending, scaled back by {@code 2^exponent}. */
    double[] singularValues(int exponent) {
      finalNorms = new double[n];
      for (int i = 0; i < n; i++) {
        // a column whose squared norm underflowed was never rotated: it counts as zero
        finalNorms[i] = norms[i] == 0 ? 0 : robustNorm(x[i]);
      }
      order = descendingOrder(finalNorms);
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = Math.scalb(finalNorms[order[i]], exponent);
      }
      return s;
    }

    private double robustNorm(double[] y) {
      double big = Vectors.maxAbs(y, 0, n);
      if (big == 0) {
        return 0;
      }
      double sum = Vectors.dot(y, y, 0, n);
      if (sum > 1e-280 && sum < 1e280) {
        return Math.sqrt(sum);
      }
      // scale by a power of two (finite even when big is subnormal, unlike 1 / big)
      int exponent = Math.getExponent(big);
      double scale = Math.scalb(1.0, -exponent);
      double scaled = 0;
      for (int j = 0; j < n; j++) {
        double z = y[j] * scale;
        scaled += z * z;
      }
      return Math.scalb(Math.sqrt(scaled), exponent);
    }

    /** {@code Q J} in sorted column order, {@code m x n} row-major. */
    double[] leftVectors() {
      // M = [J; 0] in sorted order, then M <- P_0 ... P_{n-1} M, reflectors applied last first
      double[][] mm = new double[m][n];
      for (int j = 0; j < n; j++) {
        double[] col = jac[order[j]];
        for (int i = 0; i < n; i++) {
          mm[i][j] = col[i];
        }
      }
      double[] w = new double[n];
      for (int k = n - 1; k >= 0; k--) {
        double t = tau[k];
        if (t == 0) {
          continue;
        }
        Arrays.fill(w, 0);
        Vectors.axpy(1, mm[k], w, 0, n);
        for (int i = k + 1; i < m; i++) {
          Vectors.axpy(x2(i, k), mm[i], w, 0, n);
        }
        Vectors.axpy(-t, w, mm[k], 0, n);
        for (int i = k + 1; i < m; i++) {
          Vectors.axpy(-t * x2(i, k), w, mm[i], 0, n);
        }
      }
      // rows back in the input's order
      double[] out = new double[m * n];
      for (int i = 0; i < m; i++) {
        System.arraycopy(mm[i], 0, out, rowOrder[i] * n, n);
      }
      return out;
    }

    private double x2(int i, int k) {
      // reflector entries of rows >= n stay in X; those of rows < n were saved before sweeping
      return i < n ? reflectorLow[i][k] : x[i][k];
    }

    /** {@code P Ut}: the unit Jacobi columns, rows restored to the input's column order. */
    double[] rightVectors() {
      double[][] ut = new double[n][n];
      int filled = 0;
      for (int j = 0; j < n; j++) {
        double norm = finalNorms[order[j]];
        if (norm > 0) {
          double[] col = x[order[j]];
          for (int i = 0; i < n; i++) {
            ut[j][i] = col[i] / norm;
          }
          filled++;
        }
      }
      completeOrthonormal(ut, filled, n);
      double[] out = new double[n * n];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          out[perm[i] * n + j] = ut[j][i];
        }
      }
      return out;
    }
  }

  /**
   * Fills rows {@code filled..n-1} of {@code basis} (rows of length {@code n}, the first
   * {@code filled} orthonormal) with unit vectors orthogonal to all earlier rows, by
   * Gram-Schmidt on coordinate vectors.
   */
  static void completeOrthonormal(double[][] basis, int filled, int n) {
    int slots = Math.min(basis.length, n);
    int next = filled;
    // coordinate vectors in turn, kept when at least half of each survives
    for (int e = 0; e < n && next < slots; e++) {
      if (residual(basis, next, e, n) > 0.5) {
        Vectors.scale(1 / Math.sqrt(Vectors.dot(basis[next], basis[next], 0, n)), basis[next],
            0, n);
        next++;
      }
    }
    // any left: the coordinate vector with the largest residual, whose square is at least
    // (n - next) / n, so the direction is never lost to rounding
    double[] best = new double[n];
    for (; next < slots; next++) {
      double bestNorm = -1;
      for (int e = 0; e < n; e++) {
        double norm = residual(basis, next, e, n);
        if (norm > bestNorm) {
          bestNorm = norm;
          System.arraycopy(basis[next], 0, best, 0, n);
        }
      }
      for (int i = 0; i < n; i++) {
        basis[next][i] = best[i] / bestNorm;
      }
    }
  }

  /**
   * Leaves in {@code basis[next]} coordinate vector {@code e} minus its projections on rows
   * {@code 0..next-1} (twice, for orthogonality to rounding), and returns its norm.
   */
  private static double residual(double[][] basis, int next, int e, int n) {
    double[] y = basis[next];
    Arrays.fill(y, 0);
    y[e] = 1;
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < next; j++) {
        Vectors.axpy(-Vectors.dot(basis[j], y, 0, n), basis[j], y, 0, n);
      }
    }
    return Math.sqrt(Vectors.dot(y, y, 0, n));
  }
}
