package dev.cmr.engine;

import dev.cmr.kernels.Blas1;
import dev.cmr.kernels.Blas2;
import dev.cmr.kernels.Gemm;
import java.util.Arrays;

/**
 * The Golub-Kahan SVD: Householder bidiagonalization {@code X = Q B P^T}, the values of
 * {@code B} by {@link BidiagonalDqds} when only values are wanted, else the bidiagonal QR
 * iteration of {@link BidiagonalQr} on {@code B = U_B S V_B^T}, then {@code U = Q U_B} and
 * {@code V = P V_B} by blocked reflectors. The default algorithm of {@link Svd}.
 *
 * <p><b>Bidiagonalization</b> (Golub and Van Loan, <i>Matrix Computations</i>, 4th ed.,
 * algorithm 5.4.2), blocked after Dongarra, Sorensen and Hammarling (1989), the scheme of
 * LAPACK's {@code dgebrd}: a panel of {@value #BLOCK} columns and rows is reduced with two
 * matrix-vector products per step on the not yet updated trailing matrix, corrected on the fly
 * by the panel's update matrices {@code X} and {@code Y}; then the trailing matrix takes the
 * whole panel's update {@code A -= V Y^T + X U^T} as two {@link Gemm} calls. Half of the flops
 * are those matrix-vector products (as in LAPACK), half are GEMM. The last columns are reduced
 * one at a time (the plain twin, also used by the tests as the reference).
 *
 * <p><b>Vectors</b>: {@code Q} and {@code P} are never formed; {@code [U_B; 0]} and
 * {@code V_B} are multiplied by blocks of {@value #BLOCK} reflectors in compact WY form
 * {@code H_1 ... H_k = I - W^T T W} (Schreiber and Van Loan, 1989), three GEMMs per block.
 *
 * <p>The input is scaled by a power of two so that its largest entry lies in {@code [1, 2)},
 * and reflector norms are computed without overflow or underflow, so entries near
 * {@code 1e300} or {@code 1e-300} give correct results. Singular values are accurate to a
 * modest multiple of {@code eps ||A||} (the bidiagonalization is backward stable; dqds and
 * the bidiagonal QR add only relative errors); for small singular values of graded matrices
 * to high relative accuracy use {@link Svd.Algorithm#JACOBI}.
 *
 * <p><b>Tall matrices</b> ({@code m >= 2n}, or {@code 4n} below 64 columns; see
 * {@code Svd.qrFirst}): a blocked Householder QR {@code X = Q R} first
 * ({@link #factorQr(int)}, panels of {@value #BLOCK} columns, each factored transposed, the
 * trailing columns updated in compact WY form by GEMM), then the above on the square
 * {@code R}, and {@code U = Q [U_R; 0]} by the same blocked reflector products. The
 * bidiagonalization's {@code 4mn^2} flops, half of them matrix-vector products, become
 * {@code 2mn^2} mostly in GEMM plus {@code 8n^3/3} on {@code R}, as in LAPACK's
 * {@code dgesvd}.
 *
 * <p>Values only come from {@link BidiagonalDqds} (square-root free, high relative accuracy);
 * with vectors the bidiagonal QR gives both. The two agree to a few hundred ulps relative to
 * each value, not bit for bit.
 */
final class GolubKahanSvd {
  /** Panel width of the blocked reduction and of the blocked reflector products. */
  static final int BLOCK = 32;
  /** Trailing widths below this are reduced one column at a time. */
  private static final int CROSSOVER = 64;
  /** Exponent of {@link #SAFE_MINIMUM}: its reciprocal is finite with room to spare. */
  private static final int SAFE_MINIMUM_EXPONENT = Double.MIN_EXPONENT + 53;
  /** Columns whose norm is below this are scaled up before their reflector is formed. */
  private static final double SAFE_MINIMUM = Math.scalb(1.0, SAFE_MINIMUM_EXPONENT);

