package dev.cmr.kernels.vector;

import dev.cmr.kernels.internal.Blas1Kernels;
import dev.cmr.kernels.internal.Blas2Kernels;
import dev.cmr.kernels.internal.ReflectorKernels;
import dev.cmr.kernels.internal.RotationKernels;
import dev.cmr.kernels.internal.ScalarKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of the level-2, Householder and plane-rotation families for one
 * vector width.
 *
 * <p>Row-major matrices make every inner loop a contiguous sweep along a row. The double
 * matrix-vector products take four rows per pass: {@code A x} keeps four dot-product
 * accumulators that share each load of {@code x}, and {@code A^T x} loads and stores each
 * vector of {@code y} once per four rows instead of once per row. Single precision and the
 * rank-1 update go row by row through the level-1 kernels of the same width. Reflectors are
 * composed from these products. Single rotations use plain multiply and add, in the scalar
 * order, so they agree with {@link ScalarKernels} bit for bit; chains of scaled rotations use
 * fused multiply-adds where the hardware has them and agree to rounding. Tails are finished
 * by the scalar reference. Stateless and thread-safe.
 */
abstract sealed class VectorMatrixKernels
    implements Blas2Kernels, ReflectorKernels, RotationKernels {
  private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;
  private static final boolean FAST_FMA = VectorFlags.FAST_FMA;

  private final Blas1Kernels blas1;

  private VectorMatrixKernels(int bitSize) {
    this.blas1 = VectorBlas1Kernels.forBitSize(bitSize);
  }

  /** The implementation for vectors of {@code bitSize} bits (128, 256 or 512). */
  static VectorMatrixKernels forBitSize(int bitSize) {
    return switch (bitSize) {
      case 128 -> new Bits128();
      case 256 -> new Bits256();
      case 512 -> new Bits512();
      default -> throw new IllegalArgumentException(
          "vector bit size must be 128, 256 or 512, got " + bitSize);
    };
  }

  abstract VectorSpecies<Float> floats();

  abstract VectorSpecies<Double> doubles();

  private static final class Bits128 extends VectorMatrixKernels {
    Bits128() {
      super(128);
    }

    @Override
    VectorSpecies<Float> floats() {
      return FloatVector.SPECIES_128;
    }

    @Override
    VectorSpecies<Double> doubles() {
      return DoubleVector.SPECIES_128;
    }
  }

  private static final class Bits256 extends VectorMatrixKernels {
    Bits256() {
      super(256);
    }

    @Override
    VectorSpecies<Float> floats() {
      return FloatVector.SPECIES_256;
    }

    @Override
    VectorSpecies<Double> doubles() {
      return DoubleVector.SPECIES_256;
    }
  }

  private static final class Bits512 extends VectorMatrixKernels {
    Bits512() {
      super(512);
    }

    @Override
    VectorSpecies<Float> floats() {
      return FloatVector.SPECIES_512;
    }

    @Override
    VectorSpecies<Double> doubles() {
      return DoubleVector.SPECIES_512;
    }
  }

  // ---- level 2 ----

  @Override
  public void gemv(boolean trans, int m, int n, double alpha, double[] a, int aOffset,
      int lda, double[] x, int xOffset, double beta, double[] y, int yOffset) {
    assert m >= 0 && n >= 0 && lda >= Math.max(1, n);
    if (trans) {
      gemvTransposed(m, n, alpha, a, aOffset, lda, x, xOffset, beta, y, yOffset);
      return;
    }
    if (alpha == 0) {
      SCALAR.gemv(false, m, n, alpha, a, aOffset, lda, x, xOffset, beta, y, yOffset);
      return;
    }
    int i = 0;

    // four rows per pass
    for (; i + 4 <= m; i += 4) {
      multiplyFourRows(n, alpha, a, aOffset + i * lda, lda, x, xOffset, beta, y, yOffset + i);
    }

    // remaining rows
    for (; i < m; i++) {
      double dot = blas1.dot(a, aOffset + i * lda, x, xOffset, n);
      y[yOffset + i] = combine(alpha, dot, beta, y[yOffset + i]);
    }
  }

  /** {@code alpha * dot + beta * old}, ignoring {@code old} when {@code beta == 0}. */
  private static double combine(double alpha, double dot, double beta, double old) {
    return beta == 0 ? alpha * dot : alpha * dot + beta * old;
  }

  /** {@code y_r = alpha (row_r . x) + beta y_r} for four consecutive rows. */
  private void multiplyFourRows(int n, double alpha, double[] a, int row0, int lda,
      double[] x, int xOffset, double beta, double[] y, int yOffset) {
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int row1 = row0 + lda;
    int row2 = row1 + lda;
    int row3 = row2 + lda;
    int j = 0;
    double d0 = 0;
    double d1 = 0;
    double d2 = 0;
    double d3 = 0;
    if (n >= l) {
      DoubleVector acc0 = DoubleVector.zero(s);
      DoubleVector acc1 = acc0;
      DoubleVector acc2 = acc0;
      DoubleVector acc3 = acc0;

      // main loop: one load of x feeds four rows
      for (int bound = n - l; j <= bound; j += l) {
        DoubleVector vx = DoubleVector.fromArray(s, x, xOffset + j);
        DoubleVector a0 = DoubleVector.fromArray(s, a, row0 + j);
        acc0 = FAST_FMA ? a0.fma(vx, acc0) : a0.mul(vx).add(acc0);
        DoubleVector a1 = DoubleVector.fromArray(s, a, row1 + j);
        acc1 = FAST_FMA ? a1.fma(vx, acc1) : a1.mul(vx).add(acc1);
        DoubleVector a2 = DoubleVector.fromArray(s, a, row2 + j);
        acc2 = FAST_FMA ? a2.fma(vx, acc2) : a2.mul(vx).add(acc2);
        DoubleVector a3 = DoubleVector.fromArray(s, a, row3 + j);
        acc3 = FAST_FMA ? a3.fma(vx, acc3) : a3.mul(vx).add(acc3);
      }

      // reduction
      d0 = Lanes.sum(acc0);
      d1 = Lanes.sum(acc1);
      d2 = Lanes.sum(acc2);
      d3 = Lanes.sum(acc3);
    }

    // scalar tail
    d0 += SCALAR.dot(a, row0 + j, x, xOffset + j, n - j);
    d1 += SCALAR.dot(a, row1 + j, x, xOffset + j, n - j);
    d2 += SCALAR.dot(a, row2 + j, x, xOffset + j, n - j);
    d3 += SCALAR.dot(a, row3 + j, x, xOffset + j, n - j);

    // y = alpha A x + beta y
    y[yOffset] = combine(alpha, d0, beta, y[yOffset]);
    y[yOffset + 1] = combine(alpha, d1, beta, y[yOffset + 1]);
    y[yOffset + 2] = combine(alpha, d2, beta, y[yOffset + 2]);
    y[yOffset + 3] = combine(alpha, d3, beta, y[yOffset + 3]);
  }

  /** {@code y = alpha A^T x + beta y}: four rows of A are added into y per pass. */
  private void gemvTransposed(int m, int n, double alpha, double[] a, int aOffset, int lda,
      double[] x, int xOffset, double beta, double[] y, int yOffset) {
    if (beta == 0) {
      java.util.Arrays.fill(y, yOffset, yOffset + n, 0.0);
    } else if (beta != 1) {
      blas1.scale(beta, y, yOffset, n);
    }
    if (alpha == 0) {
      return;
    }
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;

    // four rows per pass
    for (; i + 4 <= m; i += 4) {
      int row0 = aOffset + i * lda;
      int row1 = row0 + lda;
      int row2 = row1 + lda;
      int row3 = row2 + lda;
      double c0 = alpha * x[xOffset + i];
      double c1 = alpha * x[xOffset + i + 1];
      double c2 = alpha * x[xOffset + i + 2];
      double c3 = alpha * x[xOffset + i + 3];
      DoubleVector v0 = DoubleVector.broadcast(s, c0);
      DoubleVector v1 = DoubleVector.broadcast(s, c1);
      DoubleVector v2 = DoubleVector.broadcast(s, c2);
      DoubleVector v3 = DoubleVector.broadcast(s, c3);
      int j = 0;
      for (int bound = n - l; j <= bound; j += l) {
        DoubleVector vy = DoubleVector.fromArray(s, y, yOffset + j);
        DoubleVector r0 = DoubleVector.fromArray(s, a, row0 + j);
        vy = FAST_FMA ? v0.fma(r0, vy) : v0.mul(r0).add(vy);
        DoubleVector r1 = DoubleVector.fromArray(s, a, row1 + j);
        vy = FAST_FMA ? v1.fma(r1, vy) : v1.mul(r1).add(vy);
        DoubleVector r2 = DoubleVector.fromArray(s, a, row2 + j);
        vy = FAST_FMA ? v2.fma(r2, vy) : v2.mul(r2).add(vy);
        DoubleVector r3 = DoubleVector.fromArray(s, a, row3 + j);
        vy = FAST_FMA ? v3.fma(r3, vy) : v3.mul(r3).add(vy);
        vy.intoArray(y, yOffset + j);
      }

      // scalar tail, one row after another
      SCALAR.axpy(c0, a, row0 + j, y, yOffset + j, n - j);
      SCALAR.axpy(c1, a, row1 + j, y, yOffset + j, n - j);
      SCALAR.axpy(c2, a, row2 + j, y, yOffset + j, n - j);
      SCALAR.axpy(c3, a, row3 + j, y, yOffset + j, n - j);
    }

    // remaining rows
    for (; i < m; i++) {
      blas1.axpy(alpha * x[xOffset + i], a, aOffset + i * lda, y, yOffset, n);
    }
  }

  @Override
  public void gemv(boolean trans, int m, int n, float alpha, float[] a, int aOffset,
      int lda, float[] x, int xOffset, float beta, float[] y, int yOffset) {
    assert m >= 0 && n >= 0 && lda >= Math.max(1, n);
    if (alpha == 0) {
      SCALAR.gemv(trans, m, n, alpha, a, aOffset, lda, x, xOffset, beta, y, yOffset);
      return;
    }
    if (!trans) {
      for (int i = 0; i < m; i++) {
        float ax = alpha * blas1.dot(a, aOffset + i * lda, x, xOffset, n);
        y[yOffset + i] = beta == 0 ? ax : ax + beta * y[yOffset + i];
      }
      return;
    }
    if (beta == 0) {
      java.util.Arrays.fill(y, yOffset, yOffset + n, 0f);
    } else if (beta != 1) {
      blas1.scale(beta, y, yOffset, n);
    }
    for (int i = 0; i < m; i++) {
      blas1.axpy(alpha * x[xOffset + i], a, aOffset + i * lda, y, yOffset, n);
    }
  }

  @Override
  public void ger(int m, int n, double alpha, double[] x, int xOffset, double[] y,
      int yOffset, double[] a, int aOffset, int lda) {
    assert m >= 0 && n >= 0 && lda >= Math.max(1, n);
    for (int i = 0; i < m; i++) {
      blas1.axpy(alpha * x[xOffset + i], y, yOffset, a, aOffset + i * lda, n);
    }
  }

  @Override
  public void ger(int m, int n, float alpha, float[] x, int xOffset, float[] y, int yOffset,
      float[] a, int aOffset, int lda) {
    assert m >= 0 && n >= 0 && lda >= Math.max(1, n);
    for (int i = 0; i < m; i++) {
      blas1.axpy(alpha * x[xOffset + i], y, yOffset, a, aOffset + i * lda, n);
    }
  }

  @Override
  public void syr2(int n, double alpha, double[] x, int xOffset, double[] y, int yOffset,
      double[] a, int aOffset, int lda) {
    assert n >= 0 && lda >= Math.max(1, n);
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    for (int i = 0; i < n; i++) {
      int row = aOffset + i * lda;
      double cy = alpha * x[xOffset + i];
      double cx = alpha * y[yOffset + i];
      DoubleVector vcy = DoubleVector.broadcast(s, cy);
      DoubleVector vcx = DoubleVector.broadcast(s, cx);
      int j = 0;

      // vector loop: row += cy y + cx x
      for (int bound = n - l; j <= bound; j += l) {
        DoubleVector va = DoubleVector.fromArray(s, a, row + j);
        DoubleVector wy = DoubleVector.fromArray(s, y, yOffset + j);
        va = FAST_FMA ? vcy.fma(wy, va) : vcy.mul(wy).add(va);
        DoubleVector wx = DoubleVector.fromArray(s, x, xOffset + j);
        (FAST_FMA ? vcx.fma(wx, va) : vcx.mul(wx).add(va)).intoArray(a, row + j);
      }

      // scalar tail
      SCALAR.axpy2(cy, y, yOffset + j, cx, x, xOffset + j, a, row + j, n - j);
    }
  }

  // ---- Householder reflectors ----

  @Override
  public void applyLeft(double tau, double[] v, int vOffset, double[] a, int aOffset,
      int lda, int r0, int r1, int c0, int c1, double[] work, int workOffset) {
    assert 0 <= r0 && r0 <= r1 && 0 <= c0 && c0 <= c1 && lda >= Math.max(1, c1);
    if (tau == 0 || r0 == r1 || c0 == c1) {
      return;
    }
    int base = aOffset + r0 * lda + c0;

    // w = A^T v, then A -= tau v w^T
    gemvTransposed(r1 - r0, c1 - c0, 1.0, a, base, lda, v, vOffset, 0.0, work, workOffset);
    ger(r1 - r0, c1 - c0, -tau, v, vOffset, work, workOffset, a, base, lda);
  }

  @Override
  public void applyRight(double tau, double[] v, int vOffset, double[] a, int aOffset,
      int lda, int r0, int r1, int c0, int c1) {
    assert 0 <= r0 && r0 <= r1 && 0 <= c0 && c0 <= c1 && lda >= Math.max(1, c1);
    if (tau == 0) {
      return;
    }
    // row by row, so that each row is still in L1 when it is updated
    for (int i = r0; i < r1; i++) {
      int row = aOffset + i * lda + c0;
      double dot = blas1.dot(a, row, v, vOffset, c1 - c0);
      blas1.axpy(-tau * dot, v, vOffset, a, row, c1 - c0);
    }
  }

  // ---- plane rotations ----

  @Override
  public void rotate(double[] x, int xOffset, double[] y, int yOffset, int n, double c,
      double s) {
    VectorSpecies<Double> sp = doubles();
    int l = sp.length();
    int i = 0;

    // vector loop, in the scalar order of operations
    for (int bound = n - l; i <= bound; i += l) {
      DoubleVector vx = DoubleVector.fromArray(sp, x, xOffset + i);
      DoubleVector vy = DoubleVector.fromArray(sp, y, yOffset + i);
      vx.mul(c).add(vy.mul(s)).intoArray(x, xOffset + i);
      vy.mul(c).sub(vx.mul(s)).intoArray(y, yOffset + i);
    }

    // scalar tail
    SCALAR.rotate(x, xOffset + i, y, yOffset + i, n - i, c, s);
  }

  @Override
  public void rotate(float[] x, int xOffset, float[] y, int yOffset, int n, float c,
      float s) {
    VectorSpecies<Float> sp = floats();
    int l = sp.length();
    int i = 0;

    // vector loop, in the scalar order of operations
    for (int bound = n - l; i <= bound; i += l) {
      FloatVector vx = FloatVector.fromArray(sp, x, xOffset + i);
      FloatVector vy = FloatVector.fromArray(sp, y, yOffset + i);
      vx.mul(c).add(vy.mul(s)).intoArray(x, xOffset + i);
      vy.mul(c).sub(vx.mul(s)).intoArray(y, yOffset + i);
    }

    // scalar tail
    SCALAR.rotate(x, xOffset + i, y, yOffset + i, n - i, c, s);
  }

  @Override
  public void transformChain(double[][] z, int k, int count, boolean descending, double[] m,
      int mOffset, int from, int to) {
    int t = 0;
    while (t < count) {
      // the scaled rotations up to the next general transform form one register chain
      int end = t;
      while (end < count && m[mOffset + 4 * end] == 1 && m[mOffset + 4 * end + 3] == 1) {
        end++;
      }
      int kt = descending ? k - t : k + t;
      if (end > t) {
        scaledChain(z, kt, end - t, descending, m, mOffset + 4 * t, from, to);
      }
      if (end < count) {
        int r = descending ? k - end : k + end;
        int q = mOffset + 4 * end;
        transformPair(z[r], z[r + 1], m[q], m[q + 1], m[q + 2], m[q + 3], from, to);
        end++;
      }
      t = end;
    }
  }

  /** {@code (x, y) <- (alpha x + beta y, gamma x + delta y)} on columns {@code from..to-1}. */
  private void transformPair(double[] x, double[] y, double alpha, double beta, double gamma,
      double delta, int from, int to) {
    VectorSpecies<Double> sp = doubles();
    int l = sp.length();
    int j = from;
    for (; j + l <= to; j += l) {
      DoubleVector vx = DoubleVector.fromArray(sp, x, j);
      DoubleVector vy = DoubleVector.fromArray(sp, y, j);
      vx.mul(alpha).add(vy.mul(beta)).intoArray(x, j);
      vx.mul(gamma).add(vy.mul(delta)).intoArray(y, j);
    }
    for (; j < to; j++) {
      double xj = x[j];
      double yj = y[j];
      x[j] = alpha * xj + beta * yj;
      y[j] = gamma * xj + delta * yj;
    }
  }

  /**
   * A chain of scaled rotations ({@code alpha = delta = 1}) on columns {@code from..to-1}.
   *
   * <p>Eight vectors of columns per pass: fewer leave the per-row overhead (the row lookup,
   * bounds checks, coefficient broadcasts) dominant, and more, or four products per pair
   * instead of two multiply-adds, grew the loop past what C2 inlines, so the vectors were
   * boxed (about 7 times slower). Measured on AVX-512 (32 registers). Limitation: with 16
   * vector registers (AVX2) the 16 live vectors of a pass spill.
   */
  private void scaledChain(double[][] z, int k, int count, boolean descending, double[] m,
      int mOffset, int from, int to) {
    int l = doubles().length();
    int j = from;
    // ascending, row k + t + 1 joins row k + t; descending, row k - t joins row k - t + 1
    int first = descending ? k + 1 : k;
    int step = descending ? -1 : 1;
    int store = mOffset + (descending ? 2 : 1);
    int carry = mOffset + (descending ? 1 : 2);

    // several vectors of columns at a time, then one, then the scalar tail
    for (; j + 8 * l <= to; j += 8 * l) {
      chain8(z, first, step, count, m, store, carry, j);
    }
    for (; j + l <= to; j += l) {
      chain1(z, first, step, count, m, store, carry, j);
    }
    SCALAR.transformChain(z, k, count, descending, m, mOffset, j, to);
  }

  /** {@code a * b + c}, fused where the hardware has FMA. */
  private static DoubleVector fused(DoubleVector a, DoubleVector b, DoubleVector c) {
    return FAST_FMA ? a.fma(b, c) : a.mul(b).add(c);
  }

  /**
   * A chain of scaled rotations on eight vectors of columns from {@code j}, over the rows
   * {@code first, first + step, ...}: each next row is loaded, the row before it leaves finished
   * as {@code next * m[store] + carried}, and the row they share stays in registers as
   * {@code carried * m[carry] + next}; {@code store} and {@code carry} advance by four per
   * rotation.
   */
  private void chain8(double[][] z, int first, int step, int count, double[] m, int store,
      int carry, int j) {
    VectorSpecies<Double> sp = doubles();
    int l = sp.length();
    double[] done = z[first];
    DoubleVector c0 = DoubleVector.fromArray(sp, done, j);
    DoubleVector c1 = DoubleVector.fromArray(sp, done, j + l);
    DoubleVector c2 = DoubleVector.fromArray(sp, done, j + 2 * l);
    DoubleVector c3 = DoubleVector.fromArray(sp, done, j + 3 * l);
    DoubleVector c4 = DoubleVector.fromArray(sp, done, j + 4 * l);
    DoubleVector c5 = DoubleVector.fromArray(sp, done, j + 5 * l);
    DoubleVector c6 = DoubleVector.fromArray(sp, done, j + 6 * l);
    DoubleVector c7 = DoubleVector.fromArray(sp, done, j + 7 * l);
    for (int t = 0; t < count; t++) {
      DoubleVector vs = DoubleVector.broadcast(sp, m[store + 4 * t]);
      DoubleVector vc = DoubleVector.broadcast(sp, m[carry + 4 * t]);
      double[] next = z[first + step * (t + 1)];
      DoubleVector n0 = DoubleVector.fromArray(sp, next, j);
      DoubleVector n1 = DoubleVector.fromArray(sp, next, j + l);
      DoubleVector n2 = DoubleVector.fromArray(sp, next, j + 2 * l);
      DoubleVector n3 = DoubleVector.fromArray(sp, next, j + 3 * l);
      DoubleVector n4 = DoubleVector.fromArray(sp, next, j + 4 * l);
      DoubleVector n5 = DoubleVector.fromArray(sp, next, j + 5 * l);
      DoubleVector n6 = DoubleVector.fromArray(sp, next, j + 6 * l);
      DoubleVector n7 = DoubleVector.fromArray(sp, next, j + 7 * l);
      fused(n0, vs, c0).intoArray(done, j);
      fused(n1, vs, c1).intoArray(done, j + l);
      fused(n2, vs, c2).intoArray(done, j + 2 * l);
      fused(n3, vs, c3).intoArray(done, j + 3 * l);
      fused(n4, vs, c4).intoArray(done, j + 4 * l);
      fused(n5, vs, c5).intoArray(done, j + 5 * l);
      fused(n6, vs, c6).intoArray(done, j + 6 * l);
      fused(n7, vs, c7).intoArray(done, j + 7 * l);
      c0 = fused(c0, vc, n0);
      c1 = fused(c1, vc, n1);
      c2 = fused(c2, vc, n2);
      c3 = fused(c3, vc, n3);
      c4 = fused(c4, vc, n4);
      c5 = fused(c5, vc, n5);
      c6 = fused(c6, vc, n6);
      c7 = fused(c7, vc, n7);
      done = next;
    }
    c0.intoArray(done, j);
    c1.intoArray(done, j + l);
    c2.intoArray(done, j + 2 * l);
    c3.intoArray(done, j + 3 * l);
    c4.intoArray(done, j + 4 * l);
    c5.intoArray(done, j + 5 * l);
    c6.intoArray(done, j + 6 * l);
    c7.intoArray(done, j + 7 * l);
  }

  /** {@link #chain8} on one vector of columns. */
  private void chain1(double[][] z, int first, int step, int count, double[] m, int store,
      int carry, int j) {
    VectorSpecies<Double> sp = doubles();
    double[] done = z[first];
    DoubleVector c0 = DoubleVector.fromArray(sp, done, j);
    for (int t = 0; t < count; t++) {
      DoubleVector vs = DoubleVector.broadcast(sp, m[store + 4 * t]);
      DoubleVector vc = DoubleVector.broadcast(sp, m[carry + 4 * t]);
      double[] next = z[first + step * (t + 1)];
      DoubleVector n0 = DoubleVector.fromArray(sp, next, j);
      fused(n0, vs, c0).intoArray(done, j);
      c0 = fused(c0, vc, n0);
      done = next;
    }
    c0.intoArray(done, j);
  }

  @Override
  public void rotateColumns(int m, double[] a, int aOffset, int lda, int p, int q, double c,
      double s) {
    // two elements per row, lda apart: a gather would be slower than the scalar loop
    SCALAR.rotateColumns(m, a, aOffset, lda, p, q, c, s);
  }
}
