package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.Lanczos;
import dev.cmr.engine.LayerSpectrum;
import dev.cmr.engine.MatrixFreeCmr;
import dev.cmr.engine.MatrixFreeEstimate;
import dev.cmr.engine.MatrixFreeOptions;
import dev.cmr.engine.SpectralMethod;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The matrix-free estimators of CMR.md section 4 against the exact spectrum, on spread
 * (geometric, random), clustered and rank-deficient spectra:
 * <ul>
 *   <li>the Hutchinson moments are unbiased for the penalized orders {@code 3..K};
 *   <li>their variance is {@code V_k / P} for {@code P} probes, with the Rademacher variance
 *       {@code V_k = 2 (||T_k(Ghat)||_F^2 - sum_i T_k(Ghat)_ii^2) / in^2} computed here from
 *       the dense matrix;
 *   <li>Lanczos edges, when converged, lie within {@code 2 tol} relative error of the exact
 *       squared singular values (the stated accuracy: {@code lambda_max} relative to itself,
 *       {@code lambda_min} relative to {@code lambda_min + eps}), and always on the inside;
 *   <li>the gradient estimate's mean is the exact {@link CmrRegularizer} gradient.
 * </ul>
 * The statistical checks use many probe seeds per matrix and bounds of 5 standard errors
 * (moments) or 9 summed variances (the squared gradient error, which is 3 standard deviations
 * when one direction dominates), so a correct estimator fails them with negligible
 * probability while a bias of a few standard errors is caught.
 */
class MatrixFreeProperties {
  private static final SpectrumKind[] KINDS = {SpectrumKind.GEOMETRIC, SpectrumKind.RANDOM,
      SpectrumKind.CLUSTERED, SpectrumKind.RANK_DEFICIENT};

  /** Lanczos settings that resolve the edges of these small matrices to rounding. */
  private static MatrixFreeOptions tight(int probes) {
    return new MatrixFreeOptions(SpectralMethod.MATRIX_FREE, probes,
        new Lanczos.Options(200, 2, 1e-12));
  }

  /**
   * Small matrices (2 to 16 per side) with the four spectrum families, kappa from 1.26 to 100:
   * edges tied across the whole spectrum (kappa 1) are excluded, as single-vector Lanczos does
   * not average over a tied edge cluster (a documented limitation of {@link MatrixFreeCmr}).
   */
  @Provide
  Arbitrary<MatrixCase> small() {
    Arbitrary<Integer> side = Arbitraries.integers().between(2, 16);
    return Combinators.combine(side, side, Arbitraries.of(KINDS),
        Arbitraries.doubles().between(0.1, 2).ofScale(3),
        Arbitraries.doubles().between(-2, 2).ofScale(3), Arbitraries.longs())
        .as((rows, cols, kind, logKappa, logScale, seed) -> Generators.build(rows, cols, kind,
            Math.pow(10, logKappa), Math.pow(10, logScale), seed, false));
  }

  /** Highest orders: the published 5, the smallest sensible 3, and 8. */
  @Provide
  Arbitrary<CmrConfig> configs() {
    return Arbitraries.of(3, 5, 8).map(k -> new CmrConfig(1e-6, k, 0.15, 1.0, 0.1, 0.03, 0.5));
  }

  /** {@code mean_k} over seeds is within 5 standard errors of the exact {@code m_k}. */
  @Property(seed = Seeds.FIXED, tries = 20)
  void momentEstimatesAreUnbiasedForThePenalizedOrders(@ForAll("small") MatrixCase m,
      @ForAll("configs") CmrConfig config) {
    m.collectStatistics();
    double[] exact = new CmrRegularizer(config).analyze(m.w(), m.rows(), m.cols()).moments();
    MatrixFreeCmr estimator = new MatrixFreeCmr(config, tight(4));
    int seeds = 400;
    int order = config.maxOrder();
    double[] sum = new double[order + 1];
    double[] squares = new double[order + 1];
    double[] g = new double[m.w().length];
    for (int seed = 0; seed < seeds; seed++) {
      estimator.valueAndGradient(m.w(), m.rows(), m.cols(), seed, null, g);
      double[] mk = estimator.lastEstimate().moments();
      assertEquals(order + 1, mk.length);
      for (int k = 0; k <= order; k++) {
        sum[k] += mk[k];
        squares[k] += mk[k] * mk[k];
      }
    }
    for (int k = 3; k <= order; k++) {
      double mean = sum[k] / seeds;
      double variance = Math.max(0, squares[k] / seeds - mean * mean);
      // rounding of the Gram eigenvalues, magnified by 1/d and |T_k'| <= k^2
      double rounding = k * k * m.gramNoise() / m.halfWidth(config.eps());
      double bound = 5 * Math.sqrt(variance / seeds) + rounding + 1e-12;
      assertEquals(exact[k], mean, bound, "m_" + k + " over " + seeds + " seeds");
    }
  }

