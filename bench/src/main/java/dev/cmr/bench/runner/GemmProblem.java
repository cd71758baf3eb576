package dev.cmr.bench.runner;

import java.util.SplittableRandom;

/**
 * The inputs of one measured case: A and B, row-major, filled with uniform numbers in
 * {@code [-1, 1)} from a fixed seed so every contender (and every run) multiplies the same
 * matrices. Exactly one pair of arrays is present, the one of {@link #precision()}.
 */
public final class GemmProblem {
  private final GemmShape shape;
  private final Precision precision;
  private final float[] aFloat;
  private final float[] bFloat;
  private final double[] aDouble;
  private final double[] bDouble;

  private GemmProblem(GemmShape shape, Precision precision, float[] aFloat, float[] bFloat,
      double[] aDouble, double[] bDouble) {
    this.shape = shape;
    this.precision = precision;
    this.aFloat = aFloat;
    this.bFloat = bFloat;
    this.aDouble = aDouble;
    this.bDouble = bDouble;
  }

  /** Draws A ({@code m x k}) and B ({@code k x n}) uniformly from {@code [-1, 1)}. */
  public static GemmProblem random(GemmShape shape, Precision precision, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int aSize = Math.multiplyExact(shape.m(), shape.k());
    int bSize = Math.multiplyExact(shape.k(), shape.n());
    Math.multiplyExact(shape.m(), shape.n());
    if (precision == Precision.FLOAT) {
      float[] a = new float[aSize];
      float[] b = new float[bSize];
      for (int i = 0; i < aSize; i++) {
        a[i] = (float) random.nextDouble(-1.0, 1.0);
      }
      for (int i = 0; i < bSize; i++) {
        b[i] = (float) random.nextDouble(-1.0, 1.0);
      }
      return new GemmProblem(shape, precision, a, b, null, null);
    }
    double[] a = random.doubles(aSize, -1.0, 1.0).toArray();
    double[] b = random.doubles(bSize, -1.0, 1.0).toArray();
    return new GemmProblem(shape, precision, null, null, a, b);
  }

  /** The product's shape. */
  public GemmShape shape() {
    return shape;
  }

  /** The element type of A, B and C. */
  public Precision precision() {
    return precision;
  }

  /** A as floats; only for {@link Precision#FLOAT}. */
  public float[] aFloat() {
    return require(aFloat, Precision.FLOAT);
  }

  /** B as floats; only for {@link Precision#FLOAT}. */
  public float[] bFloat() {
    return require(bFloat, Precision.FLOAT);
  }

  /** A as doubles; only for {@link Precision#DOUBLE}. */
  public double[] aDouble() {
    return require(aDouble, Precision.DOUBLE);
  }

  /** B as doubles; only for {@link Precision#DOUBLE}. */
  public double[] bDouble() {
    return require(bDouble, Precision.DOUBLE);
  }

  /** Largest absolute entry of A: {@code max |a_ij|}. */
  public double maxAbsA() {
    return precision == Precision.FLOAT ? maxAbs(aFloat) : maxAbs(aDouble);
  }

  /** Largest absolute entry of B: {@code max |b_ij|}. */
  public double maxAbsB() {
    return precision == Precision.FLOAT ? maxAbs(bFloat) : maxAbs(bDouble);
  }

  private <T> T require(T array, Precision wanted) {
    if (precision != wanted) {
      throw new IllegalStateException(
          "this problem holds " + precision.label() + " data, not " + wanted.label());
    }
    return array;
  }

  private static double maxAbs(float[] x) {
    double max = 0;
    for (float v : x) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static double maxAbs(double[] x) {
    double max = 0;
    for (double v : x) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
