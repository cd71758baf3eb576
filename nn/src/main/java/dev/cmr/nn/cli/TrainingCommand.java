package dev.cmr.nn.cli;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.Lanczos;
import dev.cmr.engine.MatrixFreeOptions;
import dev.cmr.engine.SpectralMethod;
import dev.cmr.nn.Activation;
import dev.cmr.nn.WeightInit;
import dev.cmr.nn.data.FashionMnist;
import dev.cmr.nn.train.Arms;
import dev.cmr.nn.train.KappaStressConfig;
import dev.cmr.nn.train.OptimizerKind;
import dev.cmr.nn.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The training subcommands: {@code kappa-stress} (vanilla against CMR, the published
 * experiment) and {@code train} (one run of any configuration). Both share options,
 * configuration files, run folders, checkpoints, resumption and reports; this class parses
 * and validates the command line, {@link TrainingRun} executes it.
 */
final class TrainingCommand {
  /** Input width and classes of the supported data sets (28 x 28 images, 10 classes). */
  static final int INPUTS = 784;
  static final int CLASSES = 10;
  /** The data sets {@code --dataset} accepts. */
  static final List<String> DATASETS = List.of("mnist", "fashion-mnist");

  /** Which subcommand. */
  enum Kind {
    /** Both arms from identical weights and batches, several seeds possible. */
    KAPPA_STRESS("kappa-stress"),
    /** A single arm: CMR on or off. */
    TRAIN("train");

    private final String command;

    Kind(String command) {
      this.command = command;
    }

    /** The subcommand's name. */
    String command() {
      return command;
    }

    /** The kind whose command is {@code name}, or null. */
    static Kind of(String name) {
      for (Kind k : values()) {
        if (k.command.equals(name)) {
          return k;
        }
      }
      return null;
    }
  }

  private static final List<Options.Option> COMMON_HEAD = List.of(
      new Options.Option("epochs", "N", "training epochs (5)"),
      new Options.Option("batch", "N", "batch size (128)"),
      new Options.Option("seed", "N", "seed of initial weights and batch order (42)"));

  private static final List<Options.Option> TRAINING = List.of(
      new Options.Option("lr", "X", "learning rate (1e-3)"),
      new Options.Option("optimizer", "NAME", "adam or sgd (adam)"),
      new Options.Option("momentum", "X", "SGD momentum (0.9)"),
      new Options.Option("activation", "NAME", "tanh or relu (tanh)"),
      new Options.Option("init", "NAME", "orthogonal or he (orthogonal)"),
      new Options.Option("init-gain", "X", "weight gain (0.06 orthogonal, 1.0 he)"),
      new Options.Option("widths", "LIST", "all widths, e.g. 784,256,256,10 (784,256x14,10)"),
      new Options.Option("clip", "X", "global-norm clipping without CMR; 0 = off (5.0)"),
      new Options.Option("cmr-clip", "X", "clipping once CMR is on; 0 = off (0)"),
      new Options.Option("lambda", "X", "CMR strength lambda (0.03)"),
      new Options.Option("rho", "X", "mixing cap rho (0.5)"),
      new Options.Option("alpha-edge", "X", "weight of the edge term (1.0)"),
      new Options.Option("alpha-moment", "X", "weight of the moment term (0.1)"),
      new Options.Option("beta", "X", "growth of the moment weights (0.15)"),
      new Options.Option("order", "K", "highest Chebyshev order K (5)"),
      new Options.Option("eps", "X", "spectral floor eps (1e-6)"),
      new Options.Option("warmup-epochs", "N", "plain epochs before CMR starts (1)"),
      new Options.Option("spectral", "METHOD", "exact, matrix-free or auto per layer (exact)"),
      new Options.Option("probes", "N", "Rademacher probes of matrix-free CMR (8)"),
      new Options.Option("threads", "N", "threads for per-layer spectral work (min(cores, 4))"),
      new Options.Option("train-limit", "N", "use only the first N training images (0: all)"),
      new Options.Option("test-limit", "N", "use only the first N test images (0: all)"),
      new Options.Option("dataset", "NAME", "mnist or fashion-mnist (mnist)"),
      new Options.Option("data", "DIR", "folder with the IDX files (mnist: download cache;"
          + " fashion-mnist: " + FashionMnist.DEFAULT_DIR + ")"),
      new Options.Option("out", "DIR", "run folder, new or empty (runs/<command>-<time>)"),
      new Options.Option("config", "FILE", "read options from a config.json; flags override it"),
      new Options.Option("resume", "DIR", "continue the run in DIR from its last checkpoint"));

