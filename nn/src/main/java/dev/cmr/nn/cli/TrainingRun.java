package dev.cmr.nn.cli;

import dev.cmr.engine.SpectralMethod;
import dev.cmr.kernels.Kernels;
import dev.cmr.nn.data.FashionMnist;
import dev.cmr.nn.data.Mnist;
import dev.cmr.nn.data.MnistData;
import dev.cmr.nn.train.Arm;
import dev.cmr.nn.train.Arms;
import dev.cmr.nn.train.Divergence;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.KappaStressConfig;
import dev.cmr.nn.train.KappaStressTrainer;
import dev.cmr.nn.train.RunResult;
import dev.cmr.nn.train.TrainingListener;
import dev.cmr.nn.train.TrainingState;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Executes a {@link RunSpec}: loads the data, checks that it fits the network, creates (or
 * reopens) the run folder, trains every seed with progress, per-epoch files and a checkpoint
 * per epoch, then writes {@code summary.json}, {@code spectra.json} and {@code report.html}
 * and prints the final table.
 *
 * <p>Nothing is created before the data are loaded and the configuration is known to fit
 * them; a run that fails before its first epoch completes removes its folder again (also on
 * Ctrl-C).
 */
final class TrainingRun {
  private TrainingRun() {}

  /**
   * Runs {@code spec}; returns {@link Main#EXIT_OK} or {@link Main#EXIT_DIVERGED}.
   *
   * @throws UsageException if the configuration does not fit the data
   * @throws IOException if data, checkpoint or run folder cannot be read or written
   */
  static int execute(RunSpec spec, PrintStream out, PrintStream err)
      throws IOException, UsageException {
    return execute(spec, out, err, new TrainingListener() { });
  }

