package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.LayerSpectrum;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Orthogonal invariance (CMR.md section 5). For orthogonal {@code Q} ({@code out x out}) and
 * {@code P} ({@code in x in}), {@code (QWP)^T (QWP) = P^T G P} has the spectrum of {@code G},
 * so
 * <pre>
 *   R(QWP) = R(W)        and        grad R(QWP) = Q grad R(W) P
 * </pre>
 * for the edge term alone, the moment term alone and their sum; {@code Q} and {@code P} are
 * Haar-random. Tolerances: the value to {@code 1e-11 n + 10 (sB + sM)} relative, the gradient
 * to {@code 1e-9 + 100 (sB + sM) + 10 sV} of its scale {@link GradientScale}, where {@code sB},
 * {@code sM} and {@code sV} are the Gram-noise sensitivities of {@link MatrixCase} (edge value,
 * normalization, edge eigenvectors). Matrices whose
 * sensitivities are not small are left out here ({@link MatrixCase#gramDetermined}); over the
 * whole range of scales the value and gradient are only required to be finite and the moments
 * to lie in {@code [-1, 1]} up to the rounding of the normalization.
 */
class OrthogonalInvarianceProperties {

  @Provide
  Arbitrary<MatrixCase> determined() {
    return Generators.matrices(120, -150, 150, 12, true)
        .filter(m -> m.gramDetermined(Configs.EPS));
  }

  @Provide
  Arbitrary<MatrixCase> anyScale() {
    return Generators.matrices(60, -150, 150, 12, false);
  }

  /** {@code C(QWP) = C(W)} and {@code grad C(QWP) = Q grad C(W) P}. */
  @Property(seed = Seeds.FIXED)
  void edgeTermIsInvariant(@ForAll("determined") MatrixCase m, @ForAll long rotationSeed) {
    assertInvariant(Configs.EDGE, m, rotationSeed);
  }

  /** {@code M(QWP) = M(W)} and {@code grad M(QWP) = Q grad M(W) P}. */
  @Property(seed = Seeds.FIXED)
  void momentTermIsInvariant(@ForAll("determined") MatrixCase m, @ForAll long rotationSeed) {
    assertInvariant(Configs.MOMENT, m, rotationSeed);
  }

  /** {@code R = C + 0.1 M} is invariant with its gradient. */
  @Property(seed = Seeds.FIXED)
  void regularizerIsInvariant(@ForAll("determined") MatrixCase m, @ForAll long rotationSeed) {
    assertInvariant(Configs.FULL, m, rotationSeed);
  }

  /**
   * At every accepted scale, {@code 1e-150} to {@code 1e150}, the value and gradient are
   * finite, and every moment obeys {@code |m_k| <= T_k(1 + delta)}: each normalized eigenvalue
   * {@code x = (lambda - c) / d} lies in {@code [-1, 1]} up to the rounding of {@code c},
   * {@code delta = 4 ulp(lambda_max) / d}, and {@code |T_k| <= T_k(1 + delta)} there. (With
   * {@code d} on its floor {@code eps} and {@code lambda_max} above about {@code 1e9},
   * {@code delta} is not small: the moments of a nearly tied spectrum at a large scale are
   * rounding noise, see the report of this module.)
   */
  @Property(seed = Seeds.FIXED)
  void valuesAreFiniteAndMomentsBoundedAtEveryScale(@ForAll("anyScale") MatrixCase m) {
    m.collectStatistics();
    CmrRegularizer reg = new CmrRegularizer(Configs.FULL);
    double[] g = new double[m.w().length];
    double value = reg.valueAndGradient(m.w(), m.rows(), m.cols(), g);
    assertTrue(Double.isFinite(value), "R = " + value);
    for (double x : g) {
      assertTrue(Double.isFinite(x), "gradient entry " + x);
    }
    LayerSpectrum spectrum = reg.analyze(m.w(), m.rows(), m.cols());
    assertTrue(Double.isFinite(spectrum.regularizer()) && Double.isFinite(spectrum.edgeTerm()),
        "analyze: " + spectrum);
    double lambdaMax = spectrum.sMax() * spectrum.sMax();
    double lambdaMin = m.zeros() > 0 ? 0 : spectrum.sMin() * spectrum.sMin();
    double d = Math.max(0.5 * (lambdaMax - lambdaMin), Configs.EPS);
    double delta = 4 * Math.ulp(lambdaMax) / d;
    Statistics.label("normalization rounding").collect(delta < 1e-6 ? "delta<1e-6" : "large");
    double[] moments = spectrum.moments();
    for (int k = 0; k < moments.length; k++) {
      double bound = firstKindAboveOne(k, 1 + delta) * (1 + 1e-13 * (k * k + 1));
      assertTrue(Math.abs(moments[k]) <= bound,
          "m_" + k + " = " + moments[k] + " beyond T_k(1 + " + delta + ") = " + bound);
    }
  }

  /** {@code T_k(t)} for {@code t >= 1}, where it is increasing; infinite on overflow. */
  private static double firstKindAboveOne(int k, double t) {
    double previous = 1;
    double current = t;
    if (k == 0) {
      return 1;
    }
    for (int j = 2; j <= k; j++) {
      double next = 2 * t * current - previous;
      previous = current;
      current = next;
    }
    return Double.isNaN(current) ? Double.POSITIVE_INFINITY : current;
  }

  private static void assertInvariant(CmrConfig config, MatrixCase m, long rotationSeed) {
    m.collectStatistics();
    int rows = m.rows();
    int cols = m.cols();
    SplittableRandom random = new SplittableRandom(rotationSeed);
    double[] q = RandomMatrices.haarOrthogonal(rows, random);
    double[] p = RandomMatrices.haarOrthogonal(cols, random);
    double[] qwp = Dense.sandwich(q, m.w(), p, rows, cols);

    CmrRegularizer reg = new CmrRegularizer(config);
    double[] g = new double[m.w().length];
    double[] gRotated = new double[g.length];
    double value = reg.valueAndGradient(m.w(), rows, cols, g);
    double valueRotated = reg.valueAndGradient(qwp, rows, cols, gRotated);
    double[] expected = Dense.sandwich(q, g, p, rows, cols);

    double sensitivity = m.edgeSensitivity(config.eps()) + m.momentSensitivity(config.eps());
    int n = Math.max(rows, cols);
    double valueTol = (1e-11 * n + 10 * sensitivity) * Math.max(1, Math.abs(value));
    sensitivity += 0.1 * m.vectorSensitivity();
    assertTrue(Math.abs(value - valueRotated) <= valueTol, "R(W) = " + value + ", R(QWP) = "
        + valueRotated + ", tolerance " + valueTol);

    double scale = GradientScale.of(config, m);
    if (scale == 0) {
      assertArrayEquals(new double[g.length], gRotated, 0.0, "gradient of the zero matrix");
      return;
    }
    double gradTol = (1e-9 + 100 * sensitivity) * scale;
    double error = Dense.distance(gRotated, expected);
    assertTrue(error <= gradTol, "||grad R(QWP) - Q grad R(W) P||_F = " + error
        + " exceeds " + gradTol + " (gradient scale " + scale + ")");
  }
}
