package dev.cmr.bench.runner;

import dev.cmr.bench.runner.Measurement.Outcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;

/**
 * Runs the side-by-side GEMM measurement: every contender on every case, in one process run.
 *
 * <p>Per case (a shape and an element type):
 * <ol>
 *   <li>Load: each contender receives the same A and B and computes C once; the first
 *       contender (ours) is the reference, every other product is checked against it with
 *       {@link Verification}.</li>
 *   <li>Calibrate: one timed call per contender sets how many calls make a sample of at least
 *       {@link GemmOptions#minSampleSeconds()}; a contender whose single call takes over a
 *       second skips the warm-up samples and takes at most three timed samples, the calibration
 *       call (its second call) being the first of them.</li>
 *   <li>Warm up for at least {@link GemmOptions#warmup()} samples and
 *       {@link GemmOptions#warmupSeconds()} (four times that in the first case), resizing the
 *       block as the JIT speeds the code up.</li>
 *   <li>Time: in each round every contender takes one sample, starting with a
 *       different contender each round, so slow drifts of a shared machine hit all alike.
 *       Whenever the contender changes (in every step), an idle pause of
 *       {@link GemmOptions#settleMillis()} comes first, so threads that the previous one left
 *       polling do not share the cores with the next.</li>
 * </ol>
 * A contender that fails is reported with its message and left out of later rounds of that
 * case; a contender that cannot open is reported as missing in every case.
 */
public final class GemmBench {
  private static final double SLOW_CALL_SECONDS = 1.0;
  private static final int SLOW_REPEATS = 3;
  private static final int MAX_WARMUP_SAMPLES = 10_000;

  private final GemmOptions options;
  private final List<Contender> contenders;
  private final PrintStream log;
  /** The contender that ran the last multiply, for {@link #settleBefore}. */
  private Contender lastRan;

  /**
   * Creates the runner.
   *
   * @param options the settings
   * @param contenders the contenders in column order; the first is the reference
   * @param log where progress lines go (standard error in the tool)
   */
  public GemmBench(GemmOptions options, List<Contender> contenders, PrintStream log) {
    if (contenders.isEmpty()) {
      throw new IllegalArgumentException("need at least one contender (the reference), got 0");
    }
    this.options = options;
    this.contenders = List.copyOf(contenders);
    this.log = log;
  }

  /** Runs every case and returns the report; closes the contenders at the end. */
  public GemmReport run() {
    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    List<FmaPeak.Result> peaks = new ArrayList<>();
    for (Precision p : options.types()) {
      log.printf("cmr bench gemm: measuring the %s FMA peak on %d thread%s%n", p.label(),
          options.threads(), options.threads() == 1 ? "" : "s");
      peaks.add(options.quick() ? FmaPeak.measure(p, options.threads(), 0.01, 2)
          : FmaPeak.measure(p, options.threads(), 0.1, 7));
    }
    List<ContenderStatus> statuses = new ArrayList<>();
    List<Contender> open = new ArrayList<>();
    try {
      for (Contender c : contenders) {
        statuses.add(open(c, open));
      }
      List<CaseResult> cases = new ArrayList<>();
      int total = options.types().size() * options.sizes().size();
      for (Precision p : options.types()) {
        for (GemmShape shape : options.sizes()) {
          log.printf("cmr bench gemm: %s %s (%d/%d)%n", p.label(), shape, cases.size() + 1,
              total);
          GemmProblem problem = GemmProblem.random(shape, p,
              options.seed() * 31 + cases.size());
          cases.add(measure(problem, statuses, open, cases.isEmpty()));
        }
      }
      return new GemmReport(options, contenders.get(0).name(), started,
          (System.nanoTime() - startNanos) * 1e-9, machine(), peaks, statuses, cases);
    } finally {
      for (Contender c : open) {
        c.close();
      }
    }
  }

  private ContenderStatus open(Contender c, List<Contender> open) {
    try {
      String description = c.open();
      open.add(c);
      return new ContenderStatus(c.name(), true, description, c.facts());
    } catch (Contender.UnavailableException e) {
      c.close();
      log.printf("cmr bench gemm: %s is missing (%s)%n", c.name(), e.getMessage());
      return new ContenderStatus(c.name(), false, e.getMessage(), c.facts());
    } catch (RuntimeException e) {
      c.close();
      String reason = "failed to open: " + e;
      log.printf("cmr bench gemm: %s is missing (%s)%n", c.name(), reason);
      return new ContenderStatus(c.name(), false, reason, c.facts());
    }
  }

  /** The per-case state of one contender. */
  private static final class Run {
    final Contender contender;
    final List<Double> samples = new ArrayList<>();
    Outcome outcome = Outcome.OK;
    Verification verification;
    String message = "";
    int calls = 1;
    int wanted;
    int warmups;

    Run(Contender contender) {
      this.contender = contender;
    }

    boolean failed() {
      return outcome == Outcome.ERROR;
    }

    void fail(Exception e) {
      outcome = Outcome.ERROR;
      message = e.toString();
    }
  }