  /** {@link #execute(RunSpec, PrintStream, PrintStream)} with one more listener. */
  static int execute(RunSpec spec, PrintStream out, PrintStream err, TrainingListener extra)
      throws IOException, UsageException {
    KappaStressConfig config = spec.config();
    MnistData data = loadData(spec, out);
    int features = data.train().features();
    if (config.widths()[0] != features) {
      throw new UsageException("the network's input width " + config.widths()[0]
          + " does not match the " + features + " features of " + spec.dataset()
          + " (--widths must start with " + features + ")");
    }
    int trainCount = config.trainLimit() > 0
        ? Math.min(config.trainLimit(), data.train().count()) : data.train().count();
    if (config.batchSize() > trainCount) {
      throw new UsageException("--batch " + config.batchSize() + " exceeds the " + trainCount
          + " training images" + (config.trainLimit() > 0 ? " (--train-limit)" : ""));
    }
    KappaStressTrainer trainer;
    try {
      trainer = new KappaStressTrainer(config, data.train(), data.test());
    } catch (IllegalArgumentException e) {
      // the input width was checked above; what is left is data that do not fit the classes
      throw new UsageException(e.getMessage());
    }
    try (trainer) {
      long fingerprint = trainer.dataFingerprint();
      if (spec.resuming() && fingerprint != spec.fingerprint()) {
        throw new IOException("the data differ from those the run in " + spec.out()
            + " was trained on (fingerprint " + Long.toHexString(fingerprint) + ", saved "
            + Long.toHexString(spec.fingerprint()) + "); pass the --data folder it used");
      }
      Path dir = spec.out();
      if (dir == null) {
        dir = defaultOutFolder(spec.kind());
        TrainingCommand.checkOutFolder(dir);
      }
      RunFolder folder = spec.resuming() ? RunFolder.existing(dir) : RunFolder.create(dir);
      String prefix = "cmr " + spec.kind().command() + ": ";
      Thread cleanup = new Thread(() -> {
        err.println(prefix + folder.interruptionMessage(spec.kind().command()));
        err.flush();
        folder.discardIfUncommitted();
        folder.release();
      }, "cmr-run-folder-cleanup");
      Runtime.getRuntime().addShutdownHook(cleanup);
      try {
        return train(spec, trainer, folder, fingerprint, out, err, extra);
      } finally {
        folder.discardIfUncommitted();
        folder.release();
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down; the hook runs anyway
        }
      }
    }
  }

  private static int train(RunSpec spec, KappaStressTrainer trainer, RunFolder folder,
      long fingerprint, PrintStream out, PrintStream err, TrainingListener extra)
      throws IOException {
    KappaStressConfig config = spec.config();
    Path dir = folder.dir();
    String prefix = "cmr " + spec.kind().command() + ": ";
    List<RunResult> results = new ArrayList<>();
    List<double[][][]> spectra = new ArrayList<>();
    String configJson = configJson(spec, trainer, fingerprint);
    try (RunFiles files = new RunFiles(dir)) {
      files.writeAtomically("config.json", configJson);
      for (TrainingState s : new TreeMap<>(spec.resumed()).values()) {
        for (int e = 0; e < s.epoch(); e++) {
          for (Arm arm : Arm.values()) {
            if (e < s.history(arm).size()) {
              files.epochFinished(s.history(arm).get(e));
            }
          }
        }
      }
      printHeader(out, spec, trainer, dir);
      Progress progress = new Progress(out, onTerminal(), config.epochs(), colour());
      for (int i = 0; i < config.seeds(); i++) {
        long seed = config.seed() + i;
        Path checkpoint = dir.resolve(CheckpointFile.fileName(seed, config.seeds()));
        TrainingListener listener = listeners(extra, progress, files, new TrainingListener() {
          @Override
          public void checkpoint(TrainingState state) {
            try {
              CheckpointFile.write(checkpoint, spec.kind().command(), configJson, state,
                  fingerprint);
            } catch (IOException e) {
              throw new UncheckedIOException(e.getMessage(), e);
            }
            folder.commit();
          }
        });
        TrainingState saved = spec.resumed().get(seed);
        if (saved != null) {
          out.printf(Locale.ROOT, "seed %d: resuming after epoch %d of %d%n", seed,
              saved.epoch(), config.epochs());
        }
        RunResult r = saved != null ? trainer.resume(saved, listener)
            : trainer.run(seed, listener);
        results.add(r);
        spectra.add(finalSpectra(r, config.widths()));
        if (r.diverged()) {
          break;
        }
      }
      files.writeAtomically("summary.json", Summary.json(spec.kind(), results));
      files.writeAtomically("spectra.json",
          Summary.spectraJson(results, spectra, config.widths()));
      files.writeAtomically("report.html",
          Report.html(spec, trainer.trainCount(), trainer.testCount(), results, spectra));
      folder.commit();
    }
    Summary.printTable(out, spec.kind(), results);
    out.println();
    out.println("Run folder: " + dir.toAbsolutePath());
    out.println("Report:     " + dir.resolve("report.html").toAbsolutePath());
    out.flush();
    Divergence d = results.get(results.size() - 1).divergence();
    if (d == null) {
      return Main.EXIT_OK;
    }
    RunResult last = results.get(results.size() - 1);
    Path checkpoint = dir.resolve(CheckpointFile.fileName(last.seed(), config.seeds()));
    err.println(prefix + d.message());
    err.println(Files.exists(checkpoint)
        ? "hint: the last good state is " + checkpoint + " (epoch " + (d.epoch() - 1)
            + "); lower --lr or use --clip, then start again"
        : "hint: it diverged in the first epoch; lower --lr or use --clip");
    return Main.EXIT_DIVERGED;
  }

  /** Singular values per arm (by ordinal) and layer of a result's final parameters. */
  private static double[][][] finalSpectra(RunResult r, int[] widths) {
    double[][][] s = new double[Arm.values().length][][];
    for (Arm arm : Arm.values()) {
      if (r.has(arm) && r.parameters(arm) != null) {
        s[arm.ordinal()] = Spectra.singularValues(r.parameters(arm), widths);
      }
    }
    return s;
  }

  private static MnistData loadData(RunSpec spec, PrintStream out) throws IOException {
    if (spec.dataset().equals("fashion-mnist")) {
      return FashionMnist.load(spec.data() != null ? spec.data() : FashionMnist.DEFAULT_DIR);
    }
    if (spec.data() != null) {
      return Mnist.load(spec.data());
    }
    Path cached = Mnist.ensureCached(Mnist.defaultCacheDir(), msg -> out.println("data: " + msg));
    return Mnist.load(cached);
  }

  private static Path defaultOutFolder(TrainingCommand.Kind kind) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path base = Path.of("runs", kind.command() + "-" + stamp);
    Path p = base;
    for (int i = 2; Files.exists(p); i++) {
      p = Path.of(base + "-" + i);
    }
    return p;
  }

  private static TrainingListener listeners(TrainingListener... all) {
    return new TrainingListener() {
      @Override
      public void epochStarted(long seed, Arm arm, int epoch, int steps) {
        for (TrainingListener l : all) {
          l.epochStarted(seed, arm, epoch, steps);
        }
      }

      @Override
      public void stepFinished(long seed, Arm arm, int epoch, int step, int steps,
          double meanLoss) {
        for (TrainingListener l : all) {
          l.stepFinished(seed, arm, epoch, step, steps, meanLoss);
        }
      }

      @Override
      public void epochFinished(EpochMetrics metrics) {
        for (TrainingListener l : all) {
          l.epochFinished(metrics);
        }
      }

      @Override
      public void checkpoint(TrainingState state) {
        for (TrainingListener l : all) {
          l.checkpoint(state);
        }
      }
    };
  }

  private static void printHeader(PrintStream out, RunSpec spec, KappaStressTrainer trainer,
      Path dir) {
    KappaStressConfig c = spec.config();
    int[] w = c.widths();
    out.printf(Locale.ROOT, "cmr %s %s%n", spec.kind().command(), Main.version());
    out.printf(Locale.ROOT, "data: %s, %d training / %d test images%n", spec.dataset(),
        trainer.trainCount(), trainer.testCount());
    out.printf(Locale.ROOT, "network: %d layers %s, %s, %s init x %s%n", w.length - 1,
        widthsText(w), c.activation().label(), c.init().label(), Format.number(c.initGain()));
    out.printf(Locale.ROOT, "training: %s lr %s, batch %d, %d epochs of %d steps, seed %d%s%n",
        c.optimizer().label(), Format.number(c.learningRate()), c.batchSize(), c.epochs(),
        trainer.stepsPerEpoch(), c.seed(), c.seeds() > 1 ? " (+" + (c.seeds() - 1) + ")" : "");
    String cmr = String.format(Locale.ROOT, "cmr: lambda %s, rho %s, from epoch %d, %s%s",
        Format.number(c.cmr().lambda()), Format.number(c.cmr().rho()), c.warmupEpochs() + 1,
        c.cmrClip() > 0 ? "clip " + Format.number(c.cmrClip()) : "no clipping",
        c.spectral().method() == SpectralMethod.EXACT ? ""
            : ", " + c.spectral().method().cliName() + " (" + c.spectral().probes()
                + " probes)");
    String vanilla = "vanilla: clip " + (c.clip() > 0 ? Format.number(c.clip()) : "off");
    String arms = switch (c.arms()) {
      case BOTH -> vanilla + " | " + cmr;
      case VANILLA -> "CMR off | clip " + (c.clip() > 0 ? Format.number(c.clip()) : "off");
      case CMR -> cmr + " (clip " + (c.clip() > 0 ? Format.number(c.clip()) : "off")
          + " before)";
    };
    // the spectral workers never outnumber the layers
    out.printf(Locale.ROOT, "%s | spectral threads %d%n", arms,
        Math.min(c.threads(), w.length - 1));
    if (c.arms() != Arms.VANILLA && c.warmupEpochs() >= c.epochs()) {
      out.printf(Locale.ROOT, "note: CMR never starts: --warmup-epochs %d covers all %d"
          + " epoch(s); give --epochs %d or more, or a smaller --warmup-epochs%n",
          c.warmupEpochs(), c.epochs(), c.warmupEpochs() + 1);
    }
    out.println("kernels: " + Kernels.description());
    out.println("output: " + dir);
    out.flush();
  }

  static String widthsText(int[] w) {
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

  /** The effective configuration: every option's value, plus informational keys. */
  static String configJson(RunSpec spec, KappaStressTrainer trainer, long fingerprint) {
    KappaStressConfig c = spec.config();
    Json.Writer w = new Json.Writer(true).beginObject()
        .member("command", spec.kind().command()).member("version", Main.version())
        .member("dataset", spec.dataset());
    w.name("widths").beginArray();
    for (int x : c.widths()) {
      w.value(x);
    }
    w.endArray()
        .member("activation", c.activation().label()).member("init", c.init().label())
        .member("init_gain", c.initGain()).member("optimizer", c.optimizer().label())
        .member("lr", c.learningRate()).member("momentum", c.momentum())
        .member("epochs", c.epochs()).member("batch", c.batchSize()).member("seed", c.seed());
    if (spec.kind() == TrainingCommand.Kind.KAPPA_STRESS) {
      w.member("seeds", c.seeds());
    } else {
      w.member("cmr", c.arms() == Arms.CMR ? "on" : "off");
    }
    w.member("clip", c.clip()).member("cmr_clip", c.cmrClip())
        .member("warmup_epochs", c.warmupEpochs()).member("lambda", c.cmr().lambda())
        .member("rho", c.cmr().rho()).member("alpha_edge", c.cmr().alphaEdge())
        .member("alpha_moment", c.cmr().alphaMoment()).member("beta", c.cmr().beta())
        .member("order", c.cmr().maxOrder()).member("eps", c.cmr().eps())
        .member("spectral", c.spectral().method().cliName())
        .member("probes", c.spectral().probes())
        .member("threads", c.threads()).member("train_limit", c.trainLimit())
        .member("test_limit", c.testLimit())
        .member("data", spec.data() == null ? null : spec.data().toAbsolutePath().toString())
        .member("arms", c.arms().label())
        .member("train_count", trainer.trainCount()).member("test_count", trainer.testCount())
        .member("steps_per_epoch", trainer.stepsPerEpoch())
        .member("data_fingerprint", Long.toHexString(fingerprint));
    return w.endObject() + "\n";
  }

  /** Whether the JVM is attached to an interactive terminal (false when output is piped). */
  private static boolean onTerminal() {
    Console c = System.console();
    return c != null && c.isTerminal();
  }

  /** Colour on a terminal unless {@code NO_COLOR} is set (to anything) or TERM is dumb. */
  private static boolean colour() {
    String noColor = System.getenv("NO_COLOR");
    String term = System.getenv("TERM");
    return onTerminal() && (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
  }
}
