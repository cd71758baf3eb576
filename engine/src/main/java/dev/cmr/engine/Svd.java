package dev.cmr.engine;

import java.util.Arrays;

/**
 * Thin singular value decomposition {@code A = U diag(s) V^T} of a real {@code m x n} matrix,
 * {@code r = min(m, n)}, with {@code s_1 >= ... >= s_r >= 0}; {@code U} is {@code m x r} and
 * {@code V} is {@code n x r}, both with orthonormal columns, each optional.
 *
 * <p>Algorithm: one-sided Jacobi (Hestenes) with QR preconditioning, after Drmač and Veselić,
 * "New fast and accurate Jacobi SVD algorithm I", SIAM J. Matrix Anal. Appl. 29 (2008),
 * sections 2-3. A wide matrix is transposed so that {@code X} (the matrix worked on) is tall.
 * Householder QR with column pivoting gives {@code X P = Q R}, and cyclic Jacobi sweeps (columns
 * re-sorted by decreasing norm before each) orthogonalize the columns of {@code R^T}: a rotation of
 * columns {@code p, q} with Gram entries {@code a = |x_p|^2}, {@code b = |x_q|^2},
 * {@code g = x_p . x_q} uses {@code zeta = (b - a) / (2g)},
 * {@code t = sign(zeta) / (|zeta| + sqrt(1 + zeta^2))}, {@code c = 1/sqrt(1 + t^2)},
 * {@code s = c t}, and is skipped when {@code |g| <= sqrt(r) eps sqrt(a b)}. Working on
 * {@code R^T} rather than {@code R} is one implicit step of QR iteration on the Gram matrix,
 * which leaves it closer to diagonal and cuts the number of sweeps. Then
 * {@code R^T J = Ut diag(s)}, so {@code X = (Q J) diag(s) (P Ut)^T}.
 *
 * <p>The matrix is first scaled by a power of two so that its largest entry lies in
 * {@code [1, 2)} (exact), so entries near {@code 1e-300} or {@code 1e300} neither underflow
 * nor overflow when squared. Sweeps are bounded by {@value #MAX_SWEEPS}; the result reports the
 * sweeps used and the largest relative off-diagonal inner product {@code |g| / sqrt(a b)} seen
 * in the last sweep. Singular values are accurate to about {@code eps} relative to
 * {@code s_1}, and small ones typically to high relative accuracy as well.
 *
 * <p>Limitation: singular values below about {@code 1e-150 s_1} are accurate in absolute but
 * not in relative terms, because their squared column norms underflow and those columns are
 * not rotated further.
 *
 * <p>Limitation: the sweeps rotate one pair of columns at a time (the dot products and
 * rotations run on the vector kernels, through {@code Vectors}); a random {@code 256 x 256}
 * matrix needs about ten sweeps, tens of milliseconds. A blocked variant on {@code Gemm} would
 * be several times faster.
 */
public final class Svd {
  /** Upper bound on Jacobi sweeps; convergence is quadratic, so 5 to 10 are typical. */
  public static final int MAX_SWEEPS = 60;

  /** The constant added to {@code s_r} in the CMR condition-number metric (CMR.md, section 2). */
  public static final double KAPPA_FLOOR = 1e-8;

  private final int rows;
  private final int cols;
  private final double[] values;
  private final double[] u;
  private final double[] v;
  private final int sweeps;
  private final double offDiagonal;

  private Svd(int rows, int cols, double[] values, double[] u, double[] v, int sweeps,
      double offDiagonal) {
    this.rows = rows;
    this.cols = cols;
    this.values = values;
    this.u = u;
    this.v = v;
    this.sweeps = sweeps;
    this.offDiagonal = offDiagonal;
  }

  /**
   * Decomposes the {@code rows x cols} row-major matrix {@code a} (not modified).
   * Thread-safe: every call works on its own copy.
   *
   * @param a the matrix, {@code rows x cols} row-major; not modified
   * @param rows number of rows {@code m}, {@code >= 0}
   * @param cols number of columns {@code n}, {@code >= 0}
   * @param computeU whether to compute {@code U} ({@code rows x r})
   * @param computeV whether to compute {@code V} ({@code cols x r})
   * @throws IllegalArgumentException if the length is not {@code rows * cols}, a dimension is
   *     negative, or an entry is NaN or infinite (naming the first such row and column)
   * @return the decomposition, immutable
   * @throws NoConvergenceException if {@value #MAX_SWEEPS} sweeps do not suffice
   */
  public static Svd decompose(double[] a, int rows, int cols, boolean computeU,
      boolean computeV) {
    if (a == null) {
      throw new IllegalArgumentException("matrix a must not be null");
    }
    Checks.shape("matrix a", a.length, rows, cols);
    Checks.finite("matrix a", a, cols);
    return decomposeValid(a, rows, cols, computeU, computeV);
  }

