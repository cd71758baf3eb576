package dev.cmr.nn.cli;

import dev.cmr.engine.CmrConfig;
import dev.cmr.kernels.Kernels;
import dev.cmr.nn.Activation;
import dev.cmr.nn.WeightInit;
import dev.cmr.nn.data.Mnist;
import dev.cmr.nn.data.MnistData;
import dev.cmr.nn.train.Arm;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.KappaStressConfig;
import dev.cmr.nn.train.KappaStressTrainer;
import dev.cmr.nn.train.OptimizerKind;
import dev.cmr.nn.train.RunResult;
import dev.cmr.nn.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The {@code kappa-stress} subcommand: options, the run, and its output files. */
final class KappaStressCommand {
  static final String NAME = "kappa-stress";
  /** Accuracy below which a run counts as collapsed in the multi-seed report. */
  static final double COLLAPSE_THRESHOLD = 0.2;
  /** Published figures (vanilla, CMR): condition number, gradient magnitude, accuracy. */
  private static final double[] PUBLISHED_VANILLA = {3.9e3, 1.4, 0.10};
  private static final double[] PUBLISHED_CMR = {3.4, 4.2, 0.86};

  /** One value-taking option: name without dashes, placeholder, help text. */
  private record Option(String name, String arg, String help) {}

  private static final List<Option> OPTIONS = List.of(
      new Option("epochs", "N", "training epochs per arm (5)"),
      new Option("batch", "N", "batch size (128)"),
      new Option("seed", "N", "seed of initial weights and batch order (42)"),
      new Option("seeds", "N", "run seeds seed..seed+N-1 and report spread (1)"),
      new Option("lr", "X", "learning rate (1e-3)"),
      new Option("optimizer", "NAME", "adam or sgd (adam)"),
      new Option("momentum", "X", "SGD momentum (0.9)"),
      new Option("activation", "NAME", "tanh or relu (tanh)"),
      new Option("init", "NAME", "orthogonal or he (orthogonal)"),
      new Option("init-gain", "X", "weight gain (0.06 orthogonal, 1.0 he)"),
      new Option("clip", "X", "global-norm clipping of vanilla and warm-up; 0 = off (5.0)"),
      new Option("cmr-clip", "X", "clipping once CMR is on; 0 = off (0)"),
      new Option("lambda", "X", "CMR strength lambda (0.03)"),
      new Option("rho", "X", "mixing cap rho (0.5)"),
      new Option("alpha-edge", "X", "weight of the edge term (1.0)"),
      new Option("alpha-moment", "X", "weight of the moment term (0.1)"),
      new Option("beta", "X", "growth of the moment weights (0.15)"),
      new Option("order", "K", "highest Chebyshev order K (5)"),
      new Option("eps", "X", "spectral floor eps (1e-6)"),
      new Option("warmup-epochs", "N", "plain epochs before CMR starts (1)"),
      new Option("threads", "N", "threads for per-layer spectral work (min(cores, 4))"),
      new Option("train-limit", "N", "use only the first N training images (all)"),
      new Option("test-limit", "N", "use only the first N test images (all)"),
      new Option("data", "DIR", "folder with the MNIST IDX files (default: download cache)"),
      new Option("out", "DIR", "run folder, new or empty (runs/kappa-stress-<time>)"),
      new Option("config", "FILE", "read options from a config.json; flags override it"));

  /** Keys of a written config.json that are informational, not options. */
  private static final List<String> INFO_KEYS = List.of("command", "version", "train_count",
      "test_count", "steps_per_epoch", "out");

  /** A parsed, validated command line. */
  record Parsed(KappaStressConfig config, Path data, Path out, boolean verbose) {}

  private KappaStressCommand() {}

