package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.Svd;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Gradient correctness: the engine's closed-form gradient (from Gram eigenvalues and
 * eigenvectors) equals central differences of the value computed from the singular values
 * ({@code analyze}), for the edge term, the moment term and their sum:
 * <pre>
 *   dR/dW_ij = (R(W + h E_ij) - R(W - h E_ij)) / (2h) + O(h^2)
 * </pre>
 * (Richardson-extrapolated, so the error is {@code O(h^4)}) entry by entry for up to 64
 * entries, along six random unit directions beyond. {@code R} is
 * differentiable where the edge singular values are simple, so the matrices here have simple
 * edges, separated by at least {@code 1e-3 s_1} from their neighbours (or an edge whose terms
 * are negligible); the step {@code h} is {@code 1e-3} of the shortest length on which
 * {@code R} varies: {@code s_1}, the edge gaps, {@code sqrt(s_r^2 + eps)} and
 * {@code d / (2 s_1)}. With tied edges {@code R} is only directionally differentiable; along
 * directions that keep the ties ({@code U diag(delta) V^T}, {@code delta} constant on each
 * tied edge cluster) the engine's averaged gradient gives the derivative.
 * Tolerance: {@code 1e-6} of the gradient scale {@link GradientScale}.
 */
class GradientProperties {
  private static final double TOL = 1e-6;

  @Provide
  Arbitrary<MatrixCase> simpleEdges() {
    return Generators.matrices(12, -4, 4, 10, true, SpectrumKind.RANDOM,
        SpectrumKind.GEOMETRIC, SpectrumKind.CLUSTERED, SpectrumKind.RANK_DEFICIENT)
        .filter(m -> m.gramDetermined(Configs.EPS) && simpleEdges(m));
  }

  @Provide
  Arbitrary<MatrixCase> tiedEdges() {
    return Generators.matrices(12, -4, 4, 10, true, SpectrumKind.REPEATED,
        SpectrumKind.TIED_EDGES, SpectrumKind.KAPPA_ONE)
        .filter(m -> m.gramDetermined(Configs.EPS) && separatedClusters(m));
  }

  /** The edge term's gradient is its derivative. */
  @Property(seed = Seeds.FIXED)
  void edgeGradientMatchesDifferences(@ForAll("simpleEdges") MatrixCase m,
      @ForAll long directionSeed) {
    assertMatchesDifferences(Configs.EDGE, m, directionSeed);
  }

  /** The moment term's gradient (chain through c and d included) is its derivative. */
  @Property(seed = Seeds.FIXED)
  void momentGradientMatchesDifferences(@ForAll("simpleEdges") MatrixCase m,
      @ForAll long directionSeed) {
    assertMatchesDifferences(Configs.MOMENT, m, directionSeed);
  }

  /** The regularizer's gradient is its derivative. */
  @Property(seed = Seeds.FIXED)
  void regularizerGradientMatchesDifferences(@ForAll("simpleEdges") MatrixCase m,
      @ForAll long directionSeed) {
    assertMatchesDifferences(Configs.FULL, m, directionSeed);
  }

  /** With tied edges, the averaged gradient gives the slope along tie-preserving directions. */
  @Property(seed = Seeds.FIXED)
  void tiedEdgesGiveTheSlopeAlongTiePreservingDirections(@ForAll("tiedEdges") MatrixCase m,
      @ForAll long directionSeed) {
    m.collectStatistics();
    int r = m.rank();
    int rows = m.rows();
    int cols = m.cols();
    Svd svd = Svd.decompose(m.w(), rows, cols, true, true);
    SplittableRandom random = new SplittableRandom(directionSeed);
    double[] s = m.s();
    double top = RandomMatrices.gaussian(random);
    double bottom = RandomMatrices.gaussian(random);
    double[] delta = new double[r];
    int tiedTop = 0;
    int tiedBottom = 0;
    for (int i = 0; i < r; i++) {
      if (s[i] == s[0]) {
        delta[i] = top;
        tiedTop++;
      } else if (s[i] == s[r - 1]) {
        delta[i] = bottom;
        tiedBottom++;
      } else {
        delta[i] = RandomMatrices.gaussian(random);
      }
    }
    Statistics.label("tied at top").collect(tiedTop == 1 ? "1" : tiedTop < r ? "2+" : "all");
    Statistics.label("tied at bottom").collect(tiedBottom <= 1 ? "0-1" : "2+");
    double[] dir = Dense.compose(svd.u(), delta, svd.v(), rows, cols);
    double norm = Dense.frobenius(dir);
    Dense.axpy(1 / norm - 1, dir, dir);
    for (CmrConfig config : new CmrConfig[] {Configs.EDGE, Configs.MOMENT, Configs.FULL}) {
      CmrRegularizer reg = new CmrRegularizer(config);
      double[] g = new double[m.w().length];
      reg.valueAndGradient(m.w(), rows, cols, g);
      double h = step(m, config);
      double slope = directionalDifference(reg, m, dir, h);
      double scale = GradientScale.of(config, m);
      double error = Math.abs(slope - Dense.dot(g, dir));
      assertTrue(error <= TOL * scale, "config " + config + ": <grad, D> = " + Dense.dot(g, dir)
          + " but the difference quotient is " + slope + " (h = " + h + ", scale " + scale
          + ")");
    }
  }

