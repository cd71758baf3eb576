package dev.cmr.kernels.vector;

import dev.cmr.kernels.internal.Blas1Kernels;
import dev.cmr.kernels.internal.ScalarKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link Blas1Kernels} for one vector width.
 *
 * <p>Every kernel has the same shape: a size guard, a main loop unrolled four times with
 * independent accumulators (to hide FMA latency), a single-vector loop, a pairwise reduction
 * of the accumulators, and the scalar reference ({@link ScalarKernels}) for the remaining
 * elements. The species comes from per-width overrides that return static constants, as in
 * {@link VectorSgemm}. Stateless and thread-safe.
 */
abstract sealed class VectorBlas1Kernels implements Blas1Kernels {
  private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;
  private static final boolean FAST_FMA = VectorFlags.FAST_FMA;

  private VectorBlas1Kernels() {}

  /** The implementation for vectors of {@code bitSize} bits (128, 256 or 512). */
  static VectorBlas1Kernels forBitSize(int bitSize) {
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

  private static final class Bits128 extends VectorBlas1Kernels {
    @Override
    VectorSpecies<Float> floats() {
      return FloatVector.SPECIES_128;
    }

    @Override
    VectorSpecies<Double> doubles() {
      return DoubleVector.SPECIES_128;
    }
  }

  private static final class Bits256 extends VectorBlas1Kernels {
    @Override
    VectorSpecies<Float> floats() {
      return FloatVector.SPECIES_256;
    }

    @Override
    VectorSpecies<Double> doubles() {
      return DoubleVector.SPECIES_256;
    }
  }

  private static final class Bits512 extends VectorBlas1Kernels {
    @Override
    VectorSpecies<Float> floats() {
      return FloatVector.SPECIES_512;
    }

    @Override
    VectorSpecies<Double> doubles() {
      return DoubleVector.SPECIES_512;
    }
  }

  @Override
  public float dot(float[] x, int xOffset, float[] y, int yOffset, int n) {
    VectorSpecies<Float> s = floats();
    int l = s.length();
    int i = 0;
    float sum = 0f;
    if (n >= 2 * l) {
      FloatVector acc0 = FloatVector.zero(s);
      FloatVector acc1 = acc0;
      FloatVector acc2 = acc0;
      FloatVector acc3 = acc0;

      // main loop
      for (int bound = n - 4 * l; i <= bound; i += 4 * l) {
        FloatVector x0 = FloatVector.fromArray(s, x, xOffset + i);
        FloatVector y0 = FloatVector.fromArray(s, y, yOffset + i);
        acc0 = FAST_FMA ? x0.fma(y0, acc0) : x0.mul(y0).add(acc0);
        FloatVector x1 = FloatVector.fromArray(s, x, xOffset + i + l);
        FloatVector y1 = FloatVector.fromArray(s, y, yOffset + i + l);
        acc1 = FAST_FMA ? x1.fma(y1, acc1) : x1.mul(y1).add(acc1);
        FloatVector x2 = FloatVector.fromArray(s, x, xOffset + i + 2 * l);
        FloatVector y2 = FloatVector.fromArray(s, y, yOffset + i + 2 * l);
        acc2 = FAST_FMA ? x2.fma(y2, acc2) : x2.mul(y2).add(acc2);
        FloatVector x3 = FloatVector.fromArray(s, x, xOffset + i + 3 * l);
        FloatVector y3 = FloatVector.fromArray(s, y, yOffset + i + 3 * l);
        acc3 = FAST_FMA ? x3.fma(y3, acc3) : x3.mul(y3).add(acc3);
      }

      // single-vector tail
      for (int bound = n - l; i <= bound; i += l) {
        FloatVector x0 = FloatVector.fromArray(s, x, xOffset + i);
        FloatVector y0 = FloatVector.fromArray(s, y, yOffset + i);
        acc0 = FAST_FMA ? x0.fma(y0, acc0) : x0.mul(y0).add(acc0);
      }

      // pairwise reduction
      sum = Lanes.sum(acc0.add(acc1).add(acc2.add(acc3)));
    }

    // scalar tail
    return sum + SCALAR.dot(x, xOffset + i, y, yOffset + i, n - i);
  }

  @Override
  public double dot(double[] x, int xOffset, double[] y, int yOffset, int n) {
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;
    double sum = 0.0;
    if (n >= 2 * l) {
      DoubleVector acc0 = DoubleVector.zero(s);
      DoubleVector acc1 = acc0;
      DoubleVector acc2 = acc0;
      DoubleVector acc3 = acc0;

      // main loop
      for (int bound = n - 4 * l; i <= bound; i += 4 * l) {
        DoubleVector x0 = DoubleVector.fromArray(s, x, xOffset + i);
        DoubleVector y0 = DoubleVector.fromArray(s, y, yOffset + i);
        acc0 = FAST_FMA ? x0.fma(y0, acc0) : x0.mul(y0).add(acc0);
        DoubleVector x1 = DoubleVector.fromArray(s, x, xOffset + i + l);
        DoubleVector y1 = DoubleVector.fromArray(s, y, yOffset + i + l);
        acc1 = FAST_FMA ? x1.fma(y1, acc1) : x1.mul(y1).add(acc1);
        DoubleVector x2 = DoubleVector.fromArray(s, x, xOffset + i + 2 * l);
        DoubleVector y2 = DoubleVector.fromArray(s, y, yOffset + i + 2 * l);
        acc2 = FAST_FMA ? x2.fma(y2, acc2) : x2.mul(y2).add(acc2);
        DoubleVector x3 = DoubleVector.fromArray(s, x, xOffset + i + 3 * l);
        DoubleVector y3 = DoubleVector.fromArray(s, y, yOffset + i + 3 * l);
        acc3 = FAST_FMA ? x3.fma(y3, acc3) : x3.mul(y3).add(acc3);
      }

      // single-vector tail
      for (int bound = n - l; i <= bound; i += l) {
        DoubleVector x0 = DoubleVector.fromArray(s, x, xOffset + i);
        DoubleVector y0 = DoubleVector.fromArray(s, y, yOffset + i);
        acc0 = FAST_FMA ? x0.fma(y0, acc0) : x0.mul(y0).add(acc0);
      }

      // pairwise reduction
      sum = Lanes.sum(acc0.add(acc1).add(acc2.add(acc3)));
    }

    // scalar tail
    return sum + SCALAR.dot(x, xOffset + i, y, yOffset + i, n - i);
  }

  @Override
  public void axpy(float alpha, float[] x, int xOffset, float[] y, int yOffset, int n) {
    VectorSpecies<Float> s = floats();
    int l = s.length();
    int i = 0;
    if (n >= l) {
      FloatVector va = FloatVector.broadcast(s, alpha);

      // vector loop (no reduction: one accumulator per element already)
      for (int bound = n - l; i <= bound; i += l) {
        FloatVector vx = FloatVector.fromArray(s, x, xOffset + i);
        FloatVector vy = FloatVector.fromArray(s, y, yOffset + i);
        (FAST_FMA ? va.fma(vx, vy) : va.mul(vx).add(vy)).intoArray(y, yOffset + i);
      }
    }

    // scalar tail
    SCALAR.axpy(alpha, x, xOffset + i, y, yOffset + i, n - i);
  }

  @Override
  public void axpy(double alpha, double[] x, int xOffset, double[] y, int yOffset, int n) {
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;
    if (n >= l) {
      DoubleVector va = DoubleVector.broadcast(s, alpha);

      // vector loop (no reduction: one accumulator per element already)
      for (int bound = n - l; i <= bound; i += l) {
        DoubleVector vx = DoubleVector.fromArray(s, x, xOffset + i);
        DoubleVector vy = DoubleVector.fromArray(s, y, yOffset + i);
        (FAST_FMA ? va.fma(vx, vy) : va.mul(vx).add(vy)).intoArray(y, yOffset + i);
      }
    }

    // scalar tail
    SCALAR.axpy(alpha, x, xOffset + i, y, yOffset + i, n - i);
  }

  @Override
  public void scale(float alpha, float[] x, int xOffset, int n) {
    VectorSpecies<Float> s = floats();
    int l = s.length();
    int i = 0;

    // vector loop
    for (int bound = n - l; i <= bound; i += l) {
      FloatVector.fromArray(s, x, xOffset + i).mul(alpha).intoArray(x, xOffset + i);
    }

    // scalar tail
    SCALAR.scale(alpha, x, xOffset + i, n - i);
  }

  @Override
  public void scale(double alpha, double[] x, int xOffset, int n) {
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;

    // vector loop
    for (int bound = n - l; i <= bound; i += l) {
      DoubleVector.fromArray(s, x, xOffset + i).mul(alpha).intoArray(x, xOffset + i);
    }

    // scalar tail
    SCALAR.scale(alpha, x, xOffset + i, n - i);
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
    VectorSpecies<Float> s = floats();
    int l = s.length();
    int i = 0;
    float max = 0f;
    if (n >= 2 * l) {
      FloatVector max0 = FloatVector.zero(s);
      FloatVector max1 = max0;

      // main loop
      for (int bound = n - 2 * l; i <= bound; i += 2 * l) {
        max0 = max0.max(FloatVector.fromArray(s, x, xOffset + i).abs());
        max1 = max1.max(FloatVector.fromArray(s, x, xOffset + i + l).abs());
      }

      // single-vector tail
      for (int bound = n - l; i <= bound; i += l) {
        max0 = max0.max(FloatVector.fromArray(s, x, xOffset + i).abs());
      }

      // reduction
      max = max0.max(max1).reduceLanes(VectorOperators.MAX);
    }

    // scalar tail
    return Math.max(max, SCALAR.maxAbs(x, xOffset + i, n - i));
  }

  @Override
  public double maxAbs(double[] x, int xOffset, int n) {
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;
    double max = 0.0;
    if (n >= 2 * l) {
      DoubleVector max0 = DoubleVector.zero(s);
      DoubleVector max1 = max0;

      // main loop
      for (int bound = n - 2 * l; i <= bound; i += 2 * l) {
        max0 = max0.max(DoubleVector.fromArray(s, x, xOffset + i).abs());
        max1 = max1.max(DoubleVector.fromArray(s, x, xOffset + i + l).abs());
      }

      // single-vector tail
      for (int bound = n - l; i <= bound; i += l) {
        max0 = max0.max(DoubleVector.fromArray(s, x, xOffset + i).abs());
      }

      // reduction
      max = max0.max(max1).reduceLanes(VectorOperators.MAX);
    }

    // scalar tail
    return Math.max(max, SCALAR.maxAbs(x, xOffset + i, n - i));
  }

  @Override
  public float scaledSumOfSquares(float[] x, int xOffset, int n, float scale) {
    VectorSpecies<Float> s = floats();
    int l = s.length();
    int i = 0;
    float sum = 0f;
    if (n >= 2 * l) {
      FloatVector acc0 = FloatVector.zero(s);
      FloatVector acc1 = acc0;

      // main loop
      for (int bound = n - 2 * l; i <= bound; i += 2 * l) {
        FloatVector v0 = FloatVector.fromArray(s, x, xOffset + i).mul(scale);
        FloatVector v1 = FloatVector.fromArray(s, x, xOffset + i + l).mul(scale);
        acc0 = FAST_FMA ? v0.fma(v0, acc0) : v0.mul(v0).add(acc0);
        acc1 = FAST_FMA ? v1.fma(v1, acc1) : v1.mul(v1).add(acc1);
      }

      // single-vector tail
      for (int bound = n - l; i <= bound; i += l) {
        FloatVector v0 = FloatVector.fromArray(s, x, xOffset + i).mul(scale);
        acc0 = FAST_FMA ? v0.fma(v0, acc0) : v0.mul(v0).add(acc0);
      }

      // pairwise reduction
      sum = Lanes.sum(acc0.add(acc1));
    }

    // scalar tail
    return sum + SCALAR.scaledSumOfSquares(x, xOffset + i, n - i, scale);
  }

  @Override
  public double scaledSumOfSquares(double[] x, int xOffset, int n, double scale) {
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;
    double sum = 0.0;
    if (n >= 2 * l) {
      DoubleVector acc0 = DoubleVector.zero(s);
      DoubleVector acc1 = acc0;

      // main loop
      for (int bound = n - 2 * l; i <= bound; i += 2 * l) {
        DoubleVector v0 = DoubleVector.fromArray(s, x, xOffset + i).mul(scale);
        DoubleVector v1 = DoubleVector.fromArray(s, x, xOffset + i + l).mul(scale);
        acc0 = FAST_FMA ? v0.fma(v0, acc0) : v0.mul(v0).add(acc0);
        acc1 = FAST_FMA ? v1.fma(v1, acc1) : v1.mul(v1).add(acc1);
      }

      // single-vector tail
      for (int bound = n - l; i <= bound; i += l) {
        DoubleVector v0 = DoubleVector.fromArray(s, x, xOffset + i).mul(scale);
        acc0 = FAST_FMA ? v0.fma(v0, acc0) : v0.mul(v0).add(acc0);
      }

      // pairwise reduction
      sum = Lanes.sum(acc0.add(acc1));
    }

    // scalar tail
    return sum + SCALAR.scaledSumOfSquares(x, xOffset + i, n - i, scale);
  }
}
