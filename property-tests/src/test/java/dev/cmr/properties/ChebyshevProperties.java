package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.Chebyshev;
import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.LayerSpectrum;
import dev.cmr.engine.Svd;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Chebyshev identities behind the moment term (CMR.md section 4), stated for the engine's
 * {@link Chebyshev} routines, which the regularizer itself runs on:
 * <pre>
 *   T_k(x) = cos(k arccos x),   U_k(x) = sin((k+1) t) / sin t  (x = cos t),   on [-1, 1]
 *   T_k' = k U_{k-1},   (1 - x^2) T_k'(x) = k (T_{k-1}(x) - x T_k(x))
 *   m_k(W) = tr T_k(Ghat) / in,   T_{k+1}(Ghat) = 2 Ghat T_k(Ghat) - T_{k-1}(Ghat)
 * </pre>
 * The last line is checked against the moments the regularizer reports ({@code analyze}),
 * with {@code Ghat = (W^T W - c I)/d} formed and iterated here as a matrix, independently of
 * the engine's spectral formula.
 */
class ChebyshevProperties {
  private static final int MAX_ORDER = 60;

  /** Points of [-1, 1], edge cases at both ends, 0 and just inside the ends. */
  @Provide
  Arbitrary<Double> unitInterval() {
    return Arbitraries.doubles().between(-1, 1).ofScale(15)
        .edgeCases(config -> config.add(-1.0, 0.0, 1.0, Math.nextDown(1.0), -Math.nextDown(1.0)));
  }

  /** {@code T_k(x) = cos(k arccos x)} to {@code 4 (k^2 + 1) eps}. */
  @Property(seed = Seeds.FIXED)
  void firstKindIsTheCosineOfAMultipleAngle(@ForAll("unitInterval") double x,
      @ForAll @IntRange(min = 0, max = MAX_ORDER) int k) {
    double[] t = new double[k + 1];
    Chebyshev.firstKind(x, k, t);
    double expected = Math.cos(k * Math.acos(x));
    assertEquals(expected, t[k], 4 * (k * k + 1) * Dense.EPS, "T_" + k + "(" + x + ")");
  }

  /**
   * {@code U_k(cos t) = sin((k+1) t) / sin t} inside the interval; exact integers
   * {@code (+-1)^k (k+1)} at the ends.
   */
  @Property(seed = Seeds.FIXED)
  void secondKindIsTheSineRatio(@ForAll("unitInterval") double x,
      @ForAll @IntRange(min = 0, max = MAX_ORDER) int k) {
    double[] u = new double[k + 1];
    Chebyshev.secondKind(x, k, u);
    if (Math.abs(x) == 1) {
      Statistics.label("point").collect("end");
      double sign = x < 0 && k % 2 == 1 ? -1 : 1;
      assertEquals(sign * (k + 1), u[k], 0.0, "U_" + k + "(" + x + ")");
      return;
    }
    double t = Math.acos(x);
    double sin = Math.sin(t);
    Statistics.label("point").collect(sin < 1e-3 ? "near an end" : "inside");
    double expected = Math.sin((k + 1) * t) / sin;
    // the sine ratio itself loses digits like (k+1) eps / sin t near the ends
    double tol = 8 * (k + 1) * (k + 1) * Dense.EPS / sin;
    assertEquals(expected, u[k], tol, "U_" + k + "(" + x + ")");
  }

  /** {@code T_k' = k U_{k-1}} and the differential relation, which involves only T. */
  @Property(seed = Seeds.FIXED)
  void derivativeIsKTimesTheSecondKind(@ForAll("unitInterval") double x,
      @ForAll @IntRange(min = 1, max = MAX_ORDER) int k) {
    double[] dt = new double[k + 1];
    double[] u = new double[k + 1];
    double[] t = new double[k + 1];
    Chebyshev.firstKindDerivative(x, k, dt);
    Chebyshev.secondKind(x, k, u);
    Chebyshev.firstKind(x, k, t);
    assertEquals(k * u[k - 1], dt[k], 0.0, "T_" + k + "' = k U_" + (k - 1));
    double relation = k * (t[k - 1] - x * t[k]);
    double tol = 8 * k * k * k * Dense.EPS;
    assertEquals(relation, (1 - x * x) * dt[k], tol, "(1 - x^2) T_k' = k (T_{k-1} - x T_k)");
    assertTrue(Math.abs(dt[k]) <= k * k * (1 + 1e-12), "Markov: |T_k'| <= k^2");
  }

