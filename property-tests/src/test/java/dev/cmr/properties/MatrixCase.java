package dev.cmr.properties;

import java.util.Locale;
import net.jqwik.api.statistics.Statistics;

/**
 * A generated matrix {@code W = Q diag(s) P^T} ({@code rows x cols}, row-major) with its
 * prescribed singular values {@code s} (descending, scaled), the family they came from and the
 * seed of its orthogonal factors. {@code w} is computed in double, so its true singular values
 * differ from {@code s} by rounding, about {@code r eps s_1}.
 */
record MatrixCase(int rows, int cols, SpectrumKind kind, double kappa, double scale,
    double[] s, long seed, boolean lumped, double[] w) {

  /** {@code r = min(rows, cols)}. */
  int rank() {
    return s.length;
  }

  /** {@code p = max(0, cols - rows)}: the extra zero eigenvalues of {@code W^T W}. */
  int zeros() {
    return Math.max(0, cols - rows);
  }

  /** {@code lambda_max = s_1^2}. */
  double lambdaMax() {
    return s[0] * s[0];
  }

  /** {@code lambda_min}: {@code s_r^2}, or 0 for a wide matrix. */
  double lambdaMin() {
    return zeros() > 0 ? 0 : s[s.length - 1] * s[s.length - 1];
  }

  /** {@code ||W||_F} from the prescribed values. */
  double frobenius() {
    double big = s[0];
    if (big == 0) {
      return 0;
    }
    double sum = 0;
    for (double v : s) {
      sum += (v / big) * (v / big);
    }
    return big * Math.sqrt(sum);
  }

  /**
   * A bound on the absolute error of the Gram eigenvalues the engine computes:
   * {@code 64 r eps lambda_max} (the Gram product and the tridiagonal QR each add a few
   * {@code r eps lambda_max}).
   */
  double gramNoise() {
    return 64.0 * Math.max(rank(), 1) * Dense.EPS * lambdaMax();
  }

  /** {@code d = max((lambda_max - lambda_min) / 2, eps)}, the normalization's half-width. */
  double halfWidth(double eps) {
    return Math.max(0.5 * (lambdaMax() - lambdaMin()), eps);
  }

  /**
   * Relative error that the Gram noise puts on the engine's bottom edge term:
   * {@code noise / (lambda_min + eps)}; 0 for a wide matrix, whose {@code lambda_min} is an
   * exact 0.
   */
  double edgeSensitivity(double eps) {
    return zeros() > 0 ? 0 : gramNoise() / (lambdaMin() + eps);
  }

  /** Error that the Gram noise puts on the normalized eigenvalues: {@code noise / d}. */
  double momentSensitivity(double eps) {
    return gramNoise() / halfWidth(eps);
  }

  /**
   * Angle error that the Gram noise puts on the edge eigenvectors: {@code noise / gap}, with
   * {@code gap} the distance in {@code lambda} from an edge cluster (exactly tied values) to
   * the nearest other eigenvalue; the bottom counts only for square or tall matrices. 0 when
   * all values are tied.
   */
  double vectorSensitivity() {
    int r = rank();
    double gap = Double.POSITIVE_INFINITY;
    for (int i = 1; i < r; i++) {
      if (s[i] < s[0]) {
        gap = Math.min(gap, lambdaMax() - s[i] * s[i]);
        break;
      }
    }
    if (zeros() == 0) {
      for (int i = r - 2; i >= 0; i--) {
        if (s[i] > s[r - 1]) {
          gap = Math.min(gap, s[i] * s[i] - lambdaMin());
          break;
        }
      }
    }
    return gap == Double.POSITIVE_INFINITY ? 0 : gramNoise() / gap;
  }

  /**
   * Whether the engine's Gram-based value and gradient are determined to about 1e-6 of their
   * scale: {@code edgeSensitivity <= 1e-7} and {@code momentSensitivity <= 1e-9}. Outside,
   * for example a tall matrix at scale 1e100 with {@code kappa = 1e6}, the computed
   * {@code lambda_min} is rounding noise and so is the bottom edge gradient.
   */
  boolean gramDetermined(double eps) {
    return edgeSensitivity(eps) <= 1e-7 && momentSensitivity(eps) <= 1e-9;
  }

  /** Shape class for the statistics. */
  String shapeClass() {
    if (rows == 1 && cols == 1) {
      return "1x1";
    }
    if (rows == 1) {
      return "row vector";
    }
    if (cols == 1) {
      return "column vector";
    }
    if (rows == cols) {
      return "square";
    }
    return rows > cols ? "tall" : "wide";
  }

  /** Size class for the statistics: largest dimension. */
  String sizeClass() {
    int n = Math.max(rows, cols);
    return n <= 8 ? "n<=8" : n <= 40 ? "n<=40" : n <= 100 ? "n<=100" : "n>100";
  }

  /** Scale class for the statistics. */
  String scaleClass() {
    double e = Math.log10(scale);
    if (e < -100) {
      return "scale<1e-100";
    }
    if (e < -3) {
      return "scale<1e-3";
    }
    if (e <= 3) {
      return "1e-3<=scale<=1e3";
    }
    return e <= 100 ? "scale<=1e100" : "scale>1e100";
  }

  /** Condition class for the statistics, from the prescribed values. */
  String conditionClass() {
    double last = s[s.length - 1];
    if (s[0] == 0 || last == 0) {
      return "singular";
    }
    double k = s[0] / last;
    return k == 1 ? "kappa=1" : k <= 1e3 ? "kappa<=1e3" : k <= 1e8 ? "kappa<=1e8" : "kappa>1e8";
  }

  /** Labels this case's shape, size, family, scale and condition in the jqwik statistics. */
  void collectStatistics() {
    Statistics.label("shape").collect(shapeClass());
    Statistics.label("size").collect(sizeClass());
    Statistics.label("spectrum").collect(kind);
    Statistics.label("scale").collect(scaleClass());
    Statistics.label("condition").collect(conditionClass());
  }

  /** The call that rebuilds this case exactly, for a regression {@code @Example}. */
  String reproducer() {
    return "Generators.build(" + rows + ", " + cols + ", SpectrumKind." + kind + ", " + kappa
        + ", " + scale + ", " + seed + "L, " + lumped + ")";
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%dx%d %s kappa=%.3g scale=%.3g s=[%s] from %s", rows,
        cols, kind, kappa, scale, head(), reproducer());
  }

  private String head() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < Math.min(s.length, 6); i++) {
      b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", s[i]));
    }
    return s.length > 6 ? b + ", ... " + String.format(Locale.ROOT, "%.4g", s[s.length - 1])
        : b.toString();
  }
}