  private int m;
  private int n;
  /** The tall working matrix, {@code m x n} row-major; reflectors end below and right of B. */
  double[] x = new double[0];
  double[] d = new double[0];
  double[] e = new double[0];
  double[] tauq = new double[0];
  double[] taup = new double[0];
  private double[] col = new double[0];
  private double[] work = new double[0];
  private double[] work2 = new double[0];
  // panel and block buffers, grown to the largest shape seen and kept
  private double[] panelU = new double[0];
  private double[] panelX = new double[0];
  private double[] panelY = new double[0];
  private double[] blockW = new double[0];
  private double[] blockT = new double[0];
  private double[] blockZ = new double[0];
  private double[] blockZ2 = new double[0];
  private double[] gram = new double[0];

  /** An empty workspace; {@link #reshape} gives it a shape. */
  GolubKahanSvd() {}

  /** A workspace for one tall {@code m x n} matrix ({@code m >= n >= 1}). */
  GolubKahanSvd(int m, int n) {
    reshape(m, n);
  }

  /**
   * Makes this a workspace for a tall {@code m x n} matrix ({@code m >= n >= 1}), growing
   * the buffers only when they are too small; the contents of {@code x} are left as they are.
   */
  void reshape(int m, int n) {
    this.m = m;
    this.n = n;
    x = grow(x, m * n);
    d = grow(d, n);
    e = grow(e, n);
    tauq = grow(tauq, n);
    taup = grow(taup, n);
    col = grow(col, m);
    work = grow(work, Math.max(m, n));
    work2 = grow(work2, Math.max(m, n));
  }

  /** {@code buffer} when it holds {@code size} elements, else a new array of that size. */
  static double[] grow(double[] buffer, int size) {
    return buffer.length >= size ? buffer : new double[size];
  }

  /**
   * Copies {@code 2^shift A} ({@code rows x cols}), or its transpose, into {@code x}: exact
   * when the results are normal; two factors keep a shift past 1023 (subnormal input) finite.
   */
  void load(double[] a, int rows, int cols, boolean transposed, int shift) {
    double scale = Math.scalb(1.0, Math.min(shift, Double.MAX_EXPONENT));
    double rest = Math.scalb(1.0, shift - Math.min(shift, Double.MAX_EXPONENT));
    if (transposed) {
      for (int i = 0; i < rows; i++) {
        int base = i * cols;
        for (int j = 0; j < cols; j++) {
          x[j * n + i] = scale * a[base + j] * rest;
        }
      }
    } else {
      for (int i = 0; i < rows * cols; i++) {
        x[i] = scale * a[i] * rest;
      }
    }
  }

  /** Reduces {@code x} to upper bidiagonal form, blocked where the matrix is wide enough. */
  void bidiagonalize() {
    int p = 0;
    if (n - p > CROSSOVER) {
      panelU = grow(panelU, BLOCK * m);
      panelX = grow(panelX, BLOCK * m);
      panelY = grow(panelY, BLOCK * n);
      double[] ut = panelU;
      double[] xt = panelX;
      double[] yt = panelY;
      while (n - p > CROSSOVER) {
        reducePanel(p, ut, xt, yt);
        int q = p + BLOCK;
        // A -= U Y^T + X V over rows and columns q.., U from the panel's columns of x
        Gemm.dgemm(false, false, m - q, n - q, BLOCK, -1, x, q * n + p, n, yt, q, n, 1, x,
            q * n + q, n);
        Gemm.dgemm(true, false, m - q, n - q, BLOCK, -1, xt, q, m, x, p * n + q, n, 1, x,
            q * n + q, n);
        for (int j = p; j < q; j++) {
          x[j * n + j] = d[j];
          x[j * n + j + 1] = e[j];
        }
        p = q;
      }
    }
    bidiagonalizeUnblocked(p);
  }

