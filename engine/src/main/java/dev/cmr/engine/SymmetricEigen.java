package dev.cmr.engine;

import java.util.Arrays;

/**
 * Eigen-decomposition of a real symmetric matrix, {@code A = V diag(lambda) V^T}, with the
 * eigenvalues in descending order ({@code lambda_1 >= ... >= lambda_n}, the order of CMR.md)
 * and, optionally, orthonormal eigenvectors.
 *
 * <p>Algorithm: Householder tridiagonalization, then the implicit symmetric QR iteration with
 * Wilkinson shifts (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., algorithms 8.3.1
 * and 8.3.2); without eigenvectors the QR steps run in the root-free form of Pal, Walker and
 * Kahan, which gives the same eigenvalues to rounding, not to the bit. The input is first
 * scaled by a power of two so that its largest entry lies in {@code [1, 2)}: exact, and it
 * keeps squares of entries far from overflow and underflow.
 * Eigenvalues are accurate to about {@code n eps ||A||_2} in absolute terms; the iteration is
 * bounded by 30 QR steps per eigenvalue on average (a budget shared by the whole matrix).
 *
 * <p>Only the lower triangle ({@code i >= j}) of the row-major input is read, but every entry
 * must be finite, and the matrix must be symmetric to within {@link #SYMMETRY_TOLERANCE}
 * times its largest absolute entry: {@code |a_ij - a_ji| <= sqrt(eps) max |a_kl|}, so that a
 * Gram matrix {@code W^T W} that is symmetric only up to rounding passes while a matrix that
 * is not symmetric at all is refused rather than silently replaced by its lower triangle.
 * Each eigenvector's sign is fixed so that its largest-magnitude component is positive (the
 * first one on ties), which makes results reproducible.
 */
public final class SymmetricEigen {
  /**
   * The relative symmetry tolerance of {@link #decompose}: {@code sqrt(eps)} with
   * {@code eps = 2^-52}, about {@code 1.5e-8}.
   */
  public static final double SYMMETRY_TOLERANCE = Math.sqrt(Math.ulp(1.0));

  private final int n;
  private final double[] values;
  private final double[][] vectorRows;
  private final int qrSteps;

  private SymmetricEigen(int n, double[] values, double[][] vectorRows, int qrSteps) {
    this.n = n;
    this.values = values;
    this.vectorRows = vectorRows;
    this.qrSteps = qrSteps;
  }

  /**
   * Decomposes the symmetric {@code n x n} row-major matrix {@code a} (not modified).
   * Thread-safe: every call works on its own copy. Symmetry is checked to within
   * {@link #SYMMETRY_TOLERANCE} times the largest absolute entry; the lower triangle is what
   * the decomposition reads.
   *
   * @param a the symmetric matrix, {@code n x n} row-major; not modified
   * @param n order of the matrix, {@code >= 0}
   * @param computeVectors whether to compute eigenvectors (about three times the work)
   * @throws IllegalArgumentException if {@code a} is null, {@code a.length != n * n}, an entry
   *     is NaN or infinite (the message names the first such row and column), or an entry
   *     differs from its mirror by more than {@link #SYMMETRY_TOLERANCE} times the largest
   *     absolute entry (the message names the first such pair in row-major order of the lower
   *     triangle, both values and the tolerance)
   * @return the decomposition, immutable
   * @throws NoConvergenceException if the QR iteration exceeds its bound
   */
  public static SymmetricEigen decompose(double[] a, int n, boolean computeVectors) {
    if (a == null) {
      throw new IllegalArgumentException("matrix a must not be null");
    }
    Checks.shape("symmetric matrix a", a.length, n, n);
    Checks.finite("symmetric matrix a", a, n);
    checkSymmetric(a, n);
    return decomposeValid(a, 0, n, computeVectors, new Tridiagonal());
  }