  /**
   * Singular values only, descending; see {@link #decompose}.
   *
   * @param a the matrix, {@code rows x cols} row-major; not modified
   * @param rows number of rows {@code m}, {@code >= 0}
   * @param cols number of columns {@code n}, {@code >= 0}
   * @return the {@code min(rows, cols)} singular values, descending, in a new array
   * @throws IllegalArgumentException if the length is not {@code rows * cols}, a dimension is
   *     negative, or an entry is NaN or infinite (naming the first such row and column)
   * @throws NoConvergenceException if {@value #MAX_SWEEPS} sweeps do not suffice
   */
  public static double[] singularValues(double[] a, int rows, int cols) {
    return decompose(a, rows, cols, false, false).values.clone();
  }

  /**
   * Float input, converted exactly to double; see {@link #decompose}.
   *
   * @param a the matrix, {@code rows x cols} row-major; not modified
   * @param rows number of rows {@code m}, {@code >= 0}
   * @param cols number of columns {@code n}, {@code >= 0}
   * @param computeU whether to compute {@code U} ({@code rows x r})
   * @param computeV whether to compute {@code V} ({@code cols x r})
   * @return the decomposition (in double precision), immutable
   * @throws IllegalArgumentException if the length is not {@code rows * cols}, a dimension is
   *     negative, or an entry is NaN or infinite (naming the first such row and column)
   * @throws NoConvergenceException if {@value #MAX_SWEEPS} sweeps do not suffice
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
    return decomposeValid(copy, rows, cols, computeU, computeV);
  }

  /** Decomposes a checked matrix; {@code a} may be longer than {@code rows * cols}. */
  static Svd decomposeValid(double[] a, int rows, int cols, boolean computeU,
      boolean computeV) {
    return decomposeValid(a, rows, cols, computeU, computeV, MAX_SWEEPS);
  }

  /** {@link #decomposeValid(double[], int, int, boolean, boolean)} with a sweep bound. */
  static Svd decomposeValid(double[] a, int rows, int cols, boolean computeU,
      boolean computeV, int maxSweeps) {
    int r = Math.min(rows, cols);
    if (r == 0) {
      return new Svd(rows, cols, new double[0], computeU ? new double[0] : null,
          computeV ? new double[0] : null, 0, 0);
    }
    double big = Vectors.maxAbs(a, 0, rows * cols);
    if (big == 0) {
      return new Svd(rows, cols, new double[r], computeU ? identityColumns(rows, r) : null,
          computeV ? identityColumns(cols, r) : null, 0, 0);
    }
    boolean transposed = rows < cols;
    Jacobi work = new Jacobi(transposed ? cols : rows, r, computeU || computeV);
    work.load(a, rows, cols, transposed, Math.scalb(1.0, -Math.getExponent(big)));
    work.factorQr();
    work.sweep(maxSweeps);
    double[] s = work.singularValues(Math.getExponent(big));
    double[] left = null;
    double[] right = null;
    if (computeU || computeV) {
      double[] qj = work.leftVectors();
      double[] put = work.rightVectors();
      left = transposed ? put : qj;
      right = transposed ? qj : put;
    }
    return new Svd(rows, cols, s, computeU ? left : null, computeV ? right : null,
        work.sweeps, work.offDiagonal);
  }

  private static double[] identityColumns(int m, int r) {
    double[] x = new double[m * r];
    for (int i = 0; i < r; i++) {
      x[i * r + i] = 1;
    }
    return x;
  }

  /**
   * Rows of the decomposed matrix.
   *
   * @return {@code m}
   */
  public int rows() {
    return rows;
  }

  /**
   * Columns of the decomposed matrix.
   *
   * @return {@code n}
   */
  public int cols() {
    return cols;
  }

  /**
   * The number of singular values (the thin rank, not the numerical rank).
   *
   * @return {@code r = min(m, n)}
   */
  public int rank() {
    return values.length;
  }

  /**
   * The singular values {@code s_1 >= ... >= s_r >= 0}.
   *
   * @return the {@code r} singular values, descending, in a new array
   */
  public double[] singularValues() {
    return values.clone();
  }

  /**
   * One singular value, without copying the array.
   *
   * @param i index in descending order, {@code 0 <= i < rank()}
   * @return {@code s_{i+1}}
   * @throws ArrayIndexOutOfBoundsException if {@code i} is outside {@code [0, rank())}
   */
  public double singularValue(int i) {
    return values[i];
  }

  /**
   * Tells whether {@code U} was requested.
   *
   * @return true if {@link #u()} returns a matrix
   */
  public boolean hasU() {
    return u != null;
  }