  /** Reduces columns and rows {@code from..n-1} one at a time (the plain twin). */
  void bidiagonalizeUnblocked(int from) {
    for (int k = from; k < n; k++) {
      // left reflector from column k, rows k..m-1, applied to columns k+1..n-1
      factorQrColumns(k, k + 1, n);
      int right = n - k - 1;
      if (right == 0) {
        e[k] = 0;
        taup[k] = 0;
        continue;
      }
      // right reflector from row k, columns k+1..n-1
      int row = k * n + k + 1;
      double s = makeReflector(x, row, right);
      taup[k] = s;
      e[k] = x[row];
      x[row] = 1;
      int below = m - k - 1;
      if (s != 0 && below > 0) {
        Blas2.gemv(false, below, right, 1, x, (k + 1) * n + k + 1, n, x, row, 0, work, 0);
        Blas2.ger(below, right, -s, work, 0, x, row, x, (k + 1) * n + k + 1, n);
      }
      x[row] = e[k];
    }
  }

  /**
   * Reduces the panel of columns and rows {@code p..p+BLOCK-1}, leaving the trailing matrix
   * not updated and the update factors stored transposed, one per row, indexed by global row
   * or column: {@code ut} ({@code BLOCK x m}) the left reflectors {@code U}, {@code xt}
   * ({@code BLOCK x m}) and {@code yt} ({@code BLOCK x n}) the update matrices {@code X} and
   * {@code Y}. Row-major panels {@code BLOCK} wide would make every correction a product with
   * rows shorter than a few vectors; transposed, each is a product with long rows. Diagonal
   * and superdiagonal positions of the panel hold the reflectors' unit entries until the
   * caller restores them.
   */
  private void reducePanel(int p, double[] ut, double[] xt, double[] yt) {
    final int nb = BLOCK;
    for (int i = p; i < p + nb; i++) {
      int ii = i - p;
      int len = m - i;
      // column i, rows i..m-1, with the panel's updates so far: a - U Y[i,:]^T - X V[:,i]
      for (int r = 0; r < len; r++) {
        col[r] = x[(i + r) * n + i];
      }
      if (ii > 0) {
        for (int t = 0; t < ii; t++) {
          work2[t] = yt[t * n + i];
        }
        Blas2.gemv(true, ii, len, -1, ut, i, m, work2, 0, 1, col, 0);
        for (int t = 0; t < ii; t++) {
          work2[t] = x[(p + t) * n + i];
        }
        Blas2.gemv(true, ii, len, -1, xt, i, m, work2, 0, 1, col, 0);
      }
      double tq = makeReflector(col, 0, len);
      tauq[i] = tq;
      d[i] = col[0];
      col[0] = 1;
      for (int r = 0; r < len; r++) {
        x[(i + r) * n + i] = col[r];
      }
      System.arraycopy(col, 0, ut, ii * m + i, len);

      // row ii of Y^T: tau (A^T u - Y (U^T u) - V^T (X^T u)) over columns i+1..n-1
      int right = n - i - 1;
      Blas2.gemv(true, len, right, 1, x, i * n + i + 1, n, col, 0, 0, work, 0);
      if (ii > 0) {
        Blas2.gemv(false, ii, len, 1, ut, i, m, col, 0, 0, work2, 0);
        Blas2.gemv(true, ii, right, -1, yt, i + 1, n, work2, 0, 1, work, 0);
        Blas2.gemv(false, ii, len, 1, xt, i, m, col, 0, 0, work2, 0);
        Blas2.gemv(true, ii, right, -1, x, p * n + i + 1, n, work2, 0, 1, work, 0);
      }
      int yrow = ii * n + i + 1;
      for (int j = 0; j < right; j++) {
        yt[yrow + j] = tq * work[j];
      }

      // row i, columns i+1..n-1, with the panel's updates: a - Y U[i,:]^T - V^T X[i,:]^T
      int row = i * n + i + 1;
      Blas2.gemv(true, ii + 1, right, -1, yt, i + 1, n, x, i * n + p, 1, x, row);
      if (ii > 0) {
        for (int t = 0; t < ii; t++) {
          work2[t] = xt[t * m + i];
        }
        Blas2.gemv(true, ii, right, -1, x, p * n + i + 1, n, work2, 0, 1, x, row);
      }
      double tp = makeReflector(x, row, right);
      taup[i] = tp;
      e[i] = x[row];
      x[row] = 1;

      // row ii of X^T: tau (A v - U (Y^T v) - X (V v)) over rows i+1..m-1
      int below = m - i - 1;
      Blas2.gemv(false, below, right, 1, x, (i + 1) * n + i + 1, n, x, row, 0, work, 0);
      Blas2.gemv(false, ii + 1, right, 1, yt, i + 1, n, x, row, 0, work2, 0);
      Blas2.gemv(true, ii + 1, below, -1, ut, i + 1, m, work2, 0, 1, work, 0);
      if (ii > 0) {
        Blas2.gemv(false, ii, right, 1, x, p * n + i + 1, n, x, row, 0, work2, 0);
        Blas2.gemv(true, ii, below, -1, xt, i + 1, m, work2, 0, 1, work, 0);
      }
      int xrow = ii * m + i + 1;
      for (int r = 0; r < below; r++) {
        xt[xrow + r] = tp * work[r];
      }
    }
  }

