package dev.cmr.bench.runner;

import dev.cmr.engine.Chebyshev;
import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.EdgeWarmStart;
import dev.cmr.engine.Lanczos;
import dev.cmr.engine.MatrixFreeCmr;
import dev.cmr.engine.MatrixFreeEstimate;
import dev.cmr.engine.MatrixFreeOptions;
import dev.cmr.engine.SpectralMethod;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs the side-by-side spectral-step measurement: exact CMR against matrix-free CMR (cold and
 * warm-started) on square layers, with the estimators' errors against the known spectrum.
 *
 * <p>Per size: build the test matrix (float, as in training) and its exact moments; one
 * untimed call per contender in the first size (the JIT); then rounds in which every
 * contender takes one sample, the first contender rotating from round to round so slow drifts
 * of a shared machine hit all alike. The warm contender's previous step (an untimed call on
 * the matrix perturbed by {@code 1e-3} in relative Frobenius norm) runs before each of its
 * samples. Medians are reported.
 */
public final class SpectralBench {
  private static final double WARM_PERTURBATION = 1e-3;

  private final SpectralOptions options;
  private final PrintStream log;
  private final CmrConfig config = CmrConfig.defaults();

  /**
   * Creates the runner.
   *
   * @param options the settings
   * @param log where progress lines go (standard error in the tool)
   */
  public SpectralBench(SpectralOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /**
   * Runs every size.
   *
   * @return the report as a JSON-ready map
   */
  public Map<String, Object> run() {
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    List<Map<String, Object>> rows = new ArrayList<>();
    MatrixFreeOptions mf = new MatrixFreeOptions(SpectralMethod.MATRIX_FREE, options.probes(),
        Lanczos.Options.defaults());
    boolean first = true;
    for (int n : options.sizes()) {
      log.printf(Locale.ROOT, "cmr bench spectral: %dx%d (%d/%d)%n", n, n, rows.size() + 1,
          options.sizes().size());
      rows.add(measure(n, mf, first));
      first = false;
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "spectral");
    report.put("started", started.toString());
    report.put("seconds", (System.nanoTime() - startNanos) * 1e-9);
    report.put("threads", options.threads());
    report.put("load_average", loadAverage());
    report.put("probes", options.probes());
    report.put("order", config.maxOrder());
    report.put("kappa", options.kappa());
    report.put("lanczos_max_iterations", mf.lanczos().maxIterations());
    report.put("lanczos_tolerance", mf.lanczos().tolerance());
    report.put("seed", options.seed());
    report.put("sizes", rows);
    report.put("crossover_cold", crossover(rows, "speedup_cold"));
    report.put("crossover_warm", crossover(rows, "speedup_warm"));
    return report;
  }

  private Map<String, Object> measure(int n, MatrixFreeOptions mf, boolean first) {
    SplittableRandom random = new SplittableRandom(options.seed() * 31 + n);
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.pow(options.kappa(), -i / (double) (n - 1));
    }
    float[] w = testMatrix(n, s, random);
    float[] previous = w.clone();
    double frob = 0;
    for (float x : w) {
      frob += (double) x * x;
    }
    double delta = WARM_PERTURBATION * Math.sqrt(frob) / n;
    for (int i = 0; i < previous.length; i++) {
      previous[i] += (float) (delta * gaussian(random));
    }
    double lambdaMax = s[0] * s[0];
    double lambdaMin = s[n - 1] * s[n - 1];
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = s[i] * s[i];
    }
    double[] exactMoments = new double[config.maxOrder() + 1];
    Chebyshev.moments(lambda, n, 0, 0.5 * (lambdaMax + lambdaMin),
        Math.max(0.5 * (lambdaMax - lambdaMin), config.eps()), config.maxOrder(),
        exactMoments);