  /** Runs the subcommand; returns the process exit code. */
  static int main(String[] args, PrintStream out, PrintStream err) {
    List<String> list = Arrays.asList(args);
    if (list.contains("--help") || list.contains("-h")) {
      out.print(help());
      return Main.EXIT_OK;
    }
    if (list.contains("--version")) {
      out.println("cmr " + Main.version());
      return Main.EXIT_OK;
    }
    boolean verbose = list.contains("--verbose");
    Parsed parsed;
    try {
      parsed = parse(args);
    } catch (UsageException e) {
      err.println("cmr " + NAME + ": " + e.getMessage());
      err.println("Try 'cmr " + NAME + " --help' for the list of options.");
      return Main.EXIT_USAGE;
    }
    try {
      return run(parsed, out);
    } catch (IOException | UncheckedIOException e) {
      err.println("cmr " + NAME + ": " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      return Main.EXIT_FAILURE;
    } catch (RuntimeException e) {
      err.println("cmr " + NAME + ": failed: " + e
          + (verbose ? "" : " (run with --verbose for details)"));
      if (verbose) {
        e.printStackTrace(err);
      }
      return Main.EXIT_FAILURE;
    }
  }

  /** The help text. */
  static String help() {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: cmr ").append(NAME).append(" [options]\n\n");
    sb.append("Trains the 15-layer kappa-stress MLP on MNIST twice from identical weights and\n"
        + "batches: vanilla (Adam, clipping) and with Chebyshev Moment Regularization from\n"
        + "epoch 2. Prints per epoch and arm the mean layer condition number, the average\n"
        + "gradient magnitude, the training loss, the test accuracy and the wall time, then\n"
        + "a table next to the published figures. Writes config.json, epochs.csv,\n"
        + "layers.jsonl and summary.json to the run folder.\n\nOptions:\n");
    for (Option o : OPTIONS) {
      String left = "  --" + o.name() + " " + o.arg();
      sb.append(left).append(" ".repeat(Math.max(2, 24 - left.length()))).append(o.help())
          .append('\n');
    }
    sb.append("  --verbose               stack traces on failure\n");
    sb.append("  --help                  this text\n");
    sb.append("  --version               the version\n\n");
    sb.append("Exit status: 0 success, 1 failure (data missing or corrupt, I/O), 2 bad\n"
        + "command line, 3 an arm diverged (non-finite loss). Progress is a redrawn bar on\n"
        + "a terminal and a line per quarter epoch otherwise; no colour is used.\n");
    return sb.toString();
  }

  /** Parses and validates the options; creates nothing. */
  static Parsed parse(String[] args) throws UsageException {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--verbose")) {
        continue;
      }
      if (!a.startsWith("--") || a.length() == 2) {
        throw new UsageException("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (option(name) == null) {
        throw new UsageException("unknown option '--" + name + "'");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("option --" + name + " needs a value ("
              + option(name).arg() + ")");
        }
        value = args[++i];
      }
      flags.put(name, value);
    }

