package dev.cmr.bench.train;

import dev.cmr.bench.BenchMain;
import dev.cmr.bench.OptionValues;
import dev.cmr.bench.Subcommand;
import dev.cmr.bench.UsageException;
import dev.cmr.bench.runner.Json;
import dev.cmr.kernels.Kernels;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cmr bench train}: this engine's vanilla and CMR training steps against PyTorch's on
 * the kappa-stress network, in one run.
 *
 * <p>Our loop ({@link TrainStepLoop}) first trains untimed for
 * {@link TrainOptions#warmupSeconds()} in each mode and PyTorch one untimed block; then each
 * round times one block per contender, the order rotating from round to round so slow drifts
 * of a shared machine hit all alike. Reported per contender: the median samples/s and
 * milliseconds per step over its blocks, and the range.
 */
public final class TrainCommand implements Subcommand {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "kappa-stress training step: ours (vanilla, CMR) against PyTorch, samples/s";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    TrainOptions options;
    try {
      options = TrainOptions.parse(args, OptionValues.defaultThreads());
      Subcommand.requireJsonFolder(options.json());
    } catch (UsageException e) {
      err.println("cmr bench train: " + e.getMessage() + " (see 'cmr bench train --help')");
      return BenchMain.USAGE;
    }
    if (options.help()) {
      out.print(TrainOptions.usage());
      return BenchMain.OK;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.setProperty("cmr.threads", Integer.toString(Math.min(options.threads(), cores)));
    Kernels.setThreads(Math.min(options.threads(), cores));
    Map<String, Object> report;
    try {
      report = measure(options, err);
    } catch (RuntimeException e) {
      err.println("cmr bench train: our training loop failed: " + e);
      return BenchMain.FAILED;
    }
    out.print(render(report));
    out.flush();
    if (options.json() != null) {
      try {
        Json.writeAtomically(options.json(), Json.write(report));
        err.println("cmr bench train: wrote " + options.json());
      } catch (IOException e) {
        err.println("cmr bench train: cannot write " + options.json() + ": " + e.getMessage());
        return BenchMain.FAILED;
      }
    }
    return BenchMain.OK;
  }

  /** Runs the measurement and returns the report (the JSON document). */
  static Map<String, Object> measure(TrainOptions options, PrintStream log) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("command", "cmr bench train");
    report.put("started", Instant.now().toString());
    report.put("network", "784-256x14-10 tanh MLP, orthogonal init gain 0.06, Adam lr 1e-3, "
        + "clip 5 (vanilla), softmax cross-entropy");
    report.put("batch", options.batch());
    report.put("threads", options.threads());
    report.put("steps_per_block", Map.of("vanilla", options.steps(), "cmr",
        options.cmrSteps(), "pytorch", options.steps()));
    report.put("repeats", options.repeats());
    report.put("quick", options.quick());
    report.put("machine", machine());
    report.put("kernels", Kernels.description());

    List<Double> ours = new ArrayList<>();
    List<Double> oursCmr = new ArrayList<>();
    List<Double> torch = new ArrayList<>();
    String torchStatus;
    Map<String, String> torchFacts = Map.of();
    String torchError = null;
    try (TrainStepLoop loop = new TrainStepLoop(options.batch(), options.seed(),
        options.threads());
        TorchTrainer peer = new TorchTrainer(options.python(), options.threads(),
            options.batch(), options.seed())) {
      boolean torchUp;
      try {
        log.println("cmr bench train: starting PyTorch (" + options.python() + ")");
        torchStatus = peer.open();
        torchFacts = peer.facts();
        torchUp = true;
        log.println("cmr bench train: " + torchStatus);
      } catch (IOException e) {
        torchStatus = "missing (" + e.getMessage() + ")";
        torchUp = false;
        log.println("cmr bench train: PyTorch is " + torchStatus);
      }
      log.println("cmr bench train: warming up ours for " + options.warmupSeconds() + " s");
      warmUp(loop, false, options.warmupSeconds());
      warmUp(loop, true, options.warmupSeconds() / 2);
      if (torchUp) {
        try {
          peer.time(Math.max(1, options.steps() / 2));
        } catch (IOException e) {
          torchError = e.getMessage();
          torchUp = false;
        }
      }
      for (int round = 0; round < options.repeats(); round++) {
        for (int turn = 0; turn < 3; turn++) {
          switch ((round + turn) % 3) {
            case 0 -> ours.add(block(loop, false, options.steps()));
            case 1 -> oursCmr.add(block(loop, true, options.cmrSteps()));
            default -> {
              if (torchUp) {
                try {
                  torch.add(peer.time(options.steps()) / options.steps());
                } catch (IOException e) {
                  torchError = e.getMessage();
                  torchUp = false;
                }
              }
            }
          }
        }
        log.printf(Locale.ROOT, "cmr bench train: round %d/%d done%n", round + 1,
            options.repeats());
      }
      if (!Double.isFinite(loop.lastLoss())) {
        throw new IllegalStateException("our loss is not finite: " + loop.lastLoss());
      }
      report.put("final_loss_ours", loop.lastLoss());
    }

    Map<String, Object> contenders = new LinkedHashMap<>();
    contenders.put("cmr_vanilla", summary("this engine, vanilla step", ours,
        options.batch()));
    Map<String, Object> peer = torch.isEmpty()
        ? new LinkedHashMap<>(Map.of("description", torchStatus))
        : summary(torchStatus, torch, options.batch());
    peer.put("available", !torch.isEmpty());
    if (torchError != null) {
      peer.put("error", torchError);
    }
    peer.put("facts", new LinkedHashMap<>(torchFacts));
    contenders.put("pytorch_vanilla", peer);
    contenders.put("cmr_cmr_step", summary("this engine, CMR step (spectral gradients of all "
        + "15 layers on " + options.threads() + " worker thread(s), capped mixing)", oursCmr,
        options.batch()));
    report.put("contenders", contenders);
    double oursMedian = median(ours);
    report.put("ratio_vanilla_vs_pytorch",
        torch.isEmpty() ? null : median(torch) / oursMedian);
    report.put("cmr_step_cost_vs_vanilla", median(oursCmr) / oursMedian);
    return report;
  }

  private static void warmUp(TrainStepLoop loop, boolean cmr, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    do {
      loop.step(cmr);
    } while (System.nanoTime() < end);
  }

  /** Seconds per step of one block. */
  private static double block(TrainStepLoop loop, boolean cmr, int steps) {
    long start = System.nanoTime();
    loop.run(steps, cmr);
    return (System.nanoTime() - start) * 1e-9 / steps;
  }

  private static Map<String, Object> summary(String description, List<Double> secondsPerStep,
      int batch) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("description", description);
    double median = median(secondsPerStep);
    m.put("ms_per_step_median", median * 1e3);
    m.put("samples_per_s_median", batch / median);
    m.put("ms_per_step_min", secondsPerStep.stream().mapToDouble(d -> d).min().orElse(
        Double.NaN) * 1e3);
    m.put("ms_per_step_max", secondsPerStep.stream().mapToDouble(d -> d).max().orElse(
        Double.NaN) * 1e3);
    m.put("ms_per_step_blocks", secondsPerStep.stream().map(d -> d * 1e3).toList());
    return m;
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(d -> d).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("load_average_1min", ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage());
    m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    return m;
  }

  /** The plain-text table of a report. */
  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> report) {
    StringBuilder out = new StringBuilder();
    Map<String, Object> machine = (Map<String, Object>) report.get("machine");
    out.append(String.format(Locale.ROOT, "cmr bench train: %s, batch %s, %s thread(s), "
        + "%s rounds; load average %.1f on %s cores%n", report.get("network"),
        report.get("batch"), report.get("threads"), report.get("repeats"),
        (Double) machine.get("load_average_1min"), machine.get("cores")));
    out.append(String.format(Locale.ROOT, "%-16s %12s %10s %19s  %s%n", "contender",
        "samples/s", "ms/step", "range ms/step", "what ran"));
    Map<String, Object> contenders = (Map<String, Object>) report.get("contenders");
    for (Map.Entry<String, Object> e : contenders.entrySet()) {
      Map<String, Object> c = (Map<String, Object>) e.getValue();
      if (!c.containsKey("samples_per_s_median")) {
        out.append(String.format(Locale.ROOT, "%-16s %12s %10s %19s  %s%n", e.getKey(), "-",
            "-", "-", c.get("description")));
        continue;
      }
      out.append(String.format(Locale.ROOT, "%-16s %12.0f %10.2f %8.2f - %8.2f  %s%n",
          e.getKey(), (Double) c.get("samples_per_s_median"),
          (Double) c.get("ms_per_step_median"), (Double) c.get("ms_per_step_min"),
          (Double) c.get("ms_per_step_max"), c.get("description")));
    }
    Object ratio = report.get("ratio_vanilla_vs_pytorch");
    out.append(ratio == null
        ? "ours / PyTorch (vanilla samples/s): - (PyTorch did not run)\n"
        : String.format(Locale.ROOT, "ours / PyTorch (vanilla samples/s): %.2fx%n",
            (Double) ratio));
    out.append(String.format(Locale.ROOT, "CMR step / our vanilla step (time): %.2fx%n",
        (Double) report.get("cmr_step_cost_vs_vanilla")));
    if (Boolean.TRUE.equals(report.get("quick"))) {
      out.append("caution: --quick times a few steps per block, too few to compare speeds;"
          + " run without --quick for ratios that mean anything\n");
    }
    return out.toString();
  }
}