    CmrRegularizer exact = new CmrRegularizer(config);
    MatrixFreeCmr cold = new MatrixFreeCmr(config, mf);
    MatrixFreeCmr warm = new MatrixFreeCmr(config, mf);
    float[] exactGradient = new float[n * n];
    float[] coldGradient = new float[n * n];
    float[] warmGradient = new float[n * n];
    if (first) {
      exact.valueAndGradient(w, n, n, exactGradient);
      cold.valueAndGradient(w, n, n, 1, null, coldGradient);
    }
    int exactRepeats = options.repeatsFor(n, true);
    int freeRepeats = options.repeatsFor(n, false);
    List<Double> exactTimes = new ArrayList<>();
    List<Double> coldTimes = new ArrayList<>();
    List<Double> warmTimes = new ArrayList<>();
    List<Double> edgeErrors = new ArrayList<>();
    List<Double> momentErrors = new ArrayList<>();
    List<Double> standardErrors = new ArrayList<>();
    List<Double> gradientErrors = new ArrayList<>();
    List<Double> coldIterations = new ArrayList<>();
    List<Double> warmIterations = new ArrayList<>();
    boolean haveExactGradient = first;
    int rounds = Math.max(exactRepeats, freeRepeats);
    for (int round = 0; round < rounds; round++) {
      for (int slot = 0; slot < 3; slot++) {
        int contender = (slot + round) % 3;
        long seed = MatrixFreeCmr.probeSeed(options.seed(), round, n);
        if (contender == 0 && round < exactRepeats) {
          long t0 = System.nanoTime();
          exact.valueAndGradient(w, n, n, exactGradient);
          exactTimes.add((System.nanoTime() - t0) * 1e-9);
          haveExactGradient = true;
        } else if (contender == 1 && round < freeRepeats) {
          long t0 = System.nanoTime();
          cold.valueAndGradient(w, n, n, seed, null, coldGradient);
          coldTimes.add((System.nanoTime() - t0) * 1e-9);
          MatrixFreeEstimate e = cold.lastEstimate();
          coldIterations.add((double) e.lanczosIterations());
          record(e, lambdaMax, lambdaMin, exactMoments, edgeErrors, momentErrors,
              standardErrors);
        } else if (contender == 2 && round < freeRepeats) {
          EdgeWarmStart state = new EdgeWarmStart();
          warm.valueAndGradient(previous, n, n, seed ^ 1, state, warmGradient);
          long t0 = System.nanoTime();
          warm.valueAndGradient(w, n, n, seed, state, warmGradient);
          warmTimes.add((System.nanoTime() - t0) * 1e-9);
          MatrixFreeEstimate e = warm.lastEstimate();
          warmIterations.add((double) e.lanczosIterations());
          record(e, lambdaMax, lambdaMin, exactMoments, edgeErrors, momentErrors,
              standardErrors);
          if (haveExactGradient) {
            gradientErrors.add(relativeDifference(warmGradient, exactGradient));
          }
        }
      }
    }
    Map<String, Object> row = new LinkedHashMap<>();
    double exactSeconds = median(exactTimes);
    double coldSeconds = median(coldTimes);
    double warmSeconds = median(warmTimes);
    row.put("n", n);
    row.put("exact_seconds", exactSeconds);
    row.put("matrix_free_cold_seconds", coldSeconds);
    row.put("matrix_free_warm_seconds", warmSeconds);
    row.put("speedup_cold", exactSeconds / coldSeconds);
    row.put("speedup_warm", exactSeconds / warmSeconds);
    row.put("exact_samples", exactTimes.size());
    row.put("matrix_free_samples", coldTimes.size());
    row.put("lanczos_iterations_cold", median(coldIterations));
    row.put("lanczos_iterations_warm", median(warmIterations));
    row.put("edge_error_max", edgeErrors.stream().mapToDouble(x -> x).max().orElse(Double.NaN));
    row.put("moment_error_rms", rms(momentErrors));
    row.put("moment_error_max",
        momentErrors.stream().mapToDouble(x -> x).max().orElse(Double.NaN));
    row.put("moment_standard_error", median(standardErrors));
    row.put("gradient_relative_difference", median(gradientErrors));
    row.put("auto_choice", SpectralMethod.AUTO.resolve(n, n, config, mf).cliName());
    log.printf(Locale.ROOT, "cmr bench spectral: %d: exact %.4f s, cold %.4f s, warm %.4f s%n",
        n, exactSeconds, coldSeconds, warmSeconds);
    return row;
  }

  private void record(MatrixFreeEstimate e, double lambdaMax, double lambdaMin,
      double[] exactMoments, List<Double> edgeErrors, List<Double> momentErrors,
      List<Double> standardErrors) {
    edgeErrors.add(Math.max(Math.abs(e.lambdaMax() / lambdaMax - 1),
        Math.abs(e.lambdaMin() / lambdaMin - 1)));
    double[] m = e.moments();
    double[] se = e.standardErrors();
    double worst = 0;
    double worstSe = 0;
    for (int k = 3; k <= config.maxOrder(); k++) {
      worst = Math.max(worst, Math.abs(m[k] - exactMoments[k]));
      worstSe = Math.max(worstSe, se[k]);
    }
    momentErrors.add(worst);
    standardErrors.add(worstSe);
  }

  /**
   * {@code Q1 diag(s) Q2^T} as floats, with {@code Q = H D_2 P H D_1}: {@code H} the
   * normalized Walsh-Hadamard matrix, {@code D} random signs, {@code P} a random permutation.
   * Its singular values are {@code s} up to float rounding, and its singular vectors are
   * dense (no coordinate basis in which Hutchinson's estimator would be exact).
   */
  static float[] testMatrix(int n, double[] s, SplittableRandom random) {
    Rotation left = new Rotation(n, random);
    Rotation right = new Rotation(n, random);
    double[] b = new double[n * n];
    double[] x = new double[n];
    // row i of diag(s) Q2^T is s_i (Q2 e_i)^T
    for (int i = 0; i < n; i++) {
      Arrays.fill(x, 0);
      x[i] = 1;
      right.apply(x);
      for (int j = 0; j < n; j++) {
        b[i * n + j] = s[i] * x[j];
      }
    }
    float[] w = new float[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        x[i] = b[i * n + j];
      }
      left.apply(x);
      for (int i = 0; i < n; i++) {
        w[i * n + j] = (float) x[i];
      }
    }
    return w;
  }

  /** {@code x -> H D_2 P H D_1 x}, an orthogonal map in {@code O(n log n)}. */
  private static final class Rotation {
    private final double[] signs1;
    private final double[] signs2;
    private final int[] permutation;
    private final double[] scratch;

    Rotation(int n, SplittableRandom random) {
      signs1 = new double[n];
      signs2 = new double[n];
      permutation = new int[n];
      scratch = new double[n];
      for (int i = 0; i < n; i++) {
        signs1[i] = random.nextBoolean() ? 1 : -1;
        signs2[i] = random.nextBoolean() ? 1 : -1;
        permutation[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = permutation[i];
        permutation[i] = permutation[j];
        permutation[j] = t;
      }
    }

    void apply(double[] x) {
      int n = x.length;
      for (int i = 0; i < n; i++) {
        x[i] *= signs1[i];
      }
      hadamard(x);
      for (int i = 0; i < n; i++) {
        scratch[i] = x[permutation[i]] * signs2[i];
      }
      System.arraycopy(scratch, 0, x, 0, n);
      hadamard(x);
    }

    private static void hadamard(double[] x) {
      int n = x.length;
      for (int h = 1; h < n; h <<= 1) {
        for (int i = 0; i < n; i += h << 1) {
          for (int j = i; j < i + h; j++) {
            double a = x[j];
            double b = x[j + h];
            x[j] = a + b;
            x[j + h] = a - b;
          }
        }
      }
      double scale = 1 / Math.sqrt(n);
      for (int i = 0; i < n; i++) {
        x[i] *= scale;
      }
    }
  }

  /**
   * The smallest measured size from which matrix-free is faster than exact at every larger
   * measured size, or null when it never is.
   */
  static Integer crossover(List<Map<String, Object>> rows, String speedupKey) {
    Integer from = null;
    for (int i = rows.size() - 1; i >= 0; i--) {
      double speedup = (Double) rows.get(i).get(speedupKey);
      if (!(speedup > 1)) {
        break;
      }
      from = (Integer) rows.get(i).get("n");
    }
    return from;
  }

  /** The table printed on standard output. */
  public static String table(Map<String, Object> report) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "spectral step (value + gradient), square layers, "
        + "%s probes, K = %s, kappa %s, %s thread(s), load %s%n", report.get("probes"),
        report.get("order"), report.get("kappa"), report.get("threads"),
        report.get("load_average")));
    sb.append(String.format(Locale.ROOT, "%6s %11s %11s %11s %8s %8s %6s %10s %10s %9s %7s%n",
        "n", "exact s", "mf cold s", "mf warm s", "x cold", "x warm", "iters", "edge err",
        "moment err", "grad diff", "auto"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) report.get("sizes");
    for (Map<String, Object> r : rows) {
      sb.append(String.format(Locale.ROOT,
          "%6d %11.4f %11.4f %11.4f %8.2f %8.2f %6s %10.2e %10.4f %9.3f %7s%n",
          r.get("n"), r.get("exact_seconds"), r.get("matrix_free_cold_seconds"),
          r.get("matrix_free_warm_seconds"), r.get("speedup_cold"), r.get("speedup_warm"),
          String.format(Locale.ROOT, "%.0f/%.0f", r.get("lanczos_iterations_cold"),
              r.get("lanczos_iterations_warm")),
          r.get("edge_error_max"), r.get("moment_error_rms"),
          r.get("gradient_relative_difference"), r.get("auto_choice")));
    }
    sb.append(String.format(Locale.ROOT, "crossover (matrix-free faster from): cold %s, warm "
        + "%s%n", orNever(report.get("crossover_cold")), orNever(report.get("crossover_warm"))));
    sb.append("edge err: max relative error of lambda_max, lambda_min; moment err: rms over "
        + "samples of max_k |m_k - exact|, k = 3..K;\ngrad diff: ||g_mf - g_exact|| / "
        + "||g_exact|| of one warm step (one probe draw); iters: Lanczos steps cold/warm\n");
    return sb.toString();
  }

  private static String orNever(Object size) {
    return size == null ? "never" : size + "x" + size;
  }

  private static double relativeDifference(float[] a, float[] b) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      diff += d * d;
      norm += (double) b[i] * b[i];
    }
    return Math.sqrt(diff / norm);
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(x -> x).sorted().toArray();
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : 0.5 * (v[mid - 1] + v[mid]);
  }

  private static double rms(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v * v;
    }
    return values.isEmpty() ? Double.NaN : Math.sqrt(sum / values.size());
  }

  private static double gaussian(SplittableRandom random) {
    while (true) {
      double u = 2 * random.nextDouble() - 1;
      double v = 2 * random.nextDouble() - 1;
      double q = u * u + v * v;
      if (q > 0 && q < 1) {
        return u * Math.sqrt(-2 * Math.log(q) / q);
      }
    }
  }

  private static String loadAverage() {
    try {
      String text = Files.readString(Path.of("/proc/loadavg")).trim();
      String[] parts = text.split("\\s+");
      return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : text;
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
