package dev.cmr.kernels.vector;

import dev.cmr.kernels.internal.ChebyshevKernels;
import dev.cmr.kernels.internal.ScalarKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API implementation of {@link ChebyshevKernels} for one vector width.
 *
 * <p>The recurrences run across points: one vector holds {@code T_k} at several points, and the
 * degree loop keeps {@code T_{k-1}}, {@code T_k} in registers while it streams rows of the table
 * out. Each step depends on the one before (a multiply-subtract chain), so two vectors of points
 * are advanced together to overlap their latencies. Every operation is a plain multiply, add
 * or subtract in the scalar order, so results equal {@link ScalarKernels} bit for bit; the
 * scalar reference finishes the points left over. Stateless and thread-safe.
 */
abstract sealed class VectorChebyshevKernels implements ChebyshevKernels {
  private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;

  private VectorChebyshevKernels() {}

  /** The implementation for vectors of {@code bitSize} bits (128, 256 or 512). */
  static VectorChebyshevKernels forBitSize(int bitSize) {
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

  private static final class Bits128 extends VectorChebyshevKernels {
    @Override
    VectorSpecies<Float> floats() {
      return FloatVector.SPECIES_128;
    }

    @Override
    VectorSpecies<Double> doubles() {
      return DoubleVector.SPECIES_128;
    }
  }

  private static final class Bits256 extends VectorChebyshevKernels {
    @Override
    VectorSpecies<Float> floats() {
      return FloatVector.SPECIES_256;
    }

    @Override
    VectorSpecies<Double> doubles() {
      return DoubleVector.SPECIES_256;
    }
  }

  private static final class Bits512 extends VectorChebyshevKernels {
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
  public void basisT(double[] x, int xOffset, int n, int degree, double[] out, int outOffset,
      int ldOut) {
    int done = basisBody(x, xOffset, n, degree, out, outOffset, ldOut, false);
    SCALAR.basisT(x, xOffset + done, n - done, degree, out, outOffset + done, ldOut);
  }

  @Override
  public void basisU(double[] x, int xOffset, int n, int degree, double[] out, int outOffset,
      int ldOut) {
    int done = basisBody(x, xOffset, n, degree, out, outOffset, ldOut, true);
    SCALAR.basisU(x, xOffset + done, n - done, degree, out, outOffset + done, ldOut);
  }

  /** Table rows for whole pairs of vectors of points; returns how many points it did. */
  private int basisBody(double[] x, int xOffset, int n, int degree, double[] out,
      int outOffset, int ldOut, boolean secondKind) {
    assert degree >= 0 && ldOut >= n;
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;
    DoubleVector one = DoubleVector.broadcast(s, 1.0);
    for (int bound = n - 2 * l; i <= bound; i += 2 * l) {
      // degree 0 and 1
      DoubleVector x0 = DoubleVector.fromArray(s, x, xOffset + i);
      DoubleVector x1 = DoubleVector.fromArray(s, x, xOffset + i + l);
      DoubleVector twoX0 = x0.add(x0);
      DoubleVector twoX1 = x1.add(x1);
      int at = outOffset + i;
      one.intoArray(out, at);
      one.intoArray(out, at + l);
      if (degree == 0) {
        continue;
      }
      DoubleVector prev0 = one;
      DoubleVector prev1 = one;
      DoubleVector cur0 = secondKind ? twoX0 : x0;
      DoubleVector cur1 = secondKind ? twoX1 : x1;
      at += ldOut;
      cur0.intoArray(out, at);
      cur1.intoArray(out, at + l);

      // T_{k+1} = 2 x T_k - T_{k-1}, two independent chains
      for (int k = 1; k < degree; k++) {
        DoubleVector next0 = twoX0.mul(cur0).sub(prev0);
        DoubleVector next1 = twoX1.mul(cur1).sub(prev1);
        at += ldOut;
        next0.intoArray(out, at);
        next1.intoArray(out, at + l);
        prev0 = cur0;
        prev1 = cur1;
        cur0 = next0;
        cur1 = next1;
      }
    }
    return i;
  }

  @Override
  public void basisT(float[] x, int xOffset, int n, int degree, float[] out, int outOffset,
      int ldOut) {
    assert degree >= 0 && ldOut >= n;
    VectorSpecies<Float> s = floats();
    int l = s.length();
    int i = 0;
    FloatVector one = FloatVector.broadcast(s, 1f);

    // one vector of points at a time (float chains are short next to the stores)
    for (int bound = n - l; i <= bound; i += l) {
      FloatVector vx = FloatVector.fromArray(s, x, xOffset + i);
      FloatVector twoX = vx.add(vx);
      int at = outOffset + i;
      one.intoArray(out, at);
      if (degree == 0) {
        continue;
      }
      FloatVector prev = one;
      FloatVector cur = vx;
      at += ldOut;
      cur.intoArray(out, at);
      for (int k = 1; k < degree; k++) {
        FloatVector next = twoX.mul(cur).sub(prev);
        at += ldOut;
        next.intoArray(out, at);
        prev = cur;
        cur = next;
      }
    }

    // scalar tail
    SCALAR.basisT(x, xOffset + i, n - i, degree, out, outOffset + i, ldOut);
  }

  @Override
  public void clenshaw(double[] coef, int coefOffset, int degree, double[] x, int xOffset,
      double[] out, int outOffset, int n) {
    assert degree >= 0;
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;

    // two vectors of points per pass: b_k = c_k + 2 x b_{k+1} - b_{k+2}
    for (int bound = n - 2 * l; i <= bound; i += 2 * l) {
      DoubleVector x0 = DoubleVector.fromArray(s, x, xOffset + i);
      DoubleVector x1 = DoubleVector.fromArray(s, x, xOffset + i + l);
      DoubleVector twoX0 = x0.add(x0);
      DoubleVector twoX1 = x1.add(x1);
      DoubleVector b10 = DoubleVector.zero(s);
      DoubleVector b11 = b10;
      DoubleVector b20 = b10;
      DoubleVector b21 = b10;
      for (int k = degree; k >= 1; k--) {
        DoubleVector c = DoubleVector.broadcast(s, coef[coefOffset + k]);
        DoubleVector b0 = c.add(twoX0.mul(b10)).sub(b20);
        DoubleVector b1 = c.add(twoX1.mul(b11)).sub(b21);
        b20 = b10;
        b21 = b11;
        b10 = b0;
        b11 = b1;
      }

      // sum = c_0 + x b_1 - b_2
      DoubleVector c0 = DoubleVector.broadcast(s, coef[coefOffset]);
      c0.add(x0.mul(b10)).sub(b20).intoArray(out, outOffset + i);
      c0.add(x1.mul(b11)).sub(b21).intoArray(out, outOffset + i + l);
    }

    // scalar tail
    SCALAR.clenshaw(coef, coefOffset, degree, x, xOffset + i, out, outOffset + i, n - i);
  }

  @Override
  public void step(double alpha, double[] at, int atOffset, double beta, double[] t,
      int tOffset, double gamma, double[] prev, int prevOffset, double[] next, int nextOffset,
      int n) {
    VectorSpecies<Double> s = doubles();
    int l = s.length();
    int i = 0;

    // vector loop, in the scalar order of operations
    for (int bound = n - l; i <= bound; i += l) {
      DoubleVector va = DoubleVector.fromArray(s, at, atOffset + i).mul(alpha);
      DoubleVector vt = DoubleVector.fromArray(s, t, tOffset + i).mul(beta);
      DoubleVector vp = DoubleVector.fromArray(s, prev, prevOffset + i).mul(gamma);
      va.add(vt).add(vp).intoArray(next, nextOffset + i);
    }

    // scalar tail
    SCALAR.step(alpha, at, atOffset + i, beta, t, tOffset + i, gamma, prev, prevOffset + i,
        next, nextOffset + i, n - i);
  }
}
