package dev.cmr.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerificationTest {
  private static final GemmShape SHAPE = new GemmShape(7, 33, 5);

  /** C = A B summed in double, then rounded to float: a correctly rounded reference. */
  private static float[] exactFloatProduct(GemmProblem p) {
    float[] a = p.aFloat();
    float[] b = p.bFloat();
    float[] c = new float[SHAPE.m() * SHAPE.n()];
    for (int i = 0; i < SHAPE.m(); i++) {
      for (int j = 0; j < SHAPE.n(); j++) {
        double sum = 0;
        for (int l = 0; l < SHAPE.k(); l++) {
          sum += (double) a[i * SHAPE.k() + l] * b[l * SHAPE.n() + j];
        }
        c[i * SHAPE.n() + j] = (float) sum;
      }
    }
    return c;
  }

  /** C = A B summed in float from the last term to the first: a different, valid order. */
  private static float[] backwardFloatProduct(GemmProblem p) {
    float[] a = p.aFloat();
    float[] b = p.bFloat();
    float[] c = new float[SHAPE.m() * SHAPE.n()];
    for (int i = 0; i < SHAPE.m(); i++) {
      for (int j = 0; j < SHAPE.n(); j++) {
        float sum = 0;
        for (int l = SHAPE.k() - 1; l >= 0; l--) {
          sum += a[i * SHAPE.k() + l] * b[l * SHAPE.n() + j];
        }
        c[i * SHAPE.n() + j] = sum;
      }
    }
    return c;
  }

  @Test
  void aDifferentSummationOrderPassesWithANonZeroError() {
    GemmProblem p = GemmProblem.random(SHAPE, Precision.FLOAT, 3);
    Verification v = Verification.compare(p, exactFloatProduct(p), backwardFloatProduct(p));
    assertTrue(v.relativeError() > 0, "the two orders should round differently somewhere");
    assertTrue(v.passed(), v.toString());
    assertEquals(4 * 33 * 0x1p-24, v.bound());
  }

  @Test
  void oneWrongElementFails() {
    GemmProblem p = GemmProblem.random(SHAPE, Precision.FLOAT, 3);
    float[] reference = exactFloatProduct(p);
    float[] wrong = reference.clone();
    wrong[17] += 0.01f;
    Verification v = Verification.compare(p, reference, wrong);
    assertFalse(v.passed(), v.toString());
    double expected = Math.abs((double) wrong[17] - reference[17])
        / (SHAPE.k() * p.maxAbsA() * p.maxAbsB());
    assertEquals(expected, v.relativeError(), 1e-12);
  }

  @Test
  void nanOrInfinityFails() {
    GemmProblem p = GemmProblem.random(SHAPE, Precision.DOUBLE, 4);
    double[] reference = new double[SHAPE.m() * SHAPE.n()];
    double[] nan = reference.clone();
    nan[0] = Double.NaN;
    assertFalse(Verification.compare(p, reference, nan).passed());
    double[] inf = reference.clone();
    inf[34] = Double.POSITIVE_INFINITY;
    assertFalse(Verification.compare(p, reference, inf).passed());
    assertTrue(Verification.compare(p, reference, reference.clone()).passed());
  }

  @Test
  void mismatchedTypesOrLengthsAreRejected() {
    GemmProblem p = GemmProblem.random(SHAPE, Precision.FLOAT, 5);
    float[] right = new float[SHAPE.m() * SHAPE.n()];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Verification.compare(p, right, new double[right.length]));
    assertTrue(e.getMessage().contains("double[35]"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Verification.compare(p, right, new float[right.length - 1]));
  }

  @Test
  void problemsAreReproducibleAndInRange() {
    GemmProblem p = GemmProblem.random(SHAPE, Precision.DOUBLE, 9);
    GemmProblem q = GemmProblem.random(SHAPE, Precision.DOUBLE, 9);
    assertEquals(java.util.Arrays.toString(p.aDouble()), java.util.Arrays.toString(q.aDouble()));
    assertTrue(p.maxAbsA() < 1 && p.maxAbsA() > 0.5, "max |a| = " + p.maxAbsA());
    assertThrows(IllegalStateException.class, p::aFloat);
  }
}