  private static void assertMatchesDifferences(CmrConfig config, MatrixCase m,
      long directionSeed) {
    m.collectStatistics();
    CmrRegularizer reg = new CmrRegularizer(config);
    double[] g = new double[m.w().length];
    reg.valueAndGradient(m.w(), m.rows(), m.cols(), g);
    double h = step(m, config);
    double scale = GradientScale.of(config, m);
    double worst = 0;
    if (g.length <= 64) {
      Statistics.label("differences").collect("entrywise");
      double[] unit = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        unit[i] = 1;
        worst = Math.max(worst, Math.abs(directionalDifference(reg, m, unit, h) - g[i]));
        unit[i] = 0;
      }
    } else {
      Statistics.label("differences").collect("6 random directions");
      SplittableRandom random = new SplittableRandom(directionSeed);
      for (int t = 0; t < 6; t++) {
        double[] dir = RandomMatrices.gaussian(m.rows(), m.cols(), random);
        Dense.axpy(1 / Dense.frobenius(dir) - 1, dir, dir);
        worst = Math.max(worst,
            Math.abs(directionalDifference(reg, m, dir, h) - Dense.dot(g, dir)));
      }
    }
    assertTrue(worst <= TOL * scale, "gradient vs central differences: error " + worst
        + " exceeds " + TOL + " x gradient scale " + scale + " (h = " + h + ")");
  }

  /**
   * The derivative of {@code R} along {@code dir} by central differences with Richardson
   * extrapolation, {@code (4 D(h/2) - D(h)) / 3} with {@code D(h) = (R(W + hD) - R(W - hD))/(2h)}
   * (error {@code O(h^4)}), R from the singular values.
   */
  private static double directionalDifference(CmrRegularizer reg, MatrixCase m, double[] dir,
      double h) {
    return (4 * centralDifference(reg, m, dir, h / 2) - centralDifference(reg, m, dir, h)) / 3;
  }

  private static double centralDifference(CmrRegularizer reg, MatrixCase m, double[] dir,
      double h) {
    double[] up = Dense.axpy(h, dir, m.w().clone());
    double[] down = Dense.axpy(-h, dir, m.w().clone());
    double rUp = reg.analyze(up, m.rows(), m.cols()).regularizer();
    double rDown = reg.analyze(down, m.rows(), m.cols()).regularizer();
    return (rUp - rDown) / (2 * h);
  }

  /**
   * {@code 1e-3} of the shortest length on which R varies near W: {@code s_1}, the gap from
   * the top cluster to the next value, {@code sqrt(s_r^2 + eps)} and the gap from the bottom
   * cluster (square or tall), {@code d / (2 s_1)}.
   */
  private static double step(MatrixCase m, CmrConfig config) {
    double[] s = m.s();
    int r = m.rank();
    double eps = config.eps();
    double length = s[0];
    for (int i = 1; i < r; i++) {
      if (s[i] < s[0]) {
        length = Math.min(length, s[0] - s[i]);
        break;
      }
    }
    if (m.zeros() == 0) {
      length = Math.min(length, Math.sqrt(s[r - 1] * s[r - 1] + eps));
      for (int i = r - 2; i >= 0 && bottomMatters(m); i--) {
        if (s[i] > s[r - 1]) {
          length = Math.min(length, s[i] - s[r - 1]);
          break;
        }
      }
    }
    length = Math.min(length, m.halfWidth(eps) / (2 * s[0]));
    return 1e-3 * length;
  }

  /** Simple edges at least {@code 1e-3 s_1} from their neighbours, or a negligible bottom. */
  private static boolean simpleEdges(MatrixCase m) {
    double[] s = m.s();
    int r = m.rank();
    if (s[0] == 0) {
      return false;
    }
    if (r == 1) {
      return true;
    }
    boolean top = s[0] - s[1] >= 1e-3 * s[0];
    boolean bottom = m.zeros() > 0 || !bottomMatters(m) || s[r - 2] - s[r - 1] >= 1e-3 * s[0];
    return top && bottom;
  }

  /**
   * Whether the bottom edge contributes more than {@code 1e-10} of the gradient scale: its
   * edge coefficient {@code s_r / (s_r^2 + eps)} and its moment chain, at most
   * {@code 50 s_r / d} for the default weights.
   */
  private static boolean bottomMatters(MatrixCase m) {
    double sr = m.s()[m.rank() - 1];
    double eps = Configs.EPS;
    double weight = sr / (sr * sr + eps) + 50 * sr / m.halfWidth(eps);
    return weight > 1e-10 * GradientScale.of(Configs.FULL, m);
  }

  /** Tied clusters (and other values) at least {@code 1e-3 s_1} apart, and s_1 > 0. */
  private static boolean separatedClusters(MatrixCase m) {
    double[] s = m.s();
    if (s[0] == 0) {
      return false;
    }
    for (int i = 1; i < s.length; i++) {
      if (s[i] != s[i - 1] && s[i - 1] - s[i] < 1e-3 * s[0]) {
        return false;
      }
    }
    return true;
  }
}
