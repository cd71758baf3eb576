package dev.cmr.kernels;

import dev.cmr.kernels.internal.GemmKernels;

/**
 * General matrix multiply on row-major arrays: {@code C = alpha * op(A) * op(B) + beta * C}.
 *
 * <p>{@code op(X)} is {@code X} or its transpose, chosen by {@code transA} / {@code transB}.
 * {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}, {@code C} is {@code m x n}.
 * Leading dimensions are row strides of the arrays as stored (so a non-transposed {@code A}
 * needs {@code lda >= k}, a transposed one {@code lda >= m}). When {@code beta == 0} the prior
 * contents of {@code C} are ignored (NaN in {@code C} does not propagate), as in BLAS.
 *
 * <p>Only {@code C} is modified. Arguments are checked once here; an invalid shape, stride or
 * offset raises {@link IllegalArgumentException} naming the values. Thread-safe: nothing that
 * affects a result is kept between calls; the vector kernels keep each thread's packing
 * buffers (grown to the largest blocks that thread has packed, a few MB at most), so that
 * repeated products allocate nothing. As in BLAS, {@code alpha == 0} or {@code k == 0} only
 * scales {@code C} by {@code beta} and reads neither {@code A} nor {@code B}.
 *
 * <p>The work runs on the kernels chosen by {@link Kernels}. Products of at least
 * {@link #PARALLEL_MIN_WORK} multiply-adds run on up to {@link Kernels#threads()} threads:
 * when {@code op(A)} is small (the MLP's products) the threads share one packed copy of it
 * and claim column slivers of {@code C}; otherwise {@code C} is split into strips of whole
 * rows or columns, one per thread. Every element is computed by one task with the same
 * summation order, so the result does not depend on the thread count.
 */
public final class Gemm {
  /**
   * Smallest {@code m * n * k} worth splitting across threads (128^3, about 20 us on one core
   * at 100 GFLOP/s). On the shared 2-core machine, splitting 64^3 to 96^3 products was never
   * faster, and 128^3 to 192^3 gave 0.8-1.3x depending on other load; re-check with
   * {@code GemmBenchmark -p shape=128x128x128 -p threads=1,2}.
   */
  public static final long PARALLEL_MIN_WORK = 1L << 21;

  /**
   * Column strips are multiples of this (the AVX2 float tile width; a multiple of every
   * double tile width up to 256 bits): finer than a tile of 64 columns, because a strip that
   * is a whole tile wider than the other costs more than one ragged tile per strip.
   */
  private static final int COLUMN_ALIGN = 16;
  /** Row strips are multiples of this (a multiple of the usual tile heights 4, 6, 8, 12). */
  private static final int ROW_ALIGN = 24;

  private Gemm() {}