  /** Options that may accompany {@code --resume}: they do not change the numbers. */
  static final Set<String> RESUME_OVERRIDES = Set.of("resume", "epochs", "threads", "data");

  /** Keys of a written config.json that are informational, not options. */
  static final List<String> INFO_KEYS = List.of("command", "version", "train_count",
      "test_count", "steps_per_epoch", "out", "data_fingerprint", "arms");

  private TrainingCommand() {}

  /** The options of {@code kind}. */
  static List<Options.Option> options(Kind kind) {
    List<Options.Option> list = new ArrayList<>(COMMON_HEAD);
    if (kind == Kind.KAPPA_STRESS) {
      list.add(new Options.Option("seeds", "N", "run seeds seed..seed+N-1 and report spread (1)"));
    } else {
      list.add(new Options.Option("cmr", "on|off", "train with CMR (on) or plain (off) (on)"));
      list.add(new Options.Option("depth", "N", "number of linear layers (15)"));
      list.add(new Options.Option("width", "N", "width of every hidden layer (256)"));
    }
    list.addAll(TRAINING);
    return list;
  }

  /** Runs the subcommand; returns the process exit code. */
  static int main(Kind kind, String[] args, PrintStream out, PrintStream err) {
    List<String> list = Arrays.asList(args);
    if (list.contains("--help") || list.contains("-h")) {
      out.print(help(kind));
      return Main.EXIT_OK;
    }
    if (list.contains("--version")) {
      out.println("cmr " + Main.version());
      return Main.EXIT_OK;
    }
    boolean verbose = list.contains("--verbose");
    String prefix = "cmr " + kind.command() + ": ";
    try {
      RunSpec spec = parse(kind, args);
      return TrainingRun.execute(spec, out, err);
    } catch (UsageException e) {
      return Main.usageError(err, prefix, e.getMessage(), "cmr " + kind.command());
    } catch (IOException | UncheckedIOException e) {
      return Main.failure(err, prefix, e.getMessage(), e, verbose);
    } catch (RuntimeException e) {
      return Main.failure(err, prefix, "failed: " + e, e, verbose);
    }
  }

  /** The help text of {@code kind}. */
  static String help(Kind kind) {
    StringBuilder sb = new StringBuilder();
    sb.append("Usage: cmr ").append(kind.command()).append(" [options]\n\n");
    if (kind == Kind.KAPPA_STRESS) {
      sb.append("""
          Trains the 15-layer kappa-stress MLP on MNIST twice from identical weights and
          batches: vanilla (Adam, clipping) and with Chebyshev Moment Regularization from
          epoch 2. Prints per epoch and arm the mean layer condition number, the average
          gradient magnitude, the training loss, the test accuracy and the wall time, then
          a table next to the published figures.
          """);
    } else {
      sb.append("""
          Trains one network of any shape on MNIST or Fashion-MNIST, with CMR (after the
          warm-up epochs) or without. Defaults are those of the kappa-stress CMR arm; with
          --cmr off, those of its vanilla arm.
          """);
    }
    sb.append("""

        Writes to the run folder: config.json (the effective configuration), epochs.csv,
        layers.jsonl, checkpoint.zip (after every epoch; checkpoint-seed<N>.zip with several
        seeds), summary.json, spectra.json and report.html (plots).

        Options:
        """);
    sb.append(Options.helpLines(options(kind)));
    sb.append("  --verbose               stack traces on failure\n");
    sb.append("  --help                  this text\n");
    sb.append("  --version               the version\n\n");
    sb.append("""
        With --resume DIR only --epochs (to extend the run), --threads and --data may be
        given; the numbers are bit-identical to an uninterrupted run on the same machine.

        Exit status: 0 success, 1 failure (data missing or corrupt, I/O, bad checkpoint),
        2 bad command line, 3 training diverged (NaN or infinity). Progress is a redrawn bar
        on a terminal and a line per quarter epoch otherwise; colour only on a terminal and
        never when NO_COLOR is set.
        """);
    return sb.toString();
  }