  private CaseResult measure(GemmProblem problem, List<ContenderStatus> statuses,
      List<Contender> open, boolean firstCase) {
    String reference = contenders.get(0).name();
    List<Run> runs = new ArrayList<>();
    for (Contender c : open) {
      runs.add(new Run(c));
    }
    try {
      // Load and verify.
      Object referenceProduct = null;
      for (Run r : runs) {
        Object product;
        try {
          settleBefore(r.contender);
          product = r.contender.load(problem);
        } catch (Exception e) {
          r.fail(e);
          continue;
        }
        if (r.contender.name().equals(reference)) {
          referenceProduct = product;
        } else if (referenceProduct == null) {
          r.outcome = Outcome.UNVERIFIED;
          r.message = "no reference product to check against (" + reference + " failed)";
        } else {
          try {
            r.verification = Verification.compare(problem, referenceProduct, product);
          } catch (IllegalArgumentException e) {
            r.fail(e);
            continue;
          }
          if (!r.verification.passed()) {
            r.outcome = Outcome.WRONG;
            r.message = String.format("product differs from %s's: relative error %.3g > "
                + "bound %.3g", reference, r.verification.relativeError(),
                r.verification.bound());
          }
        }
      }
      // Calibrate.
      for (Run r : runs) {
        if (r.failed()) {
          continue;
        }
        try {
          settleBefore(r.contender);
          double once = r.contender.time(1);
          r.calls = callsPerSample(once);
          boolean slow = once > SLOW_CALL_SECONDS;
          r.wanted = slow ? Math.min(options.repeats(), SLOW_REPEATS) : options.repeats();
          r.warmups = slow ? 0 : options.warmup();
          if (slow) {
            // The load call warmed it up, so this second call is already a fair sample.
            r.samples.add(once);
          }
        } catch (Exception e) {
          r.fail(e);
        }
      }
      // Warm up: at least the set number of untimed samples and at least the set time, so the
      // JIT has compiled the hot code; the block size follows the speed as it improves. Most
      // compilation happens in the first case, which gets four times the time.
      double warmupSeconds = options.warmupSeconds() * (firstCase ? 4 : 1);
      for (Run r : runs) {
        double spent = 0;
        for (int done = 0; !r.failed() && r.warmups > 0 && done < MAX_WARMUP_SAMPLES
            && (done < r.warmups || spent < warmupSeconds); done++) {
          double seconds = sample(r, false);
          spent += seconds;
          r.calls = callsPerSample(seconds / r.calls);
        }
      }
      // Time the samples, each round starting with the next contender.
      for (int round = 0; round < options.repeats(); round++) {
        for (int i = 0; i < runs.size(); i++) {
          Run r = runs.get((i + round) % runs.size());
          if (!r.failed() && r.samples.size() < r.wanted) {
            sample(r, true);
          }
        }
      }
    } finally {
      for (Run r : runs) {
        try {
          r.contender.unload();
        } catch (RuntimeException e) {
          if (!r.failed()) {
            r.fail(e);
          }
        }
      }
    }
    List<Measurement> measurements = new ArrayList<>();
    for (ContenderStatus s : statuses) {
      Run r = runs.stream().filter(x -> x.contender.name().equals(s.name())).findFirst()
          .orElse(null);
      if (r == null) {
        measurements.add(new Measurement(s.name(), Outcome.MISSING, new double[0], 0, null,
            s.description()));
      } else {
        double[] samples = r.samples.stream().mapToDouble(Double::doubleValue).toArray();
        measurements.add(new Measurement(s.name(), r.outcome, samples, r.calls,
            r.verification, r.message));
      }
    }
    return new CaseResult(problem.precision(), problem.shape(), measurements);
  }

  /** Times one block of calls; keeps it as a sample if asked. Returns its seconds, or NaN. */
  private double sample(Run r, boolean keep) {
    try {
      settleBefore(r.contender);
      double seconds = r.contender.time(r.calls);
      if (keep) {
        r.samples.add(seconds / r.calls);
      }
      return seconds;
    } catch (Exception e) {
      r.fail(e);
      return Double.NaN;
    }
  }

  /**
   * Idles for {@link GemmOptions#settleMillis()} when {@code next} is not the contender that
   * ran last: a BLAS thread pool polls for work for a while after its call returns (OpenBLAS
   * about 0.1 s), and on a small machine those pollers would take cores from the next one.
   */
  private void settleBefore(Contender next) {
    Contender previous = lastRan;
    lastRan = next;
    if (previous == null || previous == next || options.settleMillis() == 0) {
      return;
    }
    try {
      Thread.sleep(options.settleMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Calls per sample so that a sample lasts at least the minimum sample time. */
  private int callsPerSample(double secondsPerCall) {
    if (!(secondsPerCall > 0)) {
      return 1;
    }
    return (int) Math.max(1, Math.min(1_000_000,
        Math.ceil(options.minSampleSeconds() / secondsPerCall)));
  }

  private static Map<String, String> machine() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("java.version", System.getProperty("java.version"));
    facts.put("java.vm.name", System.getProperty("java.vm.name"));
    facts.put("os.arch", System.getProperty("os.arch"));
    facts.put("availableProcessors",
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    facts.put("vectorBits", Integer.toString(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
    facts.put("cpu", cpuModel());
    return facts;
  }

  private static String cpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    try {
      if (Files.isReadable(cpuinfo)) {
        for (String line : Files.readAllLines(cpuinfo)) {
          if (line.startsWith("model name")) {
            return line.substring(line.indexOf(':') + 1).trim();
          }
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }
}