  /**
   * Single precision GEMM with explicit offsets and leading dimensions:
   * {@code C = alpha * op(A) * op(B) + beta * C}, see the class comment for the layout.
   * Large products run on up to {@link Kernels#threads()} threads with a result that does
   * not depend on the thread count. Thread-safe; concurrent calls must not write the same
   * {@code c}.
   *
   * @param transA use {@code A^T} as {@code op(A)}: {@code a} then stores a {@code k x m}
   *     matrix instead of {@code m x k}
   * @param transB use {@code B^T} as {@code op(B)}: {@code b} then stores an
   *     {@code n x k} matrix instead of {@code k x n}
   * @param m rows of {@code op(A)} and of {@code C}, {@code >= 0}
   * @param n columns of {@code op(B)} and of {@code C}, {@code >= 0}
   * @param k columns of {@code op(A)} and rows of {@code op(B)}, {@code >= 0}
   * @param alpha scale of the product; 0 skips reading {@code a} and {@code b}
   * @param a stored matrix A, row-major; not modified
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}: {@code >= max(1, k)}, or {@code >= max(1, m)} when
   *     {@code transA}
   * @param b stored matrix B, row-major; not modified
   * @param bOffset index of {@code B[0][0]} in {@code b}
   * @param ldb row stride of {@code b}: {@code >= max(1, n)}, or {@code >= max(1, k)} when
   *     {@code transB}
   * @param beta scale of the prior {@code C}; 0 ignores it (NaN in {@code c} does not
   *     propagate)
   * @param c output matrix C ({@code m x n}, row-major), overwritten with the result; must
   *     not share elements with the ranges of {@code a} or {@code b} that are read
   * @param cOffset index of {@code C[0][0]} in {@code c}
   * @param ldc row stride of {@code c}, {@code >= max(1, n)}
   * @throws IllegalArgumentException if a dimension or offset is negative, a leading
   *     dimension is too small, or a matrix does not fit in its array (the message names the
   *     operand and the sizes); {@code c} is untouched then
   */
  public static void sgemm(
      boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda,
      float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    checkShape(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb,
        c.length, cOffset, ldc);
    GemmKernels kernels = Kernels.provider().gemm();
    int tasks = tasks(m, n, k);
    if (tasks == 1) {
      kernels.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
          beta, c, cOffset, ldc);
      return;
    }
    if (kernels.sgemmShared(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc, tasks, KernelPool::run)) {
      return;
    }
    boolean byColumns = n >= m;
    int strip = stripSize(byColumns ? n : m, tasks, byColumns ? COLUMN_ALIGN : ROW_ALIGN);
    KernelPool.run(tasks, t -> {
      int start = t * strip;
      if (byColumns) {
        int width = Math.min(strip, n - start);
        kernels.sgemm(transA, transB, m, width, k, alpha, a, aOffset, lda,
            b, bOffset + (transB ? start * ldb : start), ldb, beta, c, cOffset + start, ldc);
      } else {
        int height = Math.min(strip, m - start);
        kernels.sgemm(transA, transB, height, n, k, alpha,
            a, aOffset + (transA ? start : start * lda), lda, b, bOffset, ldb,
            beta, c, cOffset + start * ldc, ldc);
      }
    });
  }

  /**
   * Double precision GEMM with explicit offsets and leading dimensions:
   * {@code C = alpha * op(A) * op(B) + beta * C}, see the class comment for the layout.
   * Large products run on up to {@link Kernels#threads()} threads with a result that does
   * not depend on the thread count. Thread-safe; concurrent calls must not write the same
   * {@code c}.
   *
   * @param transA use {@code A^T} as {@code op(A)}: {@code a} then stores a {@code k x m}
   *     matrix instead of {@code m x k}
   * @param transB use {@code B^T} as {@code op(B)}: {@code b} then stores an
   *     {@code n x k} matrix instead of {@code k x n}
   * @param m rows of {@code op(A)} and of {@code C}, {@code >= 0}
   * @param n columns of {@code op(B)} and of {@code C}, {@code >= 0}
   * @param k columns of {@code op(A)} and rows of {@code op(B)}, {@code >= 0}
   * @param alpha scale of the product; 0 skips reading {@code a} and {@code b}
   * @param a stored matrix A, row-major; not modified
   * @param aOffset index of {@code A[0][0]} in {@code a}
   * @param lda row stride of {@code a}: {@code >= max(1, k)}, or {@code >= max(1, m)} when
   *     {@code transA}
   * @param b stored matrix B, row-major; not modified
   * @param bOffset index of {@code B[0][0]} in {@code b}
   * @param ldb row stride of {@code b}: {@code >= max(1, n)}, or {@code >= max(1, k)} when
   *     {@code transB}
   * @param beta scale of the prior {@code C}; 0 ignores it (NaN in {@code c} does not
   *     propagate)
   * @param c output matrix C ({@code m x n}, row-major), overwritten with the result; must
   *     not share elements with the ranges of {@code a} or {@code b} that are read
   * @param cOffset index of {@code C[0][0]} in {@code c}
   * @param ldc row stride of {@code c}, {@code >= max(1, n)}
   * @throws IllegalArgumentException if a dimension or offset is negative, a leading
   *     dimension is too small, or a matrix does not fit in its array (the message names the
   *     operand and the sizes); {@code c} is untouched then
   */
  public static void dgemm(
      boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda,
      double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc) {
    checkShape(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb,
        c.length, cOffset, ldc);
    GemmKernels kernels = Kernels.provider().gemm();
    int tasks = tasks(m, n, k);
    if (tasks == 1) {
      kernels.dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
          beta, c, cOffset, ldc);
      return;
    }
    if (kernels.dgemmShared(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc, tasks, KernelPool::run)) {
      return;
    }
    boolean byColumns = n >= m;
    int strip = stripSize(byColumns ? n : m, tasks, byColumns ? COLUMN_ALIGN : ROW_ALIGN);
    KernelPool.run(tasks, t -> {
      int start = t * strip;
      if (byColumns) {
        int width = Math.min(strip, n - start);
        kernels.dgemm(transA, transB, m, width, k, alpha, a, aOffset, lda,
            b, bOffset + (transB ? start * ldb : start), ldb, beta, c, cOffset + start, ldc);
      } else {
        int height = Math.min(strip, m - start);
        kernels.dgemm(transA, transB, height, n, k, alpha,
            a, aOffset + (transA ? start : start * lda), lda, b, bOffset, ldb,
            beta, c, cOffset + start * ldc, ldc);
      }
    });
  }

  /**
   * Single precision GEMM on densely packed row-major matrices (offsets 0, tight strides):
   * {@code C = alpha * op(A) * op(B) + beta * C}, as the full overload with
   * {@code lda = transA ? m : k}, {@code ldb = transB ? k : n} and {@code ldc = n}.
   *
   * @param transA use {@code A^T}: {@code a} then holds {@code k x m} instead of
   *     {@code m x k}
   * @param transB use {@code B^T}: {@code b} then holds {@code n x k} instead of
   *     {@code k x n}
   * @param m rows of {@code C}, {@code >= 0}
   * @param n columns of {@code C}, {@code >= 0}
   * @param k inner dimension, {@code >= 0}
   * @param alpha scale of the product
   * @param a matrix A with at least {@code m * k} elements; not modified
   * @param b matrix B with at least {@code k * n} elements; not modified
   * @param beta scale of the prior {@code C}; 0 ignores it
   * @param c output {@code m x n} matrix, overwritten with the result
   * @throws IllegalArgumentException if a dimension is negative or an array is too short for
   *     its matrix; {@code c} is untouched then
   */
  public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, float[] b, float beta, float[] c) {
    sgemm(transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0, transB ? k : n,
        beta, c, 0, n);
  }

  /**
   * Double precision GEMM on densely packed row-major matrices (offsets 0, tight strides):
   * {@code C = alpha * op(A) * op(B) + beta * C}, as the full overload with
   * {@code lda = transA ? m : k}, {@code ldb = transB ? k : n} and {@code ldc = n}.
   *
   * @param transA use {@code A^T}: {@code a} then holds {@code k x m} instead of
   *     {@code m x k}
   * @param transB use {@code B^T}: {@code b} then holds {@code n x k} instead of
   *     {@code k x n}
   * @param m rows of {@code C}, {@code >= 0}
   * @param n columns of {@code C}, {@code >= 0}
   * @param k inner dimension, {@code >= 0}
   * @param alpha scale of the product
   * @param a matrix A with at least {@code m * k} elements; not modified
   * @param b matrix B with at least {@code k * n} elements; not modified
   * @param beta scale of the prior {@code C}; 0 ignores it
   * @param c output {@code m x n} matrix, overwritten with the result
   * @throws IllegalArgumentException if a dimension is negative or an array is too short for
   *     its matrix; {@code c} is untouched then
   */
  public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, double[] b, double beta, double[] c) {
    dgemm(transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0, transB ? k : n,
        beta, c, 0, n);
  }

  /** How many strips to cut C into: 1 for small products, else up to the thread cap. */
  private static int tasks(int m, int n, int k) {
    int threads = Kernels.threads();
    if (threads == 1 || (long) m * n * k < PARALLEL_MIN_WORK) {
      return 1;
    }
    boolean byColumns = n >= m;
    int extent = byColumns ? n : m;
    int align = byColumns ? COLUMN_ALIGN : ROW_ALIGN;
    int pieces = (extent + align - 1) / align;
    int tasks = Math.min(threads, pieces);
    // recompute so that no strip is empty after rounding the strip size up
    int strip = stripSize(extent, tasks, align);
    return (extent + strip - 1) / strip;
  }

  private static int stripSize(int extent, int tasks, int align) {
    int raw = (extent + tasks - 1) / tasks;
    return (raw + align - 1) / align * align;
  }

  static void checkShape(boolean transA, boolean transB, int m, int n, int k,
      int aLength, int aOffset, int lda, int bLength, int bOffset, int ldb,
      int cLength, int cOffset, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException(
          "negative dimension: m=" + m + ", n=" + n + ", k=" + k);
    }
    int aRows = transA ? k : m;
    int aCols = transA ? m : k;
    int bRows = transB ? n : k;
    int bCols = transB ? k : n;
    checkOperand("A", aRows, aCols, aLength, aOffset, lda);
    checkOperand("B", bRows, bCols, bLength, bOffset, ldb);
    checkOperand("C", m, n, cLength, cOffset, ldc);
  }

  private static void checkOperand(String name, int rows, int cols, int length, int offset,
      int ld) {
    if (offset < 0) {
      throw new IllegalArgumentException(name + " offset is negative: " + offset);
    }
    if (ld < Math.max(1, cols)) {
      throw new IllegalArgumentException(name + " is stored as " + rows + "x" + cols
          + " but its leading dimension is " + ld + " (needs >= " + Math.max(1, cols) + ")");
    }
    if (rows == 0 || cols == 0) {
      return;
    }
    long needed = (long) offset + (long) (rows - 1) * ld + cols;
    if (needed > length) {
      throw new IllegalArgumentException(name + " is stored as " + rows + "x" + cols
          + " with offset " + offset + " and leading dimension " + ld + ", which needs "
          + needed + " elements, but the array has " + length);
    }
  }
}
