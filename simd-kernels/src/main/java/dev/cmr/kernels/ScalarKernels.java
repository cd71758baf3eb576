package dev.cmr.kernels;

/**
 * Scalar implementation of every kernel family: the readable reference that the vector
 * kernels are tested against, and the fallback when the Vector API is unavailable.
 *
 * <p>Its range methods also finish the tails of vector loops, so that the semantics of a
 * partial vector live in one place. Stateless; {@link #INSTANCE} is shared.
 */
public final class ScalarKernels implements GemmKernels, Blas1Kernels {
  /** The shared instance. */
  public static final ScalarKernels INSTANCE = new ScalarKernels();

  private ScalarKernels() {}

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    ScalarGemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc) {
    ScalarGemm.dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  /**
   * Scales an {@code m x n} block of {@code C} by {@code beta}; {@code beta == 0} writes zeros
   * so that NaN already in {@code C} does not survive (the BLAS convention).
   */
  public static void scaleMatrix(int m, int n, float beta, float[] c, int cOffset, int ldc) {
    ScalarGemm.scaleC(m, n, beta, c, cOffset, ldc);
  }

  /** Double precision twin of {@link #scaleMatrix(int, int, float, float[], int, int)}. */
  public static void scaleMatrix(int m, int n, double beta, double[] c, int cOffset, int ldc) {
    ScalarGemm.scaleC(m, n, beta, c, cOffset, ldc);
  }

  @Override
  public float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      sum += x[xOffset + i] * y[yOffset + i];
    }
    return sum;
  }

  @Override
  public double dot(double[] x, int xOffset, double[] y, int yOffset, int n) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      sum += x[xOffset + i] * y[yOffset + i];
    }
    return sum;
  }

  @Override
  public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
    for (int i = 0; i < n; i++) {
      y[yOffset + i] += alpha * x[xOffset + i];
    }
  }

  @Override
  public void axpy(double alpha, double[] x, int xOffset, double[] y, int yOffset, int n) {
    for (int i = 0; i < n; i++) {
      y[yOffset + i] += alpha * x[xOffset + i];
    }
  }

  @Override
  public void scale(float alpha, float[] x, int xOffset, int n) {
    for (int i = 0; i < n; i++) {
      x[xOffset + i] *= alpha;
    }
  }

  @Override
  public void scale(double alpha, double[] x, int xOffset, int n) {
    for (int i = 0; i < n; i++) {
      x[xOffset + i] *= alpha;
    }
  }

  @Override
  public float sumOfSquares(float[] x, int xOffset, int n) {
    return dot(x, xOffset, x, xOffset, n);
  }

  @Override
  public double sumOfSquares(double[] x, int xOffset, int n) {
    return dot(x, xOffset, x, xOffset, n);
  }

  @Override
  public float maxAbs(float[] x, int xOffset, int n) {
    float max = 0f;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(x[xOffset + i]));
    }
    return max;
  }

  @Override
  public double maxAbs(double[] x, int xOffset, int n) {
    double max = 0.0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.abs(x[xOffset + i]));
    }
    return max;
  }

  @Override
  public float scaledSumOfSquares(float[] x, int xOffset, int n, float s) {
    float sum = 0f;
    for (int i = 0; i < n; i++) {
      float v = s * x[xOffset + i];
      sum += v * v;
    }
    return sum;
  }

  @Override
  public double scaledSumOfSquares(double[] x, int xOffset, int n, double s) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double v = s * x[xOffset + i];
      sum += v * v;
    }
    return sum;
  }
}
