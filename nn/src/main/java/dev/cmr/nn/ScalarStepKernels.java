package dev.cmr.nn;

/**
 * The scalar reference of the element-wise passes of a training step: the fused bias and tanh
 * pass, the squared norm of a gradient range and the fused clip-and-Adam update.
 *
 * <p>{@link VectorStepKernels} computes exactly the same operations in the same order, one
 * IEEE rounding each (no fused multiply-add), so both give bit-identical results, whatever the
 * vector width; the tests compare them on awkward lengths.
 */
final class ScalarStepKernels {
  /** Inputs at or above this magnitude give {@code tanh = +-1} in float; larger are clamped. */
  static final float TANH_CLAMP = 9.5f;
  /** Below this magnitude tanh is an odd polynomial, above it {@code 1 - 2 / (e^2x + 1)}. */
  static final float TANH_SPLIT = 0.9f;
  // tanh(x) = x + x^3 P(x^2) on [0, 0.9]: P fitted for least maximum error in float (about
  // 1 ulp) by reweighted least squares on Chebyshev nodes; highest coefficient first
  static final float P6 = -0.00045547931222245097f;
  static final float P5 = 0.0025827251374721527f;
  static final float P4 = -0.008264610543847084f;
  static final float P3 = 0.02166358195245266f;
  static final float P2 = -0.05392931401729584f;
  static final float P1 = 0.13332977890968323f;
  static final float P0 = -0.33333322405815125f;
  // e^r = 1 + r + r^2 E(r) on |r| <= ln(2)/2, fitted the same way; highest coefficient first
  static final float E6 = 0.001383473165333271f;
  static final float E5 = 0.00837648194283247f;
  static final float E4 = 0.0416683554649353f;
  static final float E3 = 0.1666640043258667f;
  static final float E2 = 0.49999991059303284f;
  static final float LOG2E = 1.4426950408889634f;
  /** ln 2 split so that {@code n * LN2_HI} is exact for the exponents used here. */
  static final float LN2_HI = 0.693145751953125f;
  static final float LN2_LO = 1.428606765330187e-06f;
  /** {@code 1.5 * 2^23}: adding and subtracting it rounds a float to an integer. */
  static final float ROUNDER = 12582912f;
  static final int SIGN_BIT = 0x8000_0000;
  /** Adds the float exponent bias 127 to the integer held in the bits of {@code n + ROUNDER}. */
  static final int EXPONENT_BIAS = 127 - Float.floatToRawIntBits(ROUNDER);

  private ScalarStepKernels() {}

  /**
   * {@code tanh(x)} in float, within about 1 ulp of the exact value: an odd polynomial below
   * {@link #TANH_SPLIT}, {@code 1 - 2 / (e^{2|x|} + 1)} above (with {@code e^y} from a
   * polynomial and an exponent built in the bits), the sign restored from {@code x}. Only
   * additions, multiplications and one division, so the vector twin rounds identically.
   */
  static float tanh(float x) {
    float ax = Math.min(Math.abs(x), TANH_CLAMP);

    // small |x|: ax + ax * (s P(s)), s = ax^2
    float s = ax * ax;
    float p = P6;
    p = p * s + P5;
    p = p * s + P4;
    p = p * s + P3;
    p = p * s + P2;
    p = p * s + P1;
    p = p * s + P0;
    float small = ax + ax * (s * p);

    // large |x|: e^y with y = 2 ax = n ln2 + r
    float y = ax + ax;
    float rounded = y * LOG2E + ROUNDER;
    float n = rounded - ROUNDER;
    float r = y - n * LN2_HI;
    r = r - n * LN2_LO;
    float e = E6;
    e = e * r + E5;
    e = e * r + E4;
    e = e * r + E3;
    e = e * r + E2;
    e = e * r + 1f;
    e = e * r + 1f;
    // the low bits of rounded hold n: 2^n = bits (n + 127) << 23
    float powerOfTwo = Float.intBitsToFloat((Float.floatToRawIntBits(rounded) + EXPONENT_BIAS)
        << 23);
    float large = 1f - 2f / (e * powerOfTwo + 1f);

    float t = ax < TANH_SPLIT ? small : large;
    return Float.intBitsToFloat(Float.floatToRawIntBits(t)
        | (Float.floatToRawIntBits(x) & SIGN_BIT));
  }

