package dev.cmr.properties;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Arbitraries shared by the property classes: shapes from 1x1 to {@code maxDim}, most of them
 * small so that a run stays fast, and matrices with prescribed spectra ({@link SpectrumKind})
 * at scales from {@code 1e-150} to just under {@code 1e150} (the engine rejects entries above
 * {@code 1e150}).
 */
final class Generators {
  private Generators() {}

  /** Largest scale used: entries of {@code W} stay below the engine's limit {@code 1e150}. */
  static final double MAX_SCALE = 0.99e150;

  /** A matrix shape. */
  record Shape(int rows, int cols) {}

  /**
   * Shapes with both dimensions in {@code [1, maxDim]}: 60% up to 8, 25% up to 40, 12% skewed
   * (one side 1 to 4, vectors included), 3% large (above 40). Edge cases: 1x1, 1xn, nx1.
   */
  static Arbitrary<Shape> shapes(int maxDim) {
    int small = Math.min(8, maxDim);
    int medium = Math.min(40, maxDim);
    Arbitrary<Integer> smallSide = Arbitraries.integers().between(1, small);
    Arbitrary<Integer> mediumSide = Arbitraries.integers().between(1, medium);
    Arbitrary<Shape> smallShapes = Combinators.combine(smallSide, smallSide).as(Shape::new);
    Arbitrary<Shape> mediumShapes = Combinators.combine(mediumSide, mediumSide).as(Shape::new);
    Arbitrary<Shape> skewed = Combinators.combine(Arbitraries.integers().between(1, 4),
        mediumSide, Arbitraries.of(true, false))
        .as((thin, other, flip) -> flip ? new Shape(thin, other) : new Shape(other, thin));
    Arbitrary<Shape> shapes;
    if (maxDim > 40) {
      Arbitrary<Integer> largeSide = Arbitraries.integers().between(41, maxDim);
      Arbitrary<Shape> large = Combinators.combine(largeSide, largeSide).as(Shape::new);
      shapes = Arbitraries.frequencyOf(Tuple.of(60, smallShapes), Tuple.of(25, mediumShapes),
          Tuple.of(12, skewed), Tuple.of(3, large));
    } else {
      shapes = Arbitraries.frequencyOf(Tuple.of(60, smallShapes), Tuple.of(28, mediumShapes),
          Tuple.of(12, skewed));
    }
    return shapes.edgeCases(config -> config.add(new Shape(1, 1),
        new Shape(1, medium), new Shape(medium, 1), new Shape(2, 2)));
  }

  /**
   * Spectrum families, weighted: geometric 25, random 15, clustered, repeated, tied edges and
   * rank-deficient 12 each, kappa = 1 6, zero 2.
   */
  static Arbitrary<SpectrumKind> kinds(SpectrumKind... allowed) {
    SpectrumKind[] kinds = allowed.length == 0 ? SpectrumKind.values() : allowed;
    List<Tuple.Tuple2<Integer, SpectrumKind>> weighted = new ArrayList<>();
    for (SpectrumKind kind : kinds) {
      weighted.add(Tuple.of(weight(kind), kind));
    }
    // deliberate edge cases: ties at both edges and kappa = 1 (the zero matrix is rare but drawn)
    return Arbitraries.frequency(weighted).edgeCases(config -> config.includeOnly(
        SpectrumKind.TIED_EDGES, SpectrumKind.KAPPA_ONE));
  }

  private static int weight(SpectrumKind kind) {
    return switch (kind) {
      case GEOMETRIC -> 25;
      case RANDOM -> 15;
      case CLUSTERED, REPEATED, TIED_EDGES, RANK_DEFICIENT -> 12;
      case KAPPA_ONE -> 6;
      case ZERO -> 2;
    };
  }

  /**
   * Matrices {@code Q diag(s) P^T} with Haar {@code Q}, {@code P}.
   *
   * @param maxDim largest dimension
   * @param minLog10Scale smallest {@code log10 s_1}
   * @param maxLog10Scale largest {@code log10 s_1} (capped at {@link #MAX_SCALE})
   * @param maxLog10Kappa largest {@code log10} of the prescribed condition number (the smallest
   *     is 0); bounds have at most three decimals
   * @param lump whether to {@link #lumpNearEdges lump values near an edge} onto it
   * @param allowed spectrum families (all when empty)
   */
  static Arbitrary<MatrixCase> matrices(int maxDim, double minLog10Scale, double maxLog10Scale,
      double maxLog10Kappa, boolean lump, SpectrumKind... allowed) {
    Arbitrary<Double> logKappa = Arbitraries.doubles().between(0, maxLog10Kappa).ofScale(3);
    return Combinators.combine(shapes(maxDim), kinds(allowed), logKappa,
        logScales(minLog10Scale, maxLog10Scale), Arbitraries.longs())
        .as((shape, kind, lk, ls, seed) -> build(shape.rows(), shape.cols(), kind,
            Math.pow(10, lk), Math.min(Math.pow(10, ls), MAX_SCALE), seed, lump));
  }

  /**
   * {@code log10} of the scale: 75% in {@code [-3, 3]} (clipped to the range), 20% anywhere in
   * the range, 5% exactly at its ends.
   */
  static Arbitrary<Double> logScales(double min, double max) {
    double lo = Math.max(min, Math.min(-3, max));
    double hi = Math.min(max, Math.max(3, min));
    return Arbitraries.frequencyOf(
        Tuple.of(75, Arbitraries.doubles().between(lo, hi).ofScale(3)),
        Tuple.of(20, Arbitraries.doubles().between(min, max).ofScale(3)),
        Tuple.of(5, Arbitraries.of(min, max)));
  }

