package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChebyshevTest {
  private static final int K = 30;

  @ParameterizedTest
  @ValueSource(doubles = {-1, -0.999, -0.7, -0.25, 0, 0.1, 0.5, 0.93, 1})
  void firstKindIsCosineOfMultipleAngle(double x) {
    double[] t = new double[K + 1];
    Chebyshev.firstKind(x, K, t);
    double theta = Math.acos(x);
    for (int k = 0; k <= K; k++) {
      assertEquals(Math.cos(k * theta), t[k], 4e-16 * (k * k + 1), "T_" + k + "(" + x + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.95, -0.3, 0, 0.2, 0.6, 0.99})
  void secondKindIsSineRatio(double x) {
    double[] u = new double[K + 1];
    Chebyshev.secondKind(x, K, u);
    double theta = Math.acos(x);
    for (int k = 0; k <= K; k++) {
      double expected = Math.sin((k + 1) * theta) / Math.sin(theta);
      assertEquals(expected, u[k], 1e-13 * (k + 1) * (k + 1), "U_" + k + "(" + x + ")");
    }
  }

  @Test
  void valuesAtTheEndsAreExactIntegers() {
    double[] t = new double[K + 1];
    double[] u = new double[K + 1];
    double[] dt = new double[K + 1];
    for (double x : new double[] {-1, 1}) {
      Chebyshev.firstKind(x, K, t);
      Chebyshev.secondKind(x, K, u);
      Chebyshev.firstKindDerivative(x, K, dt);
      for (int k = 0; k <= K; k++) {
        double sign = x < 0 && k % 2 == 1 ? -1 : 1;
        assertEquals(sign, t[k], 0.0, "T_" + k + "(" + x + ")");
        assertEquals(sign * (k + 1), u[k], 0.0, "U_" + k + "(" + x + ")");
        // T_k'(1) = k^2, T_k'(-1) = (-1)^(k-1) k^2: Markov's bound is attained at the ends
        double slope = x > 0 || k % 2 == 1 ? k * k : -k * k;
        assertEquals(slope, dt[k], 0.0, "T_" + k + "'(" + x + ")");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.9, -0.4, 0, 0.35, 0.8, 1.7, -2.5})
  void derivativeSatisfiesTheDifferentialRelation(double x) {
    // (1 - x^2) T_k' = k (T_{k-1} - x T_k), independent of U
    double[] t = new double[K + 1];
    double[] dt = new double[K + 1];
    Chebyshev.firstKind(x, K, t);
    Chebyshev.firstKindDerivative(x, K, dt);
    assertEquals(0.0, dt[0], 0.0);
    for (int k = 1; k <= K; k++) {
      double rhs = k * (t[k - 1] - x * t[k]);
      double scale = Math.max(1, Math.abs(k * x * t[k]));
      assertEquals(rhs, (1 - x * x) * dt[k], 1e-13 * k * k * scale, "k = " + k);
    }
  }

  @Test
  void secondKindSeriesEqualsTheExplicitSum() {
    double[] coef = {0.3, -1.2, 0.0, 2.5, 0.7, -0.05};
    double[] u = new double[coef.length];
    for (double x : new double[] {-1, -0.6, 0.1, 0.75, 1, 1.3}) {
      Chebyshev.secondKind(x, coef.length - 1, u);
      double sum = 0;
      for (int j = 0; j < coef.length; j++) {
        sum += coef[j] * u[j];
      }
      assertEquals(sum, Chebyshev.secondKindSeries(coef, x), 1e-13 * Math.max(1, Math.abs(sum)));
    }
    assertEquals(0.0, Chebyshev.secondKindSeries(new double[0], 0.4), 0.0);
  }

  @Test
  void momentsAverageOverTheSpectrumAndTheZeroEigenvalues() {
    // lambda = 4, 1, 0.25, one slightly negative (rounding: clamped to 0), plus 2 zeros
    double[] lambda = {4, 1, 0.25, -1e-17};
    double c = 2;
    double d = 2;
    double[] m = new double[6];
    Chebyshev.moments(lambda, 4, 2, c, d, 5, m);
    double[] x = {1, -0.5, -0.875, -1, -1, -1};
    for (int k = 0; k <= 5; k++) {
      double sum = 0;
      for (double xi : x) {
        sum += Math.cos(k * Math.acos(xi));
      }
      assertEquals(sum / 6, m[k], 1e-15, "m_" + k);
    }
  }

  @Test
  void entriesBeyondTheOrderAreLeftAlone() {
    double[] out = {9, 9, 9, 9, 9};
    Chebyshev.firstKind(0.5, 2, out);
    assertEquals(9.0, out[3], 0.0);
    Chebyshev.secondKind(0.5, 0, out);
    assertEquals(1.0, out[0], 0.0);
    assertEquals(9.0, out[4], 0.0);
    Chebyshev.firstKindDerivative(0.5, 1, out);
    assertEquals(1.0, out[1], 0.0);
    assertEquals(9.0, out[4], 0.0);
  }

  @Test
  void rejectsBadArguments() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.firstKind(Double.NaN, 3, new double[4]));
    assertTrue(ex.getMessage().contains("NaN"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.secondKind(0.1, 3, new double[3]));
    assertTrue(ex.getMessage().contains("4") && ex.getMessage().contains("3"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.firstKindDerivative(0.1, -1, new double[3]));
    assertTrue(ex.getMessage().contains("-1"), ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Chebyshev.firstKind(0, 1, null));
    assertThrows(IllegalArgumentException.class, () -> Chebyshev.secondKindSeries(null, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.secondKindSeries(new double[1], Double.POSITIVE_INFINITY));
    ex = assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.moments(new double[2], 2, 0, 0, 0, 3, new double[4]));
    assertTrue(ex.getMessage().contains("half-width"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.moments(new double[2], 0, 0, 0, 1, 3, new double[4]));
    assertTrue(ex.getMessage().contains("count"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.moments(new double[2], 3, 0, 0, 1, 3, new double[4]));
    assertTrue(ex.getMessage().contains("length 2"), ex.getMessage());
    ex = assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.moments(new double[] {1, Double.NaN}, 2, 0, 0, 1, 3, new double[4]));
    assertTrue(ex.getMessage().contains("lambda[1]"), ex.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.moments(new double[2], 2, 0, Double.NaN, 1, 3, new double[4]));
    assertThrows(IllegalArgumentException.class,
        () -> Chebyshev.moments(null, 2, 0, 0, 1, 3, new double[4]));
  }
}