  /**
   * Parses and validates a command line; creates nothing. A {@code --resume} folder's
   * checkpoints are read and verified here.
   *
   * @throws UsageException for a command line that cannot be accepted
   * @throws IOException if a checkpoint to resume from cannot be read or is refused
   */
  static RunSpec parse(Kind kind, String[] args) throws UsageException, IOException {
    Options opts = Options.parse(args, options(kind), 0);
    boolean verbose = Arrays.asList(args).contains("--verbose");
    Map<String, String> flags = opts.values();
    if (flags.containsKey("resume")) {
      return parseResume(kind, opts, verbose);
    }
    if (flags.containsKey("widths") && (flags.containsKey("depth")
        || flags.containsKey("width"))) {
      throw new UsageException("--widths gives every layer width and --depth/--width rebuild"
          + " them; give one or the other");
    }
    Map<String, String> merged = new LinkedHashMap<>();
    if (flags.containsKey("config")) {
      Path file = Path.of(flags.get("config"));
      checkCommand(kind, file);
      merged.putAll(opts.readConfig(file, INFO_KEYS));
    }
    merged.putAll(flags);
    merged.remove("config");
    RunSpec spec = build(kind, merged, Map.of(), 0, verbose);
    if (spec.out() != null) {
      checkOutFolder(spec.out());
    }
    return spec;
  }

  private static void checkCommand(Kind kind, Path file) throws UsageException {
    try {
      Object doc = Json.parse(Files.readString(file));
      if (doc instanceof Map<?, ?> m && m.get("command") instanceof String c
          && !c.equals(kind.command())) {
        throw new UsageException("--config " + file + " was written by 'cmr " + c
            + "', not 'cmr " + kind.command() + "'");
      }
    } catch (IOException e) {
      throw new UsageException("--config " + file + " cannot be read ("
          + IoMessages.describe(e) + ")");
    } catch (IllegalArgumentException e) {
      throw new UsageException("--config " + file + " is not valid JSON: " + e.getMessage());
    }
  }

