package dev.cmr.properties;

/** Plain dense helpers for the properties (row-major double arrays, no engine code). */
final class Dense {
  private Dense() {}

  /** Machine epsilon {@code 2^-52}. */
  static final double EPS = Math.ulp(1.0);

  /** Product {@code a (m x k) * b (k x n)}. */
  static double[] multiply(double[] a, double[] b, int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      int row = i * n;
      for (int p = 0; p < k; p++) {
        double aip = a[i * k + p];
        int brow = p * n;
        for (int j = 0; j < n; j++) {
          c[row + j] += aip * b[brow + j];
        }
      }
    }
    return c;
  }

  /** {@code Q A P} for square {@code Q} ({@code m x m}) and {@code P} ({@code n x n}). */
  static double[] sandwich(double[] q, double[] a, double[] p, int m, int n) {
    return multiply(multiply(q, a, m, m, n), p, m, n, n);
  }

  /** Transpose of a {@code rows x cols} matrix. */
  static double[] transpose(double[] a, int rows, int cols) {
    double[] t = new double[a.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = a[i * cols + j];
      }
    }
    return t;
  }

  /** {@code A^T A} ({@code cols x cols}) of a {@code rows x cols} matrix. */
  static double[] gram(double[] a, int rows, int cols) {
    return multiply(transpose(a, rows, cols), a, cols, rows, cols);
  }

  /** Frobenius norm, scaled so that neither overflow nor underflow spoils it. */
  static double frobenius(double[] a) {
    double scale = maxAbs(a);
    if (scale == 0) {
      return 0;
    }
    double sum = 0;
    for (double v : a) {
      double x = v / scale;
      sum += x * x;
    }
    return scale * Math.sqrt(sum);
  }

  /** Frobenius norm of {@code a - b}. */
  static double distance(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return frobenius(d);
  }

  /** Largest absolute entry (0 for an empty array). */
  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** Inner product {@code sum a_i b_i}. */
  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Largest {@code |(X^T X - I)_ij|} for an {@code m x k} matrix {@code X}. */
  static double orthogonalityError(double[] x, int m, int k) {
    double worst = 0;
    for (int p = 0; p < k; p++) {
      for (int q = p; q < k; q++) {
        double s = 0;
        for (int i = 0; i < m; i++) {
          s += x[i * k + p] * x[i * k + q];
        }
        worst = Math.max(worst, Math.abs(s - (p == q ? 1 : 0)));
      }
    }
    return worst;
  }

  /** {@code U diag(s) V^T} for {@code U} ({@code m x r}) and {@code V} ({@code n x r}). */
  static double[] compose(double[] u, double[] s, double[] v, int m, int n) {
    int r = s.length;
    double[] a = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int t = 0; t < r; t++) {
        double us = u[i * r + t] * s[t];
        if (us == 0) {
          continue;
        }
        for (int j = 0; j < n; j++) {
          a[i * n + j] += us * v[j * r + t];
        }
      }
    }
    return a;
  }

  /** {@code y += alpha x}, in place, returning {@code y}. */
  static double[] axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
    return y;
  }
}