  /**
   * Tells whether {@code V} was requested.
   *
   * @return true if {@link #v()} returns a matrix
   */
  public boolean hasV() {
    return v != null;
  }

  /**
   * {@code U}, {@code m x r} row-major with orthonormal columns (a copy).
   *
   * @return the left singular vectors as columns, in a new array of {@code m * r}
   * @throws IllegalStateException if it was not requested
   */
  public double[] u() {
    if (u == null) {
      throw new IllegalStateException("U was not computed: pass computeU = true");
    }
    return u.clone();
  }

  /**
   * {@code V}, {@code n x r} row-major with orthonormal columns (a copy).
   *
   * @return the right singular vectors as columns, in a new array of {@code n * r}
   * @throws IllegalStateException if it was not requested
   */
  public double[] v() {
    if (v == null) {
      throw new IllegalStateException("V was not computed: pass computeV = true");
    }
    return v.clone();
  }

  /**
   * Jacobi sweeps used, including the final one that found nothing left to rotate.
   *
   * @return the sweep count, 0 for an empty or zero matrix
   */
  public int sweeps() {
    return sweeps;
  }

  /**
   * Largest relative off-diagonal inner product {@code |x_p . x_q| / (|x_p| |x_q|)} seen in
   * the final sweep: at most {@code sqrt(r) eps} on convergence.
   *
   * @return the convergence measure, dimensionless
   */
  public double offDiagonal() {
    return offDiagonal;
  }

  /**
   * The CMR metric {@code kappa = s_1 / (s_r + 1e-8)} (CMR.md, section 2): finite even for
   * singular matrices. For an empty matrix ({@code r = 0}) it is 1 by convention.
   *
   * @return {@code s_1 / (s_r + 1e-8)}, at least 0
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
   * an empty one.
   *
   * @return {@code s_1 / s_r}, possibly infinite
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
    private final int m;
    private final int n;
    private final boolean vectors;
    private final double[][] x;
    private final double[] tau;
    private final int[] perm;
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
      this.jac = vectors ? new double[n][n] : null;
      this.norms = new double[n];
    }

    /** Copies {@code scale * A}, or its transpose, into the rows of {@code X}. */
    void load(double[] a, int rows, int cols, boolean transposed, double scale) {
      for (int j = 0; j < n; j++) {
        perm[j] = j;
      }
      if (transposed) {
        for (int i = 0; i < rows; i++) {
          int base = i * cols;
          for (int j = 0; j < cols; j++) {
            x[j][i] = scale * a[base + j];
          }
        }
      } else {
        for (int i = 0; i < rows; i++) {
          int base = i * cols;
          double[] row = x[i];
          for (int j = 0; j < cols; j++) {
            row[j] = scale * a[base + j];
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
      double[] v = new double[m];
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

        // set up reflector k from column k, rows k..m-1
        double alpha = x[k][k];
        double sigma = 0;
        for (int i = k + 1; i < m; i++) {
          sigma += x[i][k] * x[i][k];
        }
        if (sigma == 0) {
          tau[k] = 0;
        } else {
          double beta = -Math.copySign(Math.sqrt(alpha * alpha + sigma), alpha);
          double t = (beta - alpha) / beta;
          double inv = 1 / (alpha - beta);
          v[k] = 1;
          for (int i = k + 1; i < m; i++) {
            v[i] = x[i][k] * inv;
            x[i][k] = v[i];
          }
          x[k][k] = beta;
          tau[k] = t;

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
        finalNorms[i] = robustNorm(x[i]);
      }
      Integer[] byValue = new Integer[n];
      for (int i = 0; i < n; i++) {
        byValue[i] = i;
      }
      Arrays.sort(byValue, (p, q) -> Double.compare(finalNorms[q], finalNorms[p]));
      order = new int[n];
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        order[i] = byValue[i];
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
      double scale = 1 / big;
      double scaled = 0;
      for (int j = 0; j < n; j++) {
        double z = y[j] * scale;
        scaled += z * z;
      }
      return big * Math.sqrt(scaled);
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
      return flatten(mm, m, n);
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

    private static double[] flatten(double[][] rowsArr, int r, int c) {
      double[] out = new double[r * c];
      for (int i = 0; i < r; i++) {
        System.arraycopy(rowsArr[i], 0, out, i * c, c);
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
    int next = filled;
    for (int e = 0; e < n && next < basis.length; e++) {
      double[] y = basis[next];
      Arrays.fill(y, 0);
      y[e] = 1;
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < next; j++) {
          Vectors.axpy(-Vectors.dot(basis[j], y, 0, n), basis[j], y, 0, n);
        }
      }
      double norm = Math.sqrt(Vectors.dot(y, y, 0, n));
      if (norm > 0.5) {
        Vectors.scale(1 / norm, y, 0, n);
        next++;
      }
    }
  }
}