  /** {@code z[i, j] = tanh(z[i, j] + bias[j])} for a row-major {@code rows x cols} block. */
  static void biasTanh(float[] z, int offset, int rows, int cols, float[] bias,
      int biasOffset) {
    for (int i = 0; i < rows; i++) {
      int row = offset + i * cols;
      for (int j = 0; j < cols; j++) {
        z[row + j] = tanh(z[row + j] + bias[biasOffset + j]);
      }
    }
  }

  /** Number of partial sums of {@link #squaredNorm}. */
  static final int NORM_LANES = 8;

  /**
   * {@code sum g_i^2} over {@code g[offset, offset + length)} in double: element {@code i}
   * goes to partial sum {@code (i - offset) mod 8}, and the partial sums are added pairwise
   * at the end. The squares are exact in double, so only the additions round.
   */
  static double squaredNorm(float[] g, int offset, int length) {
    double s0 = 0.0;
    double s1 = 0.0;
    double s2 = 0.0;
    double s3 = 0.0;
    double s4 = 0.0;
    double s5 = 0.0;
    double s6 = 0.0;
    double s7 = 0.0;
    int i = 0;
    for (; i + NORM_LANES <= length; i += NORM_LANES) {
      int o = offset + i;
      s0 += square(g[o]);
      s1 += square(g[o + 1]);
      s2 += square(g[o + 2]);
      s3 += square(g[o + 3]);
      s4 += square(g[o + 4]);
      s5 += square(g[o + 5]);
      s6 += square(g[o + 6]);
      s7 += square(g[o + 7]);
    }
    return finish(g, offset + i, length - i, s0, s1, s2, s3, s4, s5, s6, s7);
  }

  /**
   * Adds the last {@code rest < 8} squares from {@code g[o]} on to partial sums 0, 1, ... and
   * returns the fixed pairwise sum of the eight.
   */
  static double finish(float[] g, int o, int rest, double s0, double s1, double s2, double s3,
      double s4, double s5, double s6, double s7) {
    double t0 = s0 + (rest > 0 ? square(g[o]) : 0.0);
    double t1 = s1 + (rest > 1 ? square(g[o + 1]) : 0.0);
    double t2 = s2 + (rest > 2 ? square(g[o + 2]) : 0.0);
    double t3 = s3 + (rest > 3 ? square(g[o + 3]) : 0.0);
    double t4 = s4 + (rest > 4 ? square(g[o + 4]) : 0.0);
    double t5 = s5 + (rest > 5 ? square(g[o + 5]) : 0.0);
    double t6 = s6 + (rest > 6 ? square(g[o + 6]) : 0.0);
    return ((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + s7));
  }

  private static double square(float x) {
    double d = x;
    return d * d;
  }

  /**
   * One Adam update of {@code [from, to)} with the gradient scaled by {@code scale} first
   * ({@code g = grads[i] * scale}; with {@code scale == 1} it is the gradient itself).
   * {@code stepSize = lr / (1 - beta1^t)}, {@code invSqrtBias2 = 1 / sqrt(1 - beta2^t)}.
   */
  static void adam(float[] params, float[] grads, float[] m, float[] v, int from, int to,
      float scale, float stepSize, float invSqrtBias2, float oneMinusBeta1, float beta2,
      float oneMinusBeta2, float eps) {
    for (int i = from; i < to; i++) {
      float g = grads[i] * scale;
      float mi = m[i] + oneMinusBeta1 * (g - m[i]);
      float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBias2 + eps);
    }
  }
}