  /** Clenshaw's sum equals the explicit {@code sum_j a_j U_j(x)}. */
  @Property(seed = Seeds.FIXED)
  void secondKindSeriesEqualsTheExplicitSum(@ForAll("unitInterval") double x,
      @ForAll("coefficients") double[] coef) {
    double[] u = new double[Math.max(coef.length, 1)];
    if (coef.length > 0) {
      Chebyshev.secondKind(x, coef.length - 1, u);
    }
    double sum = 0;
    double size = 0;
    for (int j = 0; j < coef.length; j++) {
      sum += coef[j] * u[j];
      size += Math.abs(coef[j]) * (j + 1);
    }
    int n = coef.length + 1;
    assertEquals(sum, Chebyshev.secondKindSeries(coef, x), 4 * n * n * Dense.EPS * size);
  }

  @Provide
  Arbitrary<double[]> coefficients() {
    return Arbitraries.doubles().between(-10, 10).array(double[].class).ofMaxSize(25);
  }

  @Provide
  Arbitrary<MatrixCase> moderate() {
    return Generators.matrices(30, -3, 3, 6, false)
        .filter(m -> m.lambdaMax() / m.halfWidth(Configs.EPS) <= 1e6);
  }

  /**
   * The moments the regularizer reports equal {@code tr T_k(Ghat) / in} from the matrix
   * recurrence on {@code Ghat = (W^T W - c I) / d} ({@code k = 0..8}), and
   * {@link Chebyshev#moments} on the squared singular values gives the same.
   */
  @Property(seed = Seeds.FIXED)
  void momentsAreTracesOfTheMatrixRecurrence(@ForAll("moderate") MatrixCase m) {
    m.collectStatistics();
    int order = 8;
    CmrConfig config = new CmrConfig(Configs.EPS, order, 0.15, 1.0, 0.1, 0.03, 0.5);
    LayerSpectrum spectrum = new CmrRegularizer(config).analyze(m.w(), m.rows(), m.cols());
    int in = m.cols();
    double lambdaMax = spectrum.sMax() * spectrum.sMax();
    double lambdaMin = m.zeros() > 0 ? 0 : spectrum.sMin() * spectrum.sMin();
    double c = 0.5 * (lambdaMax + lambdaMin);
    double d = Math.max(0.5 * (lambdaMax - lambdaMin), Configs.EPS);

    // Ghat and the recurrence T_{k+1} = 2 Ghat T_k - T_{k-1}, traces over in
    double[] ghat = Dense.gram(m.w(), m.rows(), in);
    for (int i = 0; i < ghat.length; i++) {
      ghat[i] /= d;
    }
    for (int i = 0; i < in; i++) {
      ghat[i * in + i] -= c / d;
    }
    double[] previous = identity(in);
    double[] current = ghat.clone();
    double[] traces = new double[order + 1];
    traces[0] = 1;
    traces[1] = trace(current, in) / in;
    for (int k = 2; k <= order; k++) {
      double[] next = Dense.multiply(ghat, current, in, in, in);
      for (int i = 0; i < next.length; i++) {
        next[i] = 2 * next[i] - previous[i];
      }
      traces[k] = trace(next, in) / in;
      previous = current;
      current = next;
    }

    double[] lambda = Svd.singularValues(m.w(), m.rows(), in);
    for (int i = 0; i < lambda.length; i++) {
      lambda[i] *= lambda[i];
    }
    double[] fromSpectrum = new double[order + 1];
    Chebyshev.moments(lambda, lambda.length, m.zeros(), c, d, order, fromSpectrum);
    double[] reported = spectrum.moments();
    // Ghat here carries an error near n eps lambda_max / d, which T_k amplifies by k^2
    double noise = Math.max(m.rows(), in) * Dense.EPS * lambdaMax / d;
    for (int k = 0; k <= order; k++) {
      double tol = 1e-13 + 16 * k * k * noise;
      assertEquals(traces[k], reported[k], tol, "m_" + k + " reported vs trace");
      assertEquals(traces[k], fromSpectrum[k], tol, "m_" + k + " Chebyshev.moments vs trace");
    }
  }

  private static double[] identity(int n) {
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      a[i * n + i] = 1;
    }
    return a;
  }

  private static double trace(double[] a, int n) {
    double t = 0;
    for (int i = 0; i < n; i++) {
      t += a[i * n + i];
    }
    return t;
  }
}