  /**
   * Eigenvalues only, descending; see {@link #decompose(double[], int, boolean)}.
   *
   * @param a the symmetric matrix, {@code n x n} row-major; not modified
   * @param n order of the matrix, {@code >= 0}
   * @return the {@code n} eigenvalues, descending, in a new array
   * @throws IllegalArgumentException if {@code a} is null, {@code a.length != n * n}, an entry
   *     is NaN or infinite, or the matrix is not symmetric to within the tolerance, as for
   *     {@link #decompose(double[], int, boolean)}
   * @throws NoConvergenceException if the QR iteration exceeds its bound
   */
  public static double[] eigenvalues(double[] a, int n) {
    return decompose(a, n, false).values.clone();
  }

  /** Rejects a finite {@code n x n} matrix that is not symmetric to the documented tolerance. */
  private static void checkSymmetric(double[] a, int n) {
    double tolerance = SYMMETRY_TOLERANCE * Vectors.maxAbs(a, 0, a.length);
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double lower = a[i * n + j];
        double upper = a[j * n + i];
        if (!(Math.abs(lower - upper) <= tolerance)) {
          throw new IllegalArgumentException("symmetric matrix a must be symmetric to within "
              + "sqrt(eps) max|a_ij| = " + tolerance + ", but entry (row " + i + ", column "
              + j + ") is " + lower + " and entry (row " + j + ", column " + i + ") is "
              + upper);
        }
      }
    }
  }

  /** Decomposes a checked matrix with a caller-owned workspace. */
  static SymmetricEigen decomposeValid(double[] a, int offset, int n, boolean computeVectors,
      Tridiagonal work) {
    Workspace ws = new Workspace(work);
    double[] values = new double[n];
    double[][] sortedRows = computeVectors ? new double[n][] : null;
    int exponent = run(a, offset, n, computeVectors, ws);
    if (exponent == ZERO) {
      if (computeVectors) {
        for (int i = 0; i < n; i++) {
          sortedRows[i] = new double[n];
          sortedRows[i][i] = 1;
        }
      }
      return new SymmetricEigen(n, values, sortedRows, 0);
    }
    for (int i = 0; i < n; i++) {
      values[i] = Math.scalb(ws.dd[ws.order[i]], exponent);
      if (computeVectors) {
        sortedRows[i] = ws.rows[ws.order[i]];
        fixSign(sortedRows[i], n);
      }
    }
    return new SymmetricEigen(n, values, sortedRows, ws.qrSteps);
  }

  /** What {@link #run} returns for the zero matrix. */
  private static final int ZERO = Integer.MIN_VALUE;

  /**
   * Tridiagonalizes and iterates in {@code ws}: leaves the unsorted scaled eigenvalues in
   * {@code ws.dd}, the descending order in {@code ws.order}, the eigenvector rows (unsorted,
   * signs not fixed) in {@code ws.rows} and the step count in {@code ws.qrSteps}; returns the
   * scale exponent, or {@link #ZERO} for the zero matrix.
   */
  private static int run(double[] a, int offset, int n, boolean computeVectors,
      Workspace ws) {
    ws.qrSteps = 0;
    // scale by a power of two so that max |a_ij| lies in [1, 2)
    double big = 0;
    for (int i = 0; i < n; i++) {
      big = Math.max(big, Vectors.maxAbs(a, offset + i * n, offset + i * n + i + 1));
    }
    if (big == 0) {
      return ZERO;
    }
    int exponent = Math.getExponent(big);
    Tridiagonal work = ws.tri;
    work.load(a, offset, n, Math.scalb(1.0, -exponent));

    // tridiagonalize and iterate
    work.reduce();
    ws.ensure(n, computeVectors);
    double[] dd = ws.dd;
    double[] ee = ws.ee;
    System.arraycopy(work.diagonal(), 0, dd, 0, n);
    System.arraycopy(work.offDiagonal(), 0, ee, 0, n);
    double[][] rows = null;
    if (computeVectors) {
      rows = ws.rows;
      work.formQTransposed(rows);
    }
    ws.qrSteps = Tridiagonal.qrIterate(dd, ee, n, rows, n, ws.log, ws.e2);

    // the descending order (the caller undoes the scaling and fixes signs)
    Svd.descendingOrder(dd, n, ws.order, ws.orderScratch);
    return exponent;
  }

  /**
   * Decomposes the symmetric {@code n x n} row-major matrix {@code a} into caller-owned
   * arrays, with every buffer taken from the reusable workspace {@code ws}. Same checks and
   * the same bits as {@link #decompose(double[], int, boolean)}; once {@code ws} has seen an
   * order at least this large, a call allocates nothing of its own. Only the leading
   * {@code n} and {@code n * n} entries of the outputs are written.
   *
   * @param a the symmetric matrix, {@code n x n} row-major; not modified
   * @param n order of the matrix, {@code >= 0}
   * @param values receives the eigenvalues, descending, in {@code values[0..n)}
   * @param vectors receives {@code V} ({@code n x n} row-major, column {@code j} the unit
   *     eigenvector of {@code values[j]}, signed as {@link #eigenvector(int)}), or null for
   *     eigenvalues only
   * @param ws the workspace; after the call it reports {@link Workspace#qrSteps()}
   * @throws IllegalArgumentException as {@link #decompose(double[], int, boolean)}, or if
   *     {@code ws} is null, {@code values} is null or shorter than {@code n}, or
   *     {@code vectors} is shorter than {@code n * n} (naming it, the needed and the actual
   *     length) or is the same array as {@code values}, or an output is {@code a} itself;
   *     nothing is written then
   * @throws NoConvergenceException if the QR iteration exceeds its bound
   */
  public static void decompose(double[] a, int n, double[] values, double[] vectors,
      Workspace ws) {
    if (a == null) {
      throw new IllegalArgumentException("matrix a must not be null");
    }
    Checks.shape("symmetric matrix a", a.length, n, n);
    Checks.finite("symmetric matrix a", a, n);
    checkSymmetric(a, n);
    Checks.workspace(ws);
    Checks.output("values", "the eigenvalues", values, n);
    Checks.distinct("values", values, "vectors", vectors);
    Checks.distinct("values", values, "matrix a", a);
    Checks.distinct("vectors", vectors, "matrix a", a);
    if (vectors != null) {
      Checks.output("vectors", "V, " + n + "x" + n, vectors, (long) n * n);
    }
    boolean computeVectors = vectors != null;
    int exponent = run(a, 0, n, computeVectors, ws);
    if (exponent == ZERO) {
      Arrays.fill(values, 0, n, 0);
      if (computeVectors) {
        Arrays.fill(vectors, 0, n * n, 0);
        for (int i = 0; i < n; i++) {
          vectors[i * n + i] = 1;
        }
      }
      return;
    }
    for (int j = 0; j < n; j++) {
      values[j] = Math.scalb(ws.dd[ws.order[j]], exponent);
      if (computeVectors) {
        double[] row = ws.rows[ws.order[j]];
        fixSign(row, n);
        for (int i = 0; i < n; i++) {
          vectors[i * n + j] = row[i];
        }
      }
    }
  }

  /**
   * Reusable buffers for {@link #decompose(double[], int, double[], double[], Workspace)}:
   * created empty, they grow to the largest order seen and are kept, so that repeated calls
   * allocate nothing once the largest order has been seen. Not thread-safe: use one per
   * thread.
   */
  public static final class Workspace {
    final Tridiagonal tri;
    final RotationLog log = new RotationLog();
    double[] dd = new double[0];
    double[] ee = new double[0];
    double[] e2 = new double[0];
    int[] order = new int[0];
    int[] orderScratch = new int[0];
    double[][] rows = new double[0][];
    int qrSteps;

    /** An empty workspace; its buffers are made on first use. */
    public Workspace() {
      this(new Tridiagonal());
    }

    Workspace(Tridiagonal tri) {
      this.tri = tri;
    }

    /**
     * QR steps of the last call, as {@link SymmetricEigen#qrSteps()} (0 before any call).
     *
     * @return the step count of the last call
     */
    public int qrSteps() {
      return qrSteps;
    }

    /** Grows the buffers to order {@code n}, the eigenvector rows only when wanted. */
    void ensure(int n, boolean vectors) {
      dd = GolubKahanSvd.grow(dd, n);
      ee = GolubKahanSvd.grow(ee, n);
      e2 = GolubKahanSvd.grow(e2, Math.max(n - 1, 0));
      if (order.length < n) {
        order = new int[n];
        orderScratch = new int[n];
      }
      if (vectors && (rows.length < n || rows[0].length < n)) {
        rows = new double[n][n];
      }
    }
  }

  private static void fixSign(double[] v, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (Math.abs(v[j]) > Math.abs(v[best])) {
        best = j;
      }
    }
    if (n > 0 && v[best] < 0) {
      Vectors.scale(-1, v, 0, n);
    }
  }

  /**
   * Order of the decomposed matrix.
   *
   * @return {@code n}
   */
  public int size() {
    return n;
  }

  /**
   * The eigenvalues {@code lambda_1 >= ... >= lambda_n}.
   *
   * @return the eigenvalues, descending, in a new array
   */
  public double[] eigenvalues() {
    return values.clone();
  }

  /**
   * One eigenvalue, without copying the array.
   *
   * @param i index in descending order, {@code 0 <= i < size()}
   * @return {@code lambda_{i+1}}
   * @throws ArrayIndexOutOfBoundsException if {@code i} is outside {@code [0, size())}
   */
  public double eigenvalue(int i) {
    return values[i];
  }

  /**
   * Tells whether eigenvectors were requested.
   *
   * @return true if {@link #eigenvectors()} and {@link #eigenvector(int)} return vectors
   */
  public boolean hasEigenvectors() {
    return vectorRows != null;
  }

  /**
   * The eigenvector matrix {@code V}, {@code n x n} row-major: column {@code j} is the unit
   * eigenvector of {@link #eigenvalue(int) eigenvalue(j)}, so {@code A = V diag(lambda) V^T}.
   *
   * @return {@code V} in a new array of {@code n * n}
   * @throws IllegalStateException if the decomposition was made without eigenvectors
   */
  public double[] eigenvectors() {
    requireVectors();
    double[] v = new double[n * n];
    for (int j = 0; j < n; j++) {
      double[] row = vectorRows[j];
      for (int i = 0; i < n; i++) {
        v[i * n + j] = row[i];
      }
    }
    return v;
  }

  /**
   * One unit eigenvector, sign-normalized so that its largest-magnitude entry is positive.
   *
   * @param j index of the eigenvalue in descending order, {@code 0 <= j < size()}
   * @return eigenvector {@code j} as a new array of length {@code n}
   * @throws IllegalStateException if the decomposition was made without eigenvectors
   * @throws ArrayIndexOutOfBoundsException if {@code j} is outside {@code [0, size())}
   */
  public double[] eigenvector(int j) {
    requireVectors();
    return Arrays.copyOf(vectorRows[j], n);
  }

  /** Eigenvector rows, shared (row {@code j} is eigenvector {@code j}); for this package. */
  double[][] vectorRows() {
    return vectorRows;
  }

  /**
   * QR steps the iteration took.
   *
   * @return the step count, a cost measure: about 1 to 2 per eigenvalue
   */
  public int qrSteps() {
    return qrSteps;
  }

  private void requireVectors() {
    if (vectorRows == null) {
      throw new IllegalStateException(
          "eigenvectors were not computed: use decompose(a, n, true)");
    }
  }
}