    Map<String, String> merged = new LinkedHashMap<>();
    int[] widths = null;
    if (flags.containsKey("config")) {
      widths = readConfigFile(Path.of(flags.get("config")), merged);
    }
    merged.putAll(flags);
    merged.remove("config");
    return build(merged, widths, Arrays.asList(args).contains("--verbose"));
  }

  private static Parsed build(Map<String, String> o, int[] widths, boolean verbose)
      throws UsageException {
    KappaStressConfig.Builder b = KappaStressConfig.builder();
    if (widths != null) {
      b.widths(widths);
    }
    CmrConfig d = CmrConfig.defaults();
    try {
      WeightInit init = o.containsKey("init") ? WeightInit.parse(o.get("init"))
          : WeightInit.ORTHOGONAL;
      b.init(init);
      b.initGain(o.containsKey("init-gain") ? real(o, "init-gain")
          : init == WeightInit.HE ? 1.0 : 0.06);
      if (o.containsKey("activation")) {
        b.activation(Activation.parse(o.get("activation")));
      }
      if (o.containsKey("optimizer")) {
        b.optimizer(OptimizerKind.parse(o.get("optimizer")));
      }
      if (o.containsKey("epochs")) {
        b.epochs(integer(o, "epochs"));
      }
      if (o.containsKey("batch")) {
        b.batchSize(integer(o, "batch"));
      }
      if (o.containsKey("seed")) {
        b.seed(longInteger(o, "seed"));
      }
      if (o.containsKey("seeds")) {
        b.seeds(integer(o, "seeds"));
      }
      if (o.containsKey("lr")) {
        b.learningRate(real(o, "lr"));
      }
      if (o.containsKey("momentum")) {
        b.momentum(real(o, "momentum"));
      }
      if (o.containsKey("clip")) {
        b.clip(real(o, "clip"));
      }
      if (o.containsKey("cmr-clip")) {
        b.cmrClip(real(o, "cmr-clip"));
      }
      if (o.containsKey("warmup-epochs")) {
        b.warmupEpochs(integer(o, "warmup-epochs"));
      }
      if (o.containsKey("threads")) {
        b.threads(integer(o, "threads"));
      }
      if (o.containsKey("train-limit")) {
        b.trainLimit(integer(o, "train-limit"));
      }
      if (o.containsKey("test-limit")) {
        b.testLimit(integer(o, "test-limit"));
      }
      b.cmr(new CmrConfig(
          o.containsKey("eps") ? real(o, "eps") : d.eps(),
          o.containsKey("order") ? integer(o, "order") : d.maxOrder(),
          o.containsKey("beta") ? real(o, "beta") : d.beta(),
          o.containsKey("alpha-edge") ? real(o, "alpha-edge") : d.alphaEdge(),
          o.containsKey("alpha-moment") ? real(o, "alpha-moment") : d.alphaMoment(),
          o.containsKey("lambda") ? real(o, "lambda") : d.lambda(),
          o.containsKey("rho") ? real(o, "rho") : d.rho()));
      KappaStressConfig config = b.build();
      Path data = o.containsKey("data") ? Path.of(o.get("data")) : null;
      Path out = o.containsKey("out") ? Path.of(o.get("out")) : null;
      if (out != null) {
        checkOutFolder(out);
      }
      return new Parsed(config, data, out, verbose);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static void checkOutFolder(Path out) throws UsageException {
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new UsageException("--out " + out + " exists and is not a folder");
      }
      try (Stream<Path> entries = Files.list(out)) {
        if (entries.findAny().isPresent()) {
          throw new UsageException("--out " + out + " is not empty; give a new or empty folder");
        }
      } catch (IOException e) {
        throw new UsageException("--out " + out + " cannot be read: " + e.getMessage());
      }
    }
  }

  /** Reads a config.json into {@code into} (dashed option names); returns widths if given. */
  private static int[] readConfigFile(Path file, Map<String, String> into)
      throws UsageException {
    Object doc;
    try {
      doc = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UsageException("--config " + file + " cannot be read: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--config " + file + ": " + e.getMessage());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new UsageException("--config " + file + " must hold a JSON object");
    }
    int[] widths = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = (String) e.getKey();
      Object v = e.getValue();
      String name = key.replace('_', '-');
      if (INFO_KEYS.contains(key) || v == null) {
        continue;
      }
      if (key.equals("widths")) {
        widths = parseWidths(file, v);
        continue;
      }
      if (option(name) == null || name.equals("config")) {
        throw new UsageException("--config " + file + ": unknown key '" + key + "'");
      }
      into.put(name, v instanceof Double x ? Json.number(x) : String.valueOf(v));
    }
    return widths;
  }

  private static int[] parseWidths(Path file, Object v) throws UsageException {
    if (!(v instanceof List<?> list)) {
      throw new UsageException("--config " + file + ": widths must be an array of integers");
    }
    int[] w = new int[list.size()];
    for (int i = 0; i < w.length; i++) {
      if (!(list.get(i) instanceof Double x) || x != Math.rint(x)) {
        throw new UsageException("--config " + file + ": widths must be an array of integers, "
            + "got " + list);
      }
      w[i] = (int) (double) x;
    }
    return w;
  }

  private static Option option(String name) {
    for (Option o : OPTIONS) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    return null;
  }

  private static int integer(Map<String, String> o, String name) {
    try {
      return Integer.parseInt(o.get(name).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " expects an integer, got '" + o.get(name) + "'");
    }
  }

  private static long longInteger(Map<String, String> o, String name) {
    try {
      return Long.parseLong(o.get(name).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " expects an integer, got '" + o.get(name) + "'");
    }
  }

  private static double real(Map<String, String> o, String name) {
    String s = o.get(name).trim();
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v) || s.endsWith("d") || s.endsWith("f") || s.endsWith("D")
          || s.endsWith("F")) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " expects a finite number, got '" + o.get(name) + "'");
    }
  }

  // ---------------------------------------------------------------------------------------
  // the run

  private static int run(Parsed p, PrintStream out) throws IOException {
    KappaStressConfig config = p.config();

    // data first, so a missing or corrupt data set leaves no run folder behind
    MnistData data = loadData(p.data(), out);
    Path dir = p.out() != null ? p.out() : defaultOutFolder();
    List<RunResult> results = new ArrayList<>();
    try (KappaStressTrainer trainer = new KappaStressTrainer(config, data.train(), data.test());
        RunFiles files = new RunFiles(dir)) {
      files.writeAtomically("config.json", configJson(config, p.data(), trainer));
      printHeader(out, config, trainer, dir);
      TrainingListener listener = both(new Progress(out, onTerminal(), config.epochs()), files);
      for (int s = 0; s < config.seeds(); s++) {
        results.add(trainer.run(config.seed() + s, listener));
      }
      files.writeAtomically("summary.json", summaryJson(results));
    }
    printTable(out, results);
    out.println();
    out.println("Run folder: " + dir.toAbsolutePath());
    boolean diverged = results.stream().anyMatch(RunResult::diverged);
    return diverged ? Main.EXIT_DIVERGED : Main.EXIT_OK;
  }

  private static MnistData loadData(Path dataDir, PrintStream out) throws IOException {
    if (dataDir != null) {
      return Mnist.load(dataDir);
    }
    Path cached = Mnist.ensureCached(Mnist.defaultCacheDir(), msg -> out.println("data: " + msg));
    return Mnist.load(cached);
  }

  private static Path defaultOutFolder() {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path base = Path.of("runs", NAME + "-" + stamp);
    Path p = base;
    for (int i = 2; Files.exists(p); i++) {
      p = Path.of(base + "-" + i);
    }
    return p;
  }

  private static TrainingListener both(TrainingListener a, TrainingListener b) {
    return new TrainingListener() {
      @Override
      public void epochStarted(long seed, Arm arm, int epoch, int steps) {
        a.epochStarted(seed, arm, epoch, steps);
        b.epochStarted(seed, arm, epoch, steps);
      }

      @Override
      public void stepFinished(long seed, Arm arm, int epoch, int step, int steps,
          double meanLoss) {
        a.stepFinished(seed, arm, epoch, step, steps, meanLoss);
        b.stepFinished(seed, arm, epoch, step, steps, meanLoss);
      }

      @Override
      public void epochFinished(EpochMetrics metrics) {
        a.epochFinished(metrics);
        b.epochFinished(metrics);
      }
    };
  }

  private static void printHeader(PrintStream out, KappaStressConfig c,
      KappaStressTrainer trainer, Path dir) {
    int[] w = c.widths();
    out.printf(Locale.ROOT, "cmr %s %s%n", NAME, Main.version());
    out.printf(Locale.ROOT, "data: %d training / %d test images%n", trainer.trainCount(),
        trainer.testCount());
    out.printf(Locale.ROOT, "network: %d layers %s, %s, %s init x %s%n", w.length - 1,
        widthsText(w), c.activation().label(), c.init().label(), Json.number(c.initGain()));
    out.printf(Locale.ROOT, "training: %s lr %s, batch %d, %d epochs of %d steps, seed %d%s%n",
        c.optimizer().label(), Json.number(c.learningRate()), c.batchSize(), c.epochs(),
        trainer.stepsPerEpoch(), c.seed(), c.seeds() > 1 ? " (+" + (c.seeds() - 1) + ")" : "");
    out.printf(Locale.ROOT, "vanilla: clip %s | cmr: lambda %s, rho %s, from epoch %d, %s"
        + " | spectral threads %d%n", clipText(c.clip()), Json.number(c.cmr().lambda()),
        Json.number(c.cmr().rho()), c.warmupEpochs() + 1,
        c.cmrClip() > 0 ? "clip " + Json.number(c.cmrClip()) : "no clipping", c.threads());
    out.println("kernels: " + Kernels.description());
    out.println("output: " + dir);
    out.flush();
  }

  private static String clipText(double clip) {
    return clip > 0 ? Json.number(clip) : "off";
  }

  private static String widthsText(int[] w) {
    StringBuilder sb = new StringBuilder().append(w[0]);
    int i = 1;
    while (i < w.length) {
      int j = i;
      while (j + 1 < w.length && w[j + 1] == w[i]) {
        j++;
      }
      sb.append('-').append(w[i]);
      if (j > i) {
        sb.append('x').append(j - i + 1);
      }
      i = j + 1;
    }
    return sb.toString();
  }

  private static void printTable(PrintStream out, List<RunResult> results) {
    boolean multi = results.size() > 1;
    double[] v = finals(results, Arm.VANILLA);
    double[] c = finals(results, Arm.CMR);
    out.println();
    out.printf(Locale.ROOT, "%-28s %12s %12s  | %18s %8s%n",
        multi ? "Final epoch (median of " + results.size() + " seeds)"
            : "Final epoch (seed " + results.get(0).seed() + ")",
        "vanilla", "CMR", "published vanilla", "CMR");
    out.printf(Locale.ROOT, "%-28s %12s %12s  | %18s %8s%n", "mean condition number",
        Format.kappa(v[0]), Format.kappa(c[0]), "3.9e3", "3.4");
    out.printf(Locale.ROOT, "%-28s %12s %12s  | %18s %8s%n", "avg gradient magnitude",
        Format.fixed(v[1], 3), Format.fixed(c[1], 3), "1.4", "4.2");
    out.printf(Locale.ROOT, "%-28s %12s %12s  | %18s %8s%n", "test accuracy",
        Format.percent(v[2]), Format.percent(c[2]), "10%", "86%");
    out.printf(Locale.ROOT, "%-28s %12s %12s%n", "wall time (s)", Format.fixed(v[3], 1),
        Format.fixed(c[3], 1));
    if (multi) {
      out.println();
      out.printf(Locale.ROOT, "%-28s %12s %12s %12s %10s%n", "Over seeds " + results.get(0).seed()
          + ".." + results.get(results.size() - 1).seed(), "median", "min", "max",
          "acc < 20%");
      for (Arm arm : Arm.values()) {
        double[] acc = column(results, arm, 2);
        double[] kappa = column(results, arm, 0);
        out.printf(Locale.ROOT, "%-28s %12s %12s %12s %10d%n", arm.label() + " accuracy",
            Format.percent(median(acc)), Format.percent(min(acc)), Format.percent(max(acc)),
            collapsed(acc));
        out.printf(Locale.ROOT, "%-28s %12s %12s %12s%n", arm.label() + " mean kappa",
            Format.kappa(median(kappa)), Format.kappa(min(kappa)), Format.kappa(max(kappa)));
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // files

  static String configJson(KappaStressConfig c, Path data, KappaStressTrainer trainer) {
    Json.Writer w = new Json.Writer(true).beginObject()
        .member("command", NAME).member("version", Main.version());
    w.name("widths").beginArray();
    for (int x : c.widths()) {
      w.value(x);
    }
    w.endArray()
        .member("activation", c.activation().label()).member("init", c.init().label())
        .member("init_gain", c.initGain()).member("optimizer", c.optimizer().label())
        .member("lr", c.learningRate()).member("momentum", c.momentum())
        .member("epochs", c.epochs()).member("batch", c.batchSize()).member("seed", c.seed())
        .member("seeds", c.seeds()).member("clip", c.clip()).member("cmr_clip", c.cmrClip())
        .member("warmup_epochs", c.warmupEpochs()).member("lambda", c.cmr().lambda())
        .member("rho", c.cmr().rho()).member("alpha_edge", c.cmr().alphaEdge())
        .member("alpha_moment", c.cmr().alphaMoment()).member("beta", c.cmr().beta())
        .member("order", c.cmr().maxOrder()).member("eps", c.cmr().eps())
        .member("threads", c.threads()).member("train_limit", c.trainLimit())
        .member("test_limit", c.testLimit())
        .member("data", data == null ? null : data.toAbsolutePath().toString())
        .member("train_count", trainer.trainCount()).member("test_count", trainer.testCount())
        .member("steps_per_epoch", trainer.stepsPerEpoch());
    return w.endObject() + "\n";
  }

  static String summaryJson(List<RunResult> results) {
    Json.Writer w = new Json.Writer(true).beginObject().member("command", NAME);
    for (Arm arm : Arm.values()) {
      double[] f = finals(results, arm);
      w.name(arm.label()).beginObject()
          .member("mean_condition_number", f[0]).member("mean_gradient_norm", f[1])
          .member("test_accuracy", f[2]).member("seconds", f[3]).member("train_loss", f[4])
          .member("diverged", results.stream().anyMatch(r -> r.last(arm).diverged()))
          .member("aggregate", results.size() > 1 ? "median over seeds" : "single run")
          .endObject();
    }
    w.name("published").beginObject();
    for (Arm arm : Arm.values()) {
      double[] p = arm == Arm.VANILLA ? PUBLISHED_VANILLA : PUBLISHED_CMR;
      w.name(arm.label()).beginObject().member("mean_condition_number", p[0])
          .member("mean_gradient_norm", p[1]).member("test_accuracy", p[2]).endObject();
    }
    w.endObject();

    w.name("seeds").beginObject().member("count", results.size())
        .member("collapse_threshold", COLLAPSE_THRESHOLD);
    w.name("values").beginArray();
    for (RunResult r : results) {
      w.value(r.seed());
    }
    w.endArray();
    for (Arm arm : Arm.values()) {
      double[] acc = column(results, arm, 2);
      double[] kappa = column(results, arm, 0);
      w.name(arm.label()).beginObject();
      spread(w, "test_accuracy", acc);
      spread(w, "mean_condition_number", kappa);
      w.member("runs_below_threshold", collapsed(acc)).endObject();
    }
    w.name("runs").beginArray();
    for (RunResult r : results) {
      w.beginObject().member("seed", r.seed());
      for (Arm arm : Arm.values()) {
        EpochMetrics m = r.last(arm);
        w.name(arm.label()).beginObject()
            .member("mean_condition_number", m.meanConditionNumber())
            .member("mean_gradient_norm", m.meanGradientNorm())
            .member("test_accuracy", m.testAccuracy())
            .member("seconds", seconds(r, arm)).member("diverged", m.diverged()).endObject();
      }
      w.endObject();
    }
    w.endArray().endObject();
    return w.endObject() + "\n";
  }

  private static void spread(Json.Writer w, String name, double[] values) {
    w.name(name).beginObject().member("median", median(values)).member("min", min(values))
        .member("max", max(values)).endObject();
  }

  /** Per arm, medians over seeds of: kappa, gradient norm, accuracy, seconds, loss. */
  private static double[] finals(List<RunResult> results, Arm arm) {
    double[] f = new double[5];
    for (int k = 0; k < f.length; k++) {
      f[k] = median(column(results, arm, k));
    }
    return f;
  }

  private static double[] column(List<RunResult> results, Arm arm, int k) {
    double[] v = new double[results.size()];
    for (int i = 0; i < v.length; i++) {
      RunResult r = results.get(i);
      EpochMetrics m = r.last(arm);
      v[i] = switch (k) {
        case 0 -> m.meanConditionNumber();
        case 1 -> m.meanGradientNorm();
        case 2 -> m.testAccuracy();
        case 3 -> seconds(r, arm);
        default -> m.trainLoss();
      };
    }
    return v;
  }

  /** Wall time of an arm over all its epochs (shared warm-up epochs included). */
  private static double seconds(RunResult r, Arm arm) {
    double s = 0;
    for (EpochMetrics m : r.epochs(arm)) {
      s += m.seconds();
    }
    return s;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }

  private static int collapsed(double[] accuracy) {
    int n = 0;
    for (double a : accuracy) {
      if (!(a >= COLLAPSE_THRESHOLD)) {
        n++;
      }
    }
    return n;
  }

  /** Whether the JVM is attached to an interactive terminal (false when output is piped). */
  private static boolean onTerminal() {
    java.io.Console c = System.console();
    return c != null && c.isTerminal();
  }
}