  /** Builds one case; deterministic in its arguments. */
  static MatrixCase build(int rows, int cols, SpectrumKind kind, double kappa, double scale,
      long seed, boolean lump) {
    SplittableRandom random = new SplittableRandom(seed);
    int r = Math.min(rows, cols);
    double[] s = spectrum(kind, r, kappa, random);
    if (lump) {
      lumpNearEdges(s);
    }
    for (int i = 0; i < r; i++) {
      s[i] *= scale;
    }
    double[] w = RandomMatrices.withSingularValues(rows, cols, s, random);
    return new MatrixCase(rows, cols, kind, kappa, scale, s, seed, lump, w);
  }

  /** A descending spectrum of length {@code r} with largest value 1 (0 for ZERO). */
  static double[] spectrum(SpectrumKind kind, int r, double kappa, SplittableRandom random) {
    double[] s = new double[r];
    double logKappa = Math.log(kappa);
    switch (kind) {
      case RANDOM -> {
        for (int i = 0; i < r; i++) {
          s[i] = Math.exp(-random.nextDouble() * logKappa);
        }
        sortDescending(s);
        s[0] = 1;
        if (r > 1) {
          s[r - 1] = 1 / kappa;
        }
      }
      case GEOMETRIC -> {
        for (int i = 0; i < r; i++) {
          s[i] = r == 1 ? 1 : Math.exp(-logKappa * i / (r - 1));
        }
      }
      case CLUSTERED -> {
        int clusters = 1 + random.nextInt(Math.min(3, r));
        double[] centres = new double[clusters];
        centres[0] = 1;
        for (int c = 1; c < clusters; c++) {
          centres[c] = Math.exp(-random.nextDouble() * logKappa);
        }
        double width = random.nextBoolean() ? 1e-3 : 1e-6;
        for (int i = 0; i < r; i++) {
          double centre = centres[i < clusters ? i : random.nextInt(clusters)];
          s[i] = centre * (1 + width * (random.nextDouble() - 0.5));
        }
        sortDescending(s);
      }
      case REPEATED -> {
        double[] levels = {1, 1 / Math.sqrt(kappa), 1 / kappa};
        int count = 1 + random.nextInt(Math.min(3, r));
        for (int i = 0; i < r; i++) {
          s[i] = levels[i < count ? i : random.nextInt(count)];
        }
        sortDescending(s);
      }
      case TIED_EDGES -> {
        int top = r < 2 ? r : 1 + random.nextInt(Math.max(1, r / 2));
        int bottom = r < 2 ? 0 : 1 + random.nextInt(Math.max(1, (r - top + 1) / 2));
        bottom = Math.min(bottom, r - top);
        for (int i = 0; i < r; i++) {
          if (i < top) {
            s[i] = 1;
          } else if (i >= r - bottom) {
            s[i] = 1 / kappa;
          } else {
            // geometric interior strictly between the edges
            double t = (i - top + 1.0) / (r - top - bottom + 1.0);
            s[i] = Math.exp(-logKappa * t);
          }
        }
      }
      case RANK_DEFICIENT -> {
        for (int i = 0; i < r; i++) {
          s[i] = Math.exp(-random.nextDouble() * logKappa);
        }
        sortDescending(s);
        s[0] = 1;
        int zeros = r == 1 ? 1 : 1 + random.nextInt(r - 1);
        Arrays.fill(s, r - zeros, r, 0.0);
        if (r == 1) {
          s[0] = 0;
        }
      }
      case KAPPA_ONE -> Arrays.fill(s, 1.0);
      case ZERO -> Arrays.fill(s, 0.0);
    }
    return s;
  }

  /** Band of {@link #lumpNearEdges} in Gram-noise units ({@code 64 r eps lambda_max}). */
  static final double LUMP_BAND = 1e6;

  /**
   * Sets every value whose square lies within {@code LUMP_BAND} Gram-noise units
   * ({@code 64 r eps lambda_max}, see {@link MatrixCase#gramNoise}) of an edge's square exactly
   * onto that edge. The engine works on Gram eigenvalues, whose absolute error is about that
   * noise: values closer than its tie tolerance ({@code 32 r eps lambda_max}) are averaged as a
   * tie, and the eigenvectors of values a little further away are determined only to
   * {@code noise / gap}. Each value is therefore either exactly tied with an edge or
   * clearly apart from it, so two computations (rotated, perturbed) agree to the tolerance.
   */
  static void lumpNearEdges(double[] s) {
    int r = s.length;
    if (r < 2 || s[0] == 0) {
      return;
    }
    double lambdaMax = s[0] * s[0];
    double band = LUMP_BAND * 64.0 * r * Dense.EPS * lambdaMax;
    double bottom = s[r - 1] * s[r - 1];
    if (lambdaMax - bottom <= band) {
      Arrays.fill(s, s[0]);
      return;
    }
    for (int i = 1; i < r - 1; i++) {
      double lambda = s[i] * s[i];
      if (lambdaMax - lambda <= band) {
        s[i] = s[0];
      } else if (lambda - bottom <= band) {
        s[i] = s[r - 1];
      }
    }
  }

  private static void sortDescending(double[] s) {
    Arrays.sort(s);
    for (int i = 0, j = s.length - 1; i < j; i++, j--) {
      double t = s[i];
      s[i] = s[j];
      s[j] = t;
    }
  }
}