  /**
   * The sample variance of {@code m_k} over seeds is {@code V_k / P} (within the sampling
   * spread of 300 seeds) for {@code P = 2, 8, 32}, so it falls as {@code 1 / P}.
   */
  @Property(seed = Seeds.FIXED, tries = 15)
  void varianceFallsAsOneOverTheProbes(@ForAll("small") MatrixCase m) {
    m.collectStatistics();
    CmrConfig config = Configs.FULL;
    int n = m.cols();
    double lambdaMax = m.lambdaMax();
    double lambdaMin = m.lambdaMin();
    double c = 0.5 * (lambdaMax + lambdaMin);
    double d = Math.max(0.5 * (lambdaMax - lambdaMin), config.eps());
    double[] variances = exactVariances(Dense.gram(m.w(), m.rows(), m.cols()), n, c, d,
        config.maxOrder());
    int seeds = 300;
    for (int probes : new int[] {2, 8, 32}) {
      MatrixFreeCmr estimator = new MatrixFreeCmr(config, tight(probes));
      double[] sum = new double[config.maxOrder() + 1];
      double[] squares = new double[config.maxOrder() + 1];
      double[] g = new double[m.w().length];
      for (int seed = 0; seed < seeds; seed++) {
        estimator.valueAndGradient(m.w(), m.rows(), m.cols(), 1000L * probes + seed, null, g);
        double[] mk = estimator.lastEstimate().moments();
        for (int k = 3; k <= config.maxOrder(); k++) {
          sum[k] += mk[k];
          squares[k] += mk[k] * mk[k];
        }
      }
      for (int k = 3; k <= config.maxOrder(); k++) {
        double expected = variances[k] / probes;
        if (!(variances[k] > 1e-12)) {
          continue;
        }
        double mean = sum[k] / seeds;
        double sample = (squares[k] - seeds * mean * mean) / (seeds - 1);
        double ratio = sample / expected;
        assertTrue(ratio > 0.5 && ratio < 2, "m_" + k + " with " + probes + " probes: sample"
            + " variance " + sample + ", expected V/P = " + expected);
      }
    }
  }

  /** Larger matrices (up to 200 per side, beyond one Lanczos cycle) with default settings. */
  @Provide
  Arbitrary<MatrixCase> larger() {
    Arbitrary<Integer> side = Arbitraries.integers().between(2, 200);
    return Combinators.combine(side, side, Arbitraries.of(KINDS),
        Arbitraries.doubles().between(0.1, 2).ofScale(3),
        Arbitraries.doubles().between(-1, 1).ofScale(3), Arbitraries.longs())
        .as((rows, cols, kind, logKappa, logScale, seed) -> Generators.build(rows, cols, kind,
            Math.pow(10, logKappa), Math.pow(10, logScale), seed, false));
  }