  /**
   * Householder reflector {@code H = I - tau v v^T} with {@code H [alpha; y] = [beta; 0]} for
   * {@code v[off..off+len)} holding {@code [alpha; y]}: leaves {@code beta} at {@code off} and
   * {@code v} (with implicit unit first entry) after it, and returns {@code tau} (0 when
   * {@code y = 0}). The norm is computed without overflow or underflow.
   */
  static double makeReflector(double[] v, int off, int len) {
    if (len <= 1) {
      return 0;
    }
    double alpha = v[off];
    double ynorm = Blas1.norm2(v, off + 1, len - 1);
    if (ynorm == 0) {
      return 0;
    }
    double beta = -Math.copySign(Math.hypot(alpha, ynorm), alpha);
    // a column near the underflow threshold (the residue of a rank-deficient matrix) is scaled
    // up first, as LAPACK's dlarfg does: 1 / (alpha - beta) would overflow otherwise
    int rescaled = 0;
    while (Math.abs(beta) < SAFE_MINIMUM && rescaled < 20) {
      rescaled++;
      Blas1.scale(1 / SAFE_MINIMUM, v, off + 1, len - 1);
      alpha /= SAFE_MINIMUM;
      beta /= SAFE_MINIMUM;
    }
    if (rescaled > 0) {
      ynorm = Blas1.norm2(v, off + 1, len - 1);
      beta = -Math.copySign(Math.hypot(alpha, ynorm), alpha);
    }
    double tau = (beta - alpha) / beta;
    Blas1.scale(1 / (alpha - beta), v, off + 1, len - 1);
    v[off] = Math.scalb(beta, rescaled * SAFE_MINIMUM_EXPONENT);
    return tau;
  }

  /**
   * {@code M <- Q M} for {@code M} ({@code m x cols} row-major), {@code Q = H_0 ... H_{n-1}},
   * the left reflectors stored below the diagonal of {@code x}.
   */
  void applyQ(double[] mat, int cols) {
    applyReflectors(true, n, mat, cols);
  }

  /** {@code M <- H_0 ... H_{count-1} M} with the first {@code count} left reflectors. */
  void applyQ(double[] mat, int cols, int count) {
    applyReflectors(true, count, mat, cols);
  }

  /**
   * Householder QR of the first {@code count} columns of {@code x} (no right reflectors):
   * the left reflectors end below the diagonal as after {@link #bidiagonalize()}, {@code R}
   * on and above it. Blocked: each panel of {@value #BLOCK} columns is reduced one column at
   * a time, then the columns right of it take the panel's {@code Q^T} in compact WY form.
   */
  void factorQr(int count) {
    int p = 0;
    if (count - p > BLOCK) {
      growBlockBuffers(m, n);
      double[] w = blockW;
      double[] t = blockT;
      double[] z = blockZ;
      double[] z2 = blockZ2;
      while (count - p > BLOCK) {
        int q = p + BLOCK;
        factorPanel(p, BLOCK, w);
        int len = m - p;
        formT(w, len, BLOCK, tauq, p, t);
        applyBlock(true, w, len, BLOCK, t, x, p * n + q, n, n - q, z, z2);
        p = q;
      }
    }
    factorQrColumns(p, count, n);
  }

