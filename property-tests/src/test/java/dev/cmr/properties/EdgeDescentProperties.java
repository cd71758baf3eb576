package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.LayerSpectrum;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Monotone descent of the edge term (CMR.md section 3). A step {@code W' = W - eta dC/dW}
 * moves only the edge singular values, {@code s_1 -> s_1 - eta/s_1} and
 * {@code s_r -> s_r + eta s_r/(s_r^2 + eps)} (tied edges share the step), so for
 * <pre>
 *   0 < eta <= eta*(W) = (s_1 - s_r) / (1/s_1 + s_r/(s_r^2 + eps))
 * </pre>
 * {@code C(W') < C(W)} strictly whenever {@code s_1 > s_r}, and {@code kappa} does not grow.
 * The bound is not vacuous: at {@code eta*} the edges meet, and a step of {@code 3 eta*}
 * swaps them so far apart again that {@code C} does not decrease, for every matrix whose
 * edges are within a factor 2. {@code C} and {@code kappa} are measured with the SVD
 * ({@code analyze}); the step uses the engine's gradient, so matrices whose Gram noise could
 * spoil it are left out ({@link MatrixCase#gramDetermined}).
 *
 * <p>Scales: {@code s_1} from {@code 1e-10} to {@code 1e3}. Below about {@code 1e-15} the floor
 * in {@code ln(lambda_max + 1e-30)} makes {@code C} constant. Above about {@code 1e5} a zero
 * singular value is computed as about {@code n eps s_1}, far above {@code sqrt(eps)}, where
 * {@code s_r/(s_r^2 + eps) = 1/s_r} is huge and {@code eta*} from the computed values shrinks
 * to a step that double precision cannot resolve.
 */
class EdgeDescentProperties {

  @Provide
  Arbitrary<MatrixCase> separatedEdges() {
    return Generators.matrices(80, -10, 3, 12, true, SpectrumKind.RANDOM,
        SpectrumKind.GEOMETRIC, SpectrumKind.CLUSTERED, SpectrumKind.REPEATED,
        SpectrumKind.TIED_EDGES, SpectrumKind.RANK_DEFICIENT)
        .filter(m -> m.gramDetermined(Configs.EPS) && m.s()[0] > m.s()[m.rank() - 1]);
  }

  /** Fractions of {@code eta*}: log-uniform in {@code [1e-3, 1]}, with 1 as an edge case. */
  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.doubles().between(-3, 0).map(e -> Math.pow(10, e))
        .edgeCases(config -> config.add(1.0));
  }

  /** Square or tall, r >= 2, edges within a factor 2, scale 1 to 100 (eps negligible). */
  @Provide
  Arbitrary<MatrixCase> closeEdges() {
    return Generators.matrices(40, 0, 2, 0.301, false, SpectrumKind.RANDOM,
        SpectrumKind.GEOMETRIC)
        .filter(m -> m.rows() >= m.cols() && m.cols() >= 2
            && m.s()[0] >= 1.001 * m.s()[m.rank() - 1]);
  }

  /** {@code C} decreases strictly and {@code kappa} does not grow for a step within eta*. */
  @Property(seed = Seeds.FIXED)
  void stepWithinEtaStarDecreasesTheEdgeTerm(@ForAll("separatedEdges") MatrixCase m,
      @ForAll("fractions") double fraction) {
    m.collectStatistics();
    Statistics.label("fraction of eta*").collect(fraction == 1 ? "1" : fraction >= 0.1
        ? ">=0.1" : "<0.1");
    CmrRegularizer edge = new CmrRegularizer(Configs.EDGE);
    double eta = fraction * edge.etaStar(m.w(), m.rows(), m.cols());
    assertTrue(eta > 0, "eta* must be positive when s_1 > s_r: " + eta);
    LayerSpectrum before = edge.analyze(m.w(), m.rows(), m.cols());
    LayerSpectrum after = edge.analyze(step(edge, m, eta), m.rows(), m.cols());
    assertTrue(after.edgeTerm() < before.edgeTerm(), "C did not decrease at " + fraction
        + " eta*: " + before.edgeTerm() + " -> " + after.edgeTerm());
    // the SVD of a rounded W carries an absolute error near n eps s_1 in s_r
    int n = Math.max(m.rows(), m.cols());
    double tol = 1e-12 + 100 * n * Dense.EPS * before.sMax() / (before.sMin() + 1e-8);
    assertTrue(after.conditionNumber() <= before.conditionNumber() * (1 + tol),
        "kappa grew at " + fraction + " eta*: " + before.conditionNumber() + " -> "
        + after.conditionNumber());
  }

  /** A step of {@code 3 eta*} does not decrease {@code C} when the edges are close. */
  @Property(seed = Seeds.FIXED)
  void stepOfThreeEtaStarCanFail(@ForAll("closeEdges") MatrixCase m) {
    m.collectStatistics();
    CmrRegularizer edge = new CmrRegularizer(Configs.EDGE);
    double eta = 3 * edge.etaStar(m.w(), m.rows(), m.cols());
    LayerSpectrum before = edge.analyze(m.w(), m.rows(), m.cols());
    LayerSpectrum after = edge.analyze(step(edge, m, eta), m.rows(), m.cols());
    assertTrue(after.edgeTerm() >= before.edgeTerm(), "3 eta* still decreased C: "
        + before.edgeTerm() + " -> " + after.edgeTerm());
  }

  /** When all singular values are equal, {@code eta*} is 0 up to rounding. */
  @Property(seed = Seeds.FIXED)
  void etaStarVanishesForEqualSingularValues(@ForAll("equalValues") MatrixCase m) {
    m.collectStatistics();
    double eta = new CmrRegularizer(Configs.EDGE).etaStar(m.w(), m.rows(), m.cols());
    int n = Math.max(m.rows(), m.cols());
    double s1 = m.s()[0];
    assertTrue(eta >= 0 && eta <= 100 * n * Dense.EPS * s1 * s1, "eta* = " + eta);
  }

  @Provide
  Arbitrary<MatrixCase> equalValues() {
    return Generators.matrices(40, -150, 150, 0, false, SpectrumKind.KAPPA_ONE,
        SpectrumKind.ZERO);
  }

  /**
   * The smallest counterexample: {@code W = diag(2, 1)} has {@code eta* = 1/(1/2 + 1/(1 + eps))},
   * about 2/3; at {@code 3 eta*} the singular values become about 1 and 3, so {@code C} grows
   * from {@code ln 2} to about {@code ln 3}.
   */
  @Example
  void diagonalTwoOneOvershoots() {
    double[] w = {2, 0, 0, 1};
    CmrRegularizer edge = new CmrRegularizer(Configs.EDGE);
    double etaStar = edge.etaStar(w, 2, 2);
    assertEquals(1 / (0.5 + 1 / (1 + Configs.EPS)), etaStar, 1e-15);
    double[] g = new double[4];
    edge.valueAndGradient(w, 2, 2, g);
    double[] stepped = Dense.axpy(-3 * etaStar, g, w.clone());
    LayerSpectrum after = edge.analyze(stepped, 2, 2);
    double s2 = 1 + 3 * etaStar / (1 + Configs.EPS);
    double s1 = 2 - 3 * etaStar / 2;
    assertEquals(s2, after.sMax(), 1e-12);
    assertEquals(s1, after.sMin(), 1e-12);
    assertTrue(after.edgeTerm() > edge.analyze(w, 2, 2).edgeTerm());
  }

  private static double[] step(CmrRegularizer edge, MatrixCase m, double eta) {
    double[] g = new double[m.w().length];
    edge.valueAndGradient(m.w(), m.rows(), m.cols(), g);
    return Dense.axpy(-eta, g, m.w().clone());
  }
}
