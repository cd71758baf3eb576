package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.Svd;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Bounded moment gradients (CMR.md section 4). With {@code c} and {@code d} held fixed,
 * {@code d m_k / dW = 2 W S} with {@code S = k U_{k-1}(Ghat) / (in d)}, and Markov's inequality
 * {@code |T_k'| <= k^2} on {@code [-1, 1]} gives
 * <pre>
 *   ||d m_k / dW||_F  <=  2 k^2 ||W||_F / (in d)
 * </pre>
 * for every {@code W}, whatever its condition number; a row vector ({@code x = 1} and
 * {@code x = -1} only) attains it. With {@code c} and {@code d} following {@code W}, the chain
 * through the edge eigenvalues adds at most {@code 2 k^2 (s_1 + s_r) / d}. For the whole
 * regularizer the engine documents {@code ||dR/dW||_F <= gradientBound(W)}.
 */
class MomentGradientBoundProperties {

  @Provide
  Arbitrary<MatrixCase> anyMatrix() {
    return Generators.matrices(100, -150, 150, 12, false);
  }

  @Provide
  Arbitrary<MatrixCase> determined() {
    return Generators.matrices(100, -150, 150, 12, true)
        .filter(m -> m.gramDetermined(Configs.EPS));
  }

  /**
   * Markov's bound for the held moment gradient, for every generated {@code W} and order
   * {@code 0..12}, attained by row vectors.
   */
  @Property(seed = Seeds.FIXED)
  void heldMomentGradientObeysMarkovsBound(@ForAll("anyMatrix") MatrixCase m,
      @ForAll @IntRange(min = 0, max = 12) int order) {
    m.collectStatistics();
    double[] g = new double[m.w().length];
    new CmrRegularizer(Configs.FULL).momentGradient(m.w(), m.rows(), m.cols(), order, true, g);
    double norm = Dense.frobenius(g);
    double d = normalizationLowerBound(m);
    double bound = 2.0 * order * order * Dense.frobenius(m.w()) / (m.cols() * d);
    // the matrix polynomial runs in the monomial basis: relative rounding grows like 2^k
    double slack = 1 + 1e-12 * Math.pow(2, order) * Math.max(m.rows(), m.cols());
    assertTrue(norm <= bound * slack, "||d m_" + order + "/dW||_F = " + norm
        + " exceeds 2 k^2 ||W||_F / (in d) = " + bound);
    boolean attained = m.rows() == 1 && m.cols() > 1 && 0.5 * m.lambdaMax() > Configs.EPS;
    Statistics.label("bound attained (row vector)").collect(attained);
    if (attained) {
      assertEquals(bound, norm, 1e-9 * Math.pow(2, order) * bound,
          "a row vector attains the bound");
    }
  }

  @Provide
  Arbitrary<MatrixCase> rowVectors() {
    return Combinators.combine(Arbitraries.integers().between(2, 64),
        Generators.logScales(-2, 100), Arbitraries.longs())
        .as((cols, logScale, seed) -> Generators.build(1, cols, SpectrumKind.RANDOM, 1,
            Math.pow(10, logScale), seed, false));
  }

  /**
   * A row vector attains Markov's bound: its one eigenvalue maps to {@code x = 1}, where
   * {@code T_k'(1) = k^2}, so {@code ||d m_k/dW||_F = 2 k^2 ||W||_F / (in d)} exactly.
   */
  @Property(seed = Seeds.FIXED)
  void rowVectorsAttainMarkovsBound(@ForAll("rowVectors") MatrixCase m,
      @ForAll @IntRange(min = 0, max = 12) int order) {
    m.collectStatistics();
    double[] g = new double[m.w().length];
    new CmrRegularizer(Configs.FULL).momentGradient(m.w(), 1, m.cols(), order, true, g);
    double d = 0.5 * m.lambdaMax();
    double bound = 2.0 * order * order * Dense.frobenius(m.w()) / (m.cols() * d);
    assertEquals(bound, Dense.frobenius(g), 1e-9 * Math.pow(2, order) * bound,
        "row vector, order " + order);
  }

  /** The total derivative of {@code m_k} obeys the bound with the chain through c and d. */
  @Property(seed = Seeds.FIXED)
  void totalMomentGradientObeysTheChainBound(@ForAll("determined") MatrixCase m,
      @ForAll @IntRange(min = 0, max = 12) int order) {
    m.collectStatistics();
    double[] g = new double[m.w().length];
    new CmrRegularizer(Configs.FULL).momentGradient(m.w(), m.rows(), m.cols(), order, false, g);
    double d = normalizationLowerBound(m);
    double s1 = m.s()[0];
    double sr = m.s()[m.rank() - 1];
    double bound = 2.0 * order * order / (m.cols() * d)
        * (Dense.frobenius(m.w()) + m.cols() * (s1 + sr));
    double slack = 1 + 1e-9 * Math.pow(2, order) * Math.max(m.rows(), m.cols());
    double norm = Dense.frobenius(g);
    assertTrue(norm <= bound * slack, "||dm_" + order + "/dW||_F = " + norm
        + " exceeds the chain bound " + bound);
  }

  /** {@code ||dR/dW||_F <= gradientBound(W)}, the engine's documented bound. */
  @Property(seed = Seeds.FIXED)
  void fullGradientObeysTheDocumentedBound(@ForAll("determined") MatrixCase m) {
    m.collectStatistics();
    CmrRegularizer reg = new CmrRegularizer(Configs.FULL);
    double[] g = new double[m.w().length];
    reg.valueAndGradient(m.w(), m.rows(), m.cols(), g);
    double bound = reg.gradientBound(m.w(), m.rows(), m.cols());
    double norm = Dense.frobenius(g);
    double slack = 1 + 1e-9 + 10 * (m.edgeSensitivity(Configs.EPS)
        + m.momentSensitivity(Configs.EPS));
    assertTrue(norm <= bound * slack, "||dR/dW||_F = " + norm + " exceeds gradientBound "
        + bound);
    // not vacuous: no larger than its formula with |m_k| <= 1, from the computed values
    double loose = GradientScale.of(Configs.FULL, Svd.singularValues(m.w(), m.rows(),
        m.cols()), m.rows(), m.cols(), Dense.frobenius(m.w()));
    assertTrue(bound <= loose * (1 + 1e-12), "gradientBound " + bound
        + " is looser than its formula with |m_k| <= 1: " + loose);
  }

  /**
   * A lower bound on the half-width {@code d} the engine uses: it computes
   * {@code d = max((lambda_max - lambda_min) / 2, eps)} from Gram eigenvalues whose absolute
   * error is at most the Gram noise, so its {@code d} is at least this value.
   */
  private static double normalizationLowerBound(MatrixCase m) {
    return Math.max(Configs.EPS, m.halfWidth(Configs.EPS) - m.gramNoise());
  }
}