  /**
   * QR of the panel of columns {@code p..p+nb-1} alone, worked on transposed in {@code w}
   * ({@code nb x (m-p)}, each column contiguous, so every reflector is applied by dot
   * products and axpys over whole columns); leaves the panel's reflectors in {@code x} and,
   * with their unit entries and zeros before them, in {@code w} as {@link #loadBlock} would.
   */
  private void factorPanel(int p, int nb, double[] w) {
    int len = m - p;
    for (int i = 0; i < len; i++) {
      int base = (p + i) * n + p;
      for (int j = 0; j < nb; j++) {
        w[j * len + i] = x[base + j];
      }
    }
    for (int k = 0; k < nb; k++) {
      int off = k * len + k;
      int rest = len - k;
      double tau = makeReflector(w, off, rest);
      tauq[p + k] = tau;
      d[p + k] = w[off];
      w[off] = 1;
      if (tau != 0) {
        for (int j = k + 1; j < nb; j++) {
          int target = j * len + k;
          double s = Blas1.dot(w, off, w, target, rest);
          Blas1.axpy(-tau * s, w, off, w, target, rest);
        }
      }
    }
    for (int i = 0; i < len; i++) {
      int base = (p + i) * n + p;
      for (int j = 0; j < nb; j++) {
        x[base + j] = i == j ? d[p + j] : w[j * len + i];
      }
    }
    for (int j = 0; j < nb; j++) {
      Arrays.fill(w, j * len, j * len + j, 0);
    }
  }

  /**
   * Reduces columns {@code from..to-1} one at a time, each reflector applied to the columns
   * right of it up to {@code end - 1}.
   */
  private void factorQrColumns(int from, int to, int end) {
    for (int k = from; k < to; k++) {
      int len = m - k;
      for (int i = 0; i < len; i++) {
        col[i] = x[(k + i) * n + k];
      }
      double t = makeReflector(col, 0, len);
      tauq[k] = t;
      d[k] = col[0];
      col[0] = 1;
      for (int i = 1; i < len; i++) {
        x[(k + i) * n + k] = col[i];
      }
      int right = end - k - 1;
      if (t != 0 && right > 0) {
        Blas2.gemv(true, len, right, 1, x, k * n + k + 1, n, col, 0, 0, work, 0);
        Blas2.ger(len, right, -t, col, 0, work, 0, x, k * n + k + 1, n);
      }
      x[k * n + k] = d[k];
    }
  }

  /**
   * A square workspace holding the triangular factor {@code R} (the upper triangle of the
   * first {@code n} rows of {@code x} after {@link #factorQr(int)} of all {@code n} columns).
   */
  GolubKahanSvd triangularFactor() {
    return triangularFactor(new GolubKahanSvd());
  }

  /** {@link #triangularFactor()} into the workspace {@code r}, reshaped to {@code n x n}. */
  GolubKahanSvd triangularFactor(GolubKahanSvd r) {
    r.reshape(n, n);
    Arrays.fill(r.x, 0, n * n, 0);
    for (int i = 0; i < n; i++) {
      System.arraycopy(x, i * n + i, r.x, i * n + i, n - i);
    }
    return r;
  }

  /**
   * {@code M <- P M} for {@code M} ({@code n x cols}), {@code P = G_0 ... G_{n-2}}, the right
   * reflectors stored right of the superdiagonal of {@code x}.
   */
  void applyP(double[] mat, int cols) {
    applyReflectors(false, n - 1, mat, cols);
  }

  /**
   * Grows the compact WY buffers for blocks of {@value #BLOCK} reflectors of length
   * {@code reflectorLength} applied to {@code columns} columns.
   */
  private void growBlockBuffers(int reflectorLength, int columns) {
    blockW = grow(blockW, BLOCK * reflectorLength);
    blockT = grow(blockT, BLOCK * BLOCK);
    blockZ = grow(blockZ, BLOCK * columns);
    blockZ2 = grow(blockZ2, BLOCK * columns);
  }

