package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.LayerSpectrum;
import dev.cmr.engine.Svd;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The values the regularizer reports follow the definitions of CMR.md sections 2 to 4, from
 * the singular values {@code s} of {@code W} ({@code lambda = s^2}, {@code lambda_min = 0} for
 * wide {@code W}):
 * <pre>
 *   C = (ln(lambda_max + 1e-30) - ln(lambda_min + eps)) / 2
 *   M = sum_{k=3..K} exp(beta (k - 3)) m_k^2,     m_0 = 1,     R = alpha_1 C + alpha_2 M
 *   kappa = s_1 / (s_r + 1e-8)
 * </pre>
 * for every order {@code K} from 2 to 8, and {@code valueAndGradient} returns the same
 * {@code R} as {@code analyze} up to its Gram-noise sensitivity.
 */
class DefinitionProperties {

  @Provide
  Arbitrary<MatrixCase> matrices() {
    return Generators.matrices(60, -150, 150, 12, true);
  }

  /** Edge term, penalty, regularizer and condition number follow their definitions. */
  @Property(seed = Seeds.FIXED)
  void reportedValuesFollowTheDefinitions(@ForAll("matrices") MatrixCase m,
      @ForAll @IntRange(min = 2, max = 8) int order) {
    m.collectStatistics();
    CmrConfig config = new CmrConfig(Configs.EPS, order, 0.15, 1.0, 0.1, 0.03, 0.5);
    CmrRegularizer reg = new CmrRegularizer(config);
    LayerSpectrum spectrum = reg.analyze(m.w(), m.rows(), m.cols());
    double[] s = Svd.singularValues(m.w(), m.rows(), m.cols());
    assertEquals(s[0], spectrum.sMax(), 0.0, "s_1");
    assertEquals(s[s.length - 1], spectrum.sMin(), 0.0, "s_r");
    assertEquals(s[0] / (s[s.length - 1] + 1e-8), spectrum.conditionNumber(),
        1e-15 * spectrum.conditionNumber(), "kappa");

    double lambdaMax = s[0] * s[0];
    double lambdaMin = m.zeros() > 0 ? 0 : s[s.length - 1] * s[s.length - 1];
    double edge = 0.5 * (Math.log(lambdaMax + 1e-30) - Math.log(lambdaMin + Configs.EPS));
    assertEquals(edge, spectrum.edgeTerm(), 1e-14 * Math.max(1, Math.abs(edge)), "C");

    double[] moments = spectrum.moments();
    assertEquals(order + 1, moments.length, "moments m_0..m_K");
    assertEquals(1.0, moments[0], 1e-15, "m_0");
    double penalty = 0;
    for (int k = 3; k <= order; k++) {
      penalty += Math.exp(0.15 * (k - 3)) * moments[k] * moments[k];
    }
    assertEquals(penalty, spectrum.momentPenalty(), 1e-14 * Math.max(1, penalty), "M");
    double r = edge + 0.1 * penalty;
    assertEquals(r, spectrum.regularizer(), 1e-13 * Math.max(1, Math.abs(r)), "R");

    if (m.gramDetermined(Configs.EPS)) {
      double value = reg.valueAndGradient(m.w(), m.rows(), m.cols(), new double[m.w().length]);
      double tol = (1e-11 * Math.max(m.rows(), m.cols())
          + 10 * (m.edgeSensitivity(Configs.EPS) + m.momentSensitivity(Configs.EPS)))
          * Math.max(1, Math.abs(r));
      assertEquals(r, value, tol, "valueAndGradient vs analyze");
    }
  }
}