  /**
   * With the default tolerance {@code tol = 1e-3}: a converged run has
   * {@code |lambdaMax - s_1^2| <= 2 tol s_1^2} and
   * {@code |lambdaMin - s_r^2| <= 2 tol (s_r^2 + eps)}; any run estimates from the inside
   * ({@code lambdaMax <= s_1^2}, {@code lambdaMin >= s_r^2}, to rounding); wide matrices have
   * {@code lambdaMin = 0} exactly.
   */
  @Property(seed = Seeds.FIXED, tries = 40)
  void edgeEstimatesAreWithinTheStatedRelativeError(@ForAll("larger") MatrixCase m) {
    m.collectStatistics();
    CmrConfig config = Configs.FULL;
    MatrixFreeOptions options = MatrixFreeOptions.of(SpectralMethod.MATRIX_FREE);
    double tol = options.lanczos().tolerance();
    MatrixFreeCmr estimator = new MatrixFreeCmr(config, options);
    estimator.valueAndGradient(m.w(), m.rows(), m.cols(), m.seed(), null,
        new double[m.w().length]);
    MatrixFreeEstimate e = estimator.lastEstimate();
    LayerSpectrum exact = new CmrRegularizer(config).analyze(m.w(), m.rows(), m.cols());
    double lambdaMax = exact.sMax() * exact.sMax();
    double lambdaMin = m.cols() > m.rows() ? 0 : exact.sMin() * exact.sMin();
    double noise = 64.0 * Math.max(m.rows(), m.cols()) * Dense.EPS * lambdaMax;
    assertTrue(e.lambdaMax() <= lambdaMax + noise, e.lambdaMax() + " above " + lambdaMax);
    assertTrue(e.lambdaMin() >= lambdaMin - noise, e.lambdaMin() + " below " + lambdaMin);
    if (m.cols() > m.rows()) {
      assertEquals(0.0, e.lambdaMin(), 0.0);
    }
    Statistics.label("edges converged").collect(e.edgesConverged());
    if (e.edgesConverged()) {
      assertEquals(lambdaMax, e.lambdaMax(), 2 * tol * lambdaMax + noise, "lambda_max");
      assertEquals(lambdaMin, e.lambdaMin(), 2 * tol * (lambdaMin + config.eps()) + noise,
          "lambda_min");
    }
  }

  /**
   * The mean of the gradient estimates over 600 seeds is the exact gradient:
   * {@code ||mean - exact||^2 <= 9 sum_ij Var(mean_ij)} (plus rounding).
   */
  @Property(seed = Seeds.FIXED, tries = 20)
  void gradientEstimateIsUnbiased(@ForAll("small") MatrixCase m) {
    m.collectStatistics();
    CmrConfig config = Configs.FULL;
    int size = m.w().length;
    double[] exact = new double[size];
    new CmrRegularizer(config).valueAndGradient(m.w(), m.rows(), m.cols(), exact);
    MatrixFreeCmr estimator = new MatrixFreeCmr(config, tight(4));
    int seeds = 600;
    double[] mean = new double[size];
    double[] squares = new double[size];
    double[] g = new double[size];
    for (int seed = 0; seed < seeds; seed++) {
      estimator.valueAndGradient(m.w(), m.rows(), m.cols(), seed, null, g);
      for (int i = 0; i < size; i++) {
        mean[i] += g[i];
        squares[i] += g[i] * g[i];
      }
    }
    double error = 0;
    double variance = 0;
    for (int i = 0; i < size; i++) {
      mean[i] /= seeds;
      double e = mean[i] - exact[i];
      error += e * e;
      variance += Math.max(0, squares[i] / seeds - mean[i] * mean[i]) / seeds;
    }
    double rounding = 1e-9 * Dense.frobenius(exact);
    assertTrue(error <= 9 * variance + rounding * rounding, "||mean - exact||^2 = " + error
        + ", summed variance of the mean " + variance + ", ||exact|| "
        + Dense.frobenius(exact));
  }

  /** {@code V_k = 2 (||T_k||_F^2 - sum_i T_k,ii^2) / n^2} of {@code T_k((G - cI)/d)}. */
  private static double[] exactVariances(double[] gram, int n, double c, double d, int order) {
    double[] ghat = new double[n * n];
    for (int i = 0; i < n * n; i++) {
      ghat[i] = gram[i] / d;
    }
    for (int i = 0; i < n; i++) {
      ghat[i * n + i] -= c / d;
    }
    double[] previous = new double[n * n];
    for (int i = 0; i < n; i++) {
      previous[i * n + i] = 1;
    }
    double[] current = ghat.clone();
    double[] variances = new double[order + 1];
    for (int k = 1; k <= order; k++) {
      double frob = 0;
      double diagonal = 0;
      for (int i = 0; i < n * n; i++) {
        frob += current[i] * current[i];
      }
      for (int i = 0; i < n; i++) {
        diagonal += current[i * n + i] * current[i * n + i];
      }
      variances[k] = 2 * (frob - diagonal) / ((double) n * n);
      double[] next = Dense.multiply(ghat, current, n, n, n);
      for (int i = 0; i < n * n; i++) {
        next[i] = 2 * next[i] - previous[i];
      }
      previous = current;
      current = next;
    }
    return variances;
  }
}