  private void applyReflectors(boolean left, int count, double[] mat, int cols) {
    if (count <= 0 || cols == 0) {
      return;
    }
    int length = left ? m : n;
    int shift = left ? 0 : 1;
    growBlockBuffers(length, cols);
    double[] w = blockW;
    double[] t = blockT;
    double[] z = blockZ;
    double[] z2 = blockZ2;
    for (int kb = (count - 1) / BLOCK * BLOCK; kb >= 0; kb -= BLOCK) {
      int nb = Math.min(BLOCK, count - kb);
      int start = kb + shift;
      int len = length - start;
      if (!loadBlock(left, kb, nb, w)) {
        continue;
      }
      formT(w, len, nb, left ? tauq : taup, kb, t);
      applyBlock(false, w, len, nb, t, mat, start * cols, cols, cols, z, z2);
    }
  }

  /**
   * Copies reflectors {@code kb..kb+nb-1} (left, or right) into the rows of {@code w}
   * ({@code nb x len}, over rows {@code kb..} of {@code x}, or columns {@code kb+1..}) with
   * their unit entries and zeros before them; returns false when every {@code tau} is 0.
   */
  private boolean loadBlock(boolean left, int kb, int nb, double[] w) {
    int start = kb + (left ? 0 : 1);
    int len = (left ? m : n) - start;
    Arrays.fill(w, 0, nb * len, 0);
    boolean any = false;
    for (int j = 0; j < nb; j++) {
      int k = kb + j;
      any |= (left ? tauq[k] : taup[k]) != 0;
      int base = j * len;
      w[base + j] = 1;
      if (left) {
        for (int r = k + 1; r < m; r++) {
          w[base + r - start] = x[r * n + k];
        }
      } else {
        System.arraycopy(x, k * n + k + 2, w, base + j + 1, n - k - 2);
      }
    }
    return any;
  }

  /**
   * {@code M <- (I - W^T T W) M}, or with {@code T^T} when {@code transposeT} (the block's
   * transpose, {@code H_{nb-1} ... H_0}), for {@code M} ({@code len x cols} at {@code off},
   * leading dimension {@code ld}): three GEMMs through {@code z} and {@code z2}.
   */
  private static void applyBlock(boolean transposeT, double[] w, int len, int nb, double[] t,
      double[] mat, int off, int ld, int cols, double[] z, double[] z2) {
    Gemm.dgemm(false, false, nb, cols, len, 1, w, 0, len, mat, off, ld, 0, z, 0, cols);
    Gemm.dgemm(transposeT, false, nb, cols, nb, 1, t, 0, nb, z, 0, cols, 0, z2, 0, cols);
    Gemm.dgemm(true, false, len, cols, nb, -1, w, 0, len, z2, 0, cols, 1, mat, off, ld);
  }

  /**
   * The upper triangular {@code T} ({@code nb x nb}) with {@code H_0 ... H_{nb-1} =
   * I - W^T T W} for the reflectors in the rows of {@code w} (LAPACK's {@code dlarft},
   * forward, column-wise): {@code T_jj = tau_j}, {@code T(0:j, j) = -tau_j T(0:j, 0:j)
   * W(0:j) w_j}.
   */
  private void formT(double[] w, int len, int nb, double[] taus, int first,
      double[] t) {
    Arrays.fill(t, 0, nb * nb, 0);
    // the Gram matrix W W^T in one GEMM; only its strict upper triangle is read
    gram = grow(gram, nb * nb);
    double[] g = gram;
    Gemm.dgemm(false, true, nb, nb, len, 1, w, 0, len, w, 0, len, 0, g, 0, nb);
    for (int j = 0; j < nb; j++) {
      double tau = taus[first + j];
      t[j * nb + j] = tau;
      if (tau == 0) {
        continue;
      }
      for (int i = 0; i < j; i++) {
        double s = 0;
        for (int l = i; l < j; l++) {
          s += t[i * nb + l] * g[l * nb + j];
        }
        t[i * nb + j] = -tau * s;
      }
    }
  }
}