  private static RunSpec parseResume(Kind kind, Options opts, boolean verbose)
      throws UsageException, IOException {
    Map<String, String> flags = opts.values();
    for (String name : flags.keySet()) {
      if (!RESUME_OVERRIDES.contains(name)) {
        throw new UsageException("--" + name + " cannot be combined with --resume: the run"
            + " continues with its saved configuration (only --epochs, --threads and --data"
            + " may be given)");
      }
    }
    Path dir = Path.of(flags.get("resume"));
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--resume " + dir + " is not a folder");
    }
    List<Path> files = CheckpointFile.find(dir);
    if (files.isEmpty()) {
      throw new UsageException("--resume " + dir + " holds no checkpoint (checkpoint.zip or"
          + " checkpoint-seed<N>.zip); a run writes one after each completed epoch");
    }
    Map<Long, TrainingState> states = new LinkedHashMap<>();
    CheckpointFile.Contents first = null;
    for (Path f : files) {
      CheckpointFile.Contents c = CheckpointFile.read(f);
      if (!c.command().equals(kind.command())) {
        throw new UsageException(dir + " holds a '" + c.command() + "' run; resume it with"
            + " 'cmr " + c.command() + " --resume " + dir + "'");
      }
      if (first == null) {
        first = c;
      }
      states.put(c.state().seed(), c.state());
    }
    Map<String, String> merged = new LinkedHashMap<>(
        opts.fromJson(first.config(), INFO_KEYS, "checkpoint " + first.file()));
    merged.remove("out");
    for (String name : RESUME_OVERRIDES) {
      if (flags.containsKey(name) && !name.equals("resume")) {
        merged.put(name, flags.get(name));
      }
    }
    merged.put("out", dir.toString());
    RunSpec spec = build(kind, merged, states, first.fingerprint(), verbose);
    for (TrainingState s : states.values()) {
      long index = s.seed() - spec.config().seed();
      if (index < 0 || index >= spec.config().seeds()) {
        throw new UsageException("checkpoint for seed " + s.seed() + " in " + dir
            + " is outside the run's seeds");
      }
      if (s.epoch() > spec.config().epochs()) {
        throw new UsageException("--epochs " + spec.config().epochs() + " is below the "
            + "checkpoint's epoch " + s.epoch() + " (seed " + s.seed() + ")");
      }
    }
    return spec;
  }

  /** Builds the configuration from option values (dashed names); validates every value. */
  static RunSpec build(Kind kind, Map<String, String> o, Map<Long, TrainingState> resumed,
      long fingerprint, boolean verbose) throws UsageException {
    KappaStressConfig.Builder b = KappaStressConfig.builder();
    CmrConfig d = CmrConfig.defaults();
    try {
      b.arms(kind == Kind.KAPPA_STRESS ? Arms.BOTH
          : !o.containsKey("cmr") || Options.onOff(o, "cmr") ? Arms.CMR : Arms.VANILLA);
      b.widths(widths(o));
      WeightInit init = o.containsKey("init") ? WeightInit.parse(o.get("init"))
          : WeightInit.ORTHOGONAL;
      b.init(init);
      b.initGain(o.containsKey("init-gain") ? Options.real(o, "init-gain")
          : init == WeightInit.HE ? 1.0 : 0.06);
      if (o.containsKey("activation")) {
        b.activation(Activation.parse(o.get("activation")));
      }
      if (o.containsKey("optimizer")) {
        b.optimizer(OptimizerKind.parse(o.get("optimizer")));
      }
      if (o.containsKey("epochs")) {
        b.epochs(Options.integer(o, "epochs"));
      }
      if (o.containsKey("batch")) {
        b.batchSize(Options.integer(o, "batch"));
      }
      if (o.containsKey("seed")) {
        b.seed(Options.longInteger(o, "seed"));
      }
      if (o.containsKey("seeds")) {
        b.seeds(Options.integer(o, "seeds"));
      }
      if (o.containsKey("lr")) {
        b.learningRate(Options.real(o, "lr"));
      }
      if (o.containsKey("momentum")) {
        b.momentum(Options.real(o, "momentum"));
      }
      if (o.containsKey("clip")) {
        b.clip(Options.real(o, "clip"));
      }
      if (o.containsKey("cmr-clip")) {
        b.cmrClip(Options.real(o, "cmr-clip"));
      }
      if (o.containsKey("warmup-epochs")) {
        b.warmupEpochs(Options.integer(o, "warmup-epochs"));
      }
      if (o.containsKey("threads")) {
        b.threads(Options.integer(o, "threads"));
      }
      if (o.containsKey("train-limit")) {
        b.trainLimit(Options.integer(o, "train-limit"));
      }
      if (o.containsKey("test-limit")) {
        b.testLimit(Options.integer(o, "test-limit"));
      }
      b.cmr(new CmrConfig(
          o.containsKey("eps") ? Options.real(o, "eps") : d.eps(),
          o.containsKey("order") ? Options.integer(o, "order") : d.maxOrder(),
          o.containsKey("beta") ? Options.real(o, "beta") : d.beta(),
          o.containsKey("alpha-edge") ? Options.real(o, "alpha-edge") : d.alphaEdge(),
          o.containsKey("alpha-moment") ? Options.real(o, "alpha-moment") : d.alphaMoment(),
          o.containsKey("lambda") ? Options.real(o, "lambda") : d.lambda(),
          o.containsKey("rho") ? Options.real(o, "rho") : d.rho()));
      SpectralMethod method = o.containsKey("spectral")
          ? SpectralMethod.parse(o.get("spectral")) : SpectralMethod.EXACT;
      int probes = o.containsKey("probes") ? Options.integer(o, "probes")
          : MatrixFreeOptions.DEFAULT_PROBES;
      try {
        b.spectral(new MatrixFreeOptions(method, probes, Lanczos.Options.defaults()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--" + e.getMessage());
      }
      KappaStressConfig config = b.build();
      String dataset = o.getOrDefault("dataset", "mnist");
      if (!DATASETS.contains(dataset)) {
        throw new IllegalArgumentException("--dataset must be one of mnist, fashion-mnist, got '"
            + dataset + "'");
      }
      Path data = o.containsKey("data") ? Path.of(o.get("data")) : null;
      if (o.containsKey("out") && o.get("out").isBlank()) {
        throw new IllegalArgumentException("--out needs a folder name, got an empty one");
      }
      Path out = o.containsKey("out") ? Path.of(o.get("out")) : null;
      return new RunSpec(kind, config, dataset, data, out, resumed, fingerprint, verbose);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The layer widths: {@code --widths}, or the defaults, with {@code --depth} and
   * {@code --width} rebuilding them as input, {@code depth - 1} hidden widths, classes.
   */
  private static int[] widths(Map<String, String> o) {
    int[] w = o.containsKey("widths") ? Options.integers(o, "widths")
        : KappaStressConfig.kappaStressWidths();
    if (w.length < 2) {
      throw new IllegalArgumentException("--widths needs at least 2 entries (input and"
          + " classes), got '" + o.get("widths") + "'");
    }
    if (!o.containsKey("depth") && !o.containsKey("width")) {
      return w;
    }
    if (o.containsKey("widths") && !uniformHidden(w)) {
      // rebuilding would silently drop the distinct hidden widths the user asked for
      throw new IllegalArgumentException("--depth/--width rebuild uniform hidden layers; give"
          + " either them or --widths " + o.get("widths") + ", not both");
    }
    int depth = o.containsKey("depth") ? Options.integer(o, "depth") : w.length - 1;
    int width = o.containsKey("width") ? Options.integer(o, "width")
        : w.length > 2 ? w[1] : 256;
    if (depth < 1 || depth > 1000) {
      throw new IllegalArgumentException("--depth must be in [1, 1000], got " + depth);
    }
    if (width < 1) {
      throw new IllegalArgumentException("--width must be >= 1, got " + width);
    }
    int[] v = new int[depth + 1];
    Arrays.fill(v, width);
    v[0] = w[0];
    v[depth] = w[w.length - 1];
    return v;
  }

  private static boolean uniformHidden(int[] widths) {
    for (int i = 2; i < widths.length - 1; i++) {
      if (widths[i] != widths[1]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Accepts a run folder that is new or empty and can be created: every existing part of
   * the path must be a folder, and the nearest existing one writable.
   */
  static void checkOutFolder(Path out) throws UsageException {
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new UsageException("--out " + out + " exists and is not a folder");
      }
      try {
        if (RunFolder.holdsRunFiles(out)) {
          throw new UsageException("--out " + out + " is not empty; give a new or empty folder"
              + " (or --resume " + out + " to continue it)");
        }
      } catch (IOException e) {
        throw new UsageException("--out " + out + " cannot be read: " + e.getMessage());
      }
      if (!Files.isWritable(out)) {
        throw new UsageException("--out " + out + " is not writable");
      }
      return;
    }
    Path p = out.toAbsolutePath().getParent();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null || !Files.isDirectory(p)) {
      throw new UsageException("--out " + out + " cannot be created: " + p
          + " is not a folder");
    }
    if (!Files.isWritable(p)) {
      throw new UsageException("--out " + out + " cannot be created: " + p
          + " is not writable");
    }
  }
}
