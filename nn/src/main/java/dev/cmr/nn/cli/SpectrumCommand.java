package dev.cmr.nn.cli;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.engine.LayerSpectrum;
import dev.cmr.nn.train.Arm;
import dev.cmr.nn.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code spectrum} subcommand: analyses the weight matrices saved in a checkpoint. Per
 * arm and layer: the singular values (one-sided Jacobi SVD), the condition number
 * {@code kappa = s_1 / (s_r + 1e-8)}, the Chebyshev moments {@code m_3..m_K} of the
 * normalized Gram spectrum, and the CMR terms {@code C}, {@code M} and
 * {@code R = alpha_edge C + alpha_moment M} with the run's constants (CMR.md sections 3-4).
 */
final class SpectrumCommand {
  static final String NAME = "spectrum";

  private static final List<Options.Option> OPTIONS = List.of(
      new Options.Option("arm", "NAME", "vanilla or cmr (every arm in the checkpoint)"),
      new Options.Option("seed", "N", "the seed's checkpoint in a multi-seed run folder"),
      new Options.Option("json", "FILE", "also write the analysis, with every singular"
          + " value, as JSON"));

  private SpectrumCommand() {}

  /** One layer's analysis. */
  private record Layer(int layer, int rows, int cols, LayerSpectrum spectrum,
      double[] singularValues) {}

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
    String prefix = "cmr " + NAME + ": ";
    try {
      return run(args, out);
    } catch (UsageException e) {
      return Main.usageError(err, prefix, e.getMessage(), "cmr " + NAME);
    } catch (IOException | UncheckedIOException e) {
      return Main.failure(err, prefix, e.getMessage(), e, verbose);
    } catch (RuntimeException e) {
      return Main.failure(err, prefix, "failed: " + e, e, verbose);
    }
  }

  static String help() {
    return "Usage: cmr " + NAME + " PATH [options]\n\n" + """
        Analyses the weight matrices saved in a checkpoint: per arm and layer the singular
        values, the condition number kappa = s_1 / (s_r + 1e-8), the Chebyshev moments
        m_3..m_K of the normalized Gram spectrum, and the CMR terms C (edge), M (moment)
        and R = alpha_edge C + alpha_moment M, with the run's CMR constants. PATH is a
        checkpoint (.zip) or a run folder (its checkpoint).

        Options:
        """ + Options.helpLines(OPTIONS) + """
          --verbose               stack traces on failure
          --help                  this text
          --version               the version

        Exit status: 0 success, 1 failure (unreadable or refused checkpoint, I/O), 2 bad
        command line.
        """;
  }

  private static int run(String[] args, PrintStream out) throws UsageException, IOException {
    Options opts = Options.parse(args, OPTIONS, 1);
    Map<String, String> o = opts.values();
    if (opts.positional().isEmpty()) {
      throw new UsageException("missing PATH: a checkpoint file or a run folder");
    }
    Path path = Path.of(opts.positional().get(0));
    Arm only = null;
    if (o.containsKey("arm")) {
      only = switch (o.get("arm")) {
        case "vanilla" -> Arm.VANILLA;
        case "cmr" -> Arm.CMR;
        default -> throw new UsageException("--arm must be vanilla or cmr, got '"
            + o.get("arm") + "'");
      };
    }
    Path json = o.containsKey("json") ? Path.of(o.get("json")) : null;
    if (json != null) {
      Path parent = json.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new UsageException("--json " + json + ": folder " + parent + " does not exist");
      }
    }
    Path file = locate(path, o);

    CheckpointFile.Contents c = CheckpointFile.read(file);
    TrainingState state = c.state();
    TrainingCommand.Kind kind = TrainingCommand.Kind.of(c.command());
    if (kind == null) {
      throw new CheckpointFile.CheckpointException(file, "written by unknown command '"
          + c.command() + "'");
    }
    CmrConfig cmr;
    try {
      Map<String, String> values = Options.parse(new String[0],
          TrainingCommand.options(kind), 0).fromJson(c.config(), TrainingCommand.INFO_KEYS,
          "checkpoint " + file);
      cmr = TrainingCommand.build(kind, values, Map.of(), 0, false).config().cmr();
    } catch (UsageException e) {
      throw new CheckpointFile.CheckpointException(file, "configuration: " + e.getMessage());
    }
    if (only != null && state.arm(only) == null) {
      throw new UsageException("--arm " + only.label() + ": " + file + " holds no "
          + only.label() + " arm");
    }

    int[] widths = c.widths();
    out.printf(Locale.ROOT, "checkpoint: %s (cmr %s %s, seed %d, epoch %d)%n", file,
        c.command(), c.engineVersion(), state.seed(), state.epoch());
    out.printf(Locale.ROOT, "constants: eps %s, K %d, beta %s, alpha_edge %s, alpha_moment %s,"
        + " lambda %s%n", Format.number(cmr.eps()), cmr.maxOrder(), Format.number(cmr.beta()),
        Format.number(cmr.alphaEdge()), Format.number(cmr.alphaMoment()),
        Format.number(cmr.lambda()));
    Json.Writer w = new Json.Writer(true).beginObject()
        .member("checkpoint", file.toAbsolutePath().toString()).member("command", c.command())
        .member("seed", state.seed()).member("epoch", state.epoch());
    w.name("constants").beginObject().member("eps", cmr.eps()).member("order", cmr.maxOrder())
        .member("beta", cmr.beta()).member("alpha_edge", cmr.alphaEdge())
        .member("alpha_moment", cmr.alphaMoment()).member("lambda", cmr.lambda()).endObject();
    w.name("arms").beginObject();
    CmrRegularizer regularizer = new CmrRegularizer(cmr);
    for (Arm arm : Arm.values()) {
      TrainingState.ArmSnapshot s = state.arm(arm);
      if (s == null || (only != null && arm != only)) {
        continue;
      }
      List<Layer> layers = analyze(regularizer, s.parameters(), widths);
      printArm(out, arm, s, layers, cmr);
      jsonArm(w, arm, s, layers, cmr);
    }
    w.endObject().endObject();
    if (json != null) {
      try {
        Files.writeString(json, w + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IOException("cannot write --json " + json + ": " + e.getMessage(), e);
      }
      out.println();
      out.println("JSON: " + json.toAbsolutePath());
    }
    return Main.EXIT_OK;
  }

  /** The checkpoint file that {@code path} names. */
  private static Path locate(Path path, Map<String, String> o) throws UsageException,
      IOException {
    if (Files.isRegularFile(path)) {
      if (o.containsKey("seed")) {
        throw new UsageException("--seed picks a checkpoint in a run folder; " + path
            + " is a file");
      }
      return path;
    }
    if (!Files.isDirectory(path)) {
      throw new UsageException(path + " does not exist; give a checkpoint file or a run"
          + " folder");
    }
    List<Path> found = CheckpointFile.find(path);
    if (found.isEmpty()) {
      throw new UsageException(path + " holds no checkpoint (checkpoint.zip or"
          + " checkpoint-seed<N>.zip)");
    }
    if (o.containsKey("seed")) {
      Path p = path.resolve("checkpoint-seed" + Options.longInteger(o, "seed") + ".zip");
      if (!found.contains(p)) {
        throw new UsageException("--seed " + o.get("seed") + ": " + path + " holds "
            + found.stream().map(f -> f.getFileName().toString()).toList());
      }
      return p;
    }
    if (found.size() > 1) {
      throw new UsageException(path + " holds " + found.size() + " checkpoints (one per"
          + " seed); pick one with --seed N");
    }
    return found.get(0);
  }

  private static List<Layer> analyze(CmrRegularizer regularizer, float[] params, int[] w) {
    double[][] values = Spectra.singularValues(params, w);
    List<Layer> layers = new ArrayList<>();
    for (int l = 0; l + 1 < w.length; l++) {
      LayerSpectrum s;
      try {
        s = regularizer.analyze(Spectra.weights(params, w, l), w[l + 1], w[l]);
      } catch (IllegalArgumentException e) {
        s = null;
      }
      layers.add(new Layer(l, w[l + 1], w[l], s, values[l]));
    }
    return layers;
  }

  private static void printArm(PrintStream out, Arm arm, TrainingState.ArmSnapshot s,
      List<Layer> layers, CmrConfig cmr) {
    out.println();
    out.printf(Locale.ROOT, "%s arm (%s, %d optimizer steps)%n", arm.label(),
        s.optimizer().label(), s.steps());
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%5s  %-9s %10s %10s %10s",
        "layer", "shape", "s_max", "s_min", "kappa"));
    for (int k = 3; k <= cmr.maxOrder(); k++) {
      head.append(String.format(Locale.ROOT, " %8s", "m" + k));
    }
    head.append(String.format(Locale.ROOT, " %9s %9s %9s", "C", "M", "R"));
    out.println(head);
    double kappaSum = 0;
    double total = 0;
    for (Layer l : layers) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%5d  %-9s", l.layer(),
          l.rows() + "x" + l.cols()));
      LayerSpectrum p = l.spectrum();
      if (p == null) {
        out.println(row + " (weights not finite)");
        kappaSum = Double.NaN;
        total = Double.NaN;
        continue;
      }
      row.append(String.format(Locale.ROOT, " %10s %10s %10s", g(p.sMax()), g(p.sMin()),
          Format.kappa(p.conditionNumber())));
      double[] m = p.moments();
      for (int k = 3; k <= cmr.maxOrder(); k++) {
        row.append(String.format(Locale.ROOT, " %8.4f", m[k]));
      }
      row.append(String.format(Locale.ROOT, " %9.4f %9.4f %9.4f", p.edgeTerm(),
          p.momentPenalty(), p.regularizer()));
      out.println(row);
      kappaSum += p.conditionNumber();
      total += p.regularizer();
    }
    out.printf(Locale.ROOT, "mean kappa %s | sum R %s | lambda * sum R %s%n",
        Format.kappa(kappaSum / layers.size()), Format.fixed(total, 4),
        Format.fixed(cmr.lambda() * total, 4));
  }

  private static void jsonArm(Json.Writer w, Arm arm, TrainingState.ArmSnapshot s,
      List<Layer> layers, CmrConfig cmr) {
    w.name(arm.label()).beginObject().member("optimizer", s.optimizer().label())
        .member("step", s.steps());
    double kappaSum = 0;
    double total = 0;
    w.name("layers").beginArray();
    for (Layer l : layers) {
      LayerSpectrum p = l.spectrum();
      w.beginObject().member("layer", l.layer()).member("rows", l.rows())
          .member("cols", l.cols());
      if (p != null) {
        w.member("s_max", p.sMax()).member("s_min", p.sMin())
            .member("condition_number", p.conditionNumber()).member("edge_term", p.edgeTerm())
            .member("moment_penalty", p.momentPenalty()).member("regularizer", p.regularizer())
            .member("lambda_regularizer", cmr.lambda() * p.regularizer());
        w.name("moments").beginArray();
        for (double v : p.moments()) {
          w.value(v);
        }
        w.endArray();
        kappaSum += p.conditionNumber();
        total += p.regularizer();
      } else {
        kappaSum = Double.NaN;
        total = Double.NaN;
      }
      w.name("singular_values");
      if (l.singularValues() == null) {
        w.value((String) null);
      } else {
        w.beginArray();
        for (double v : l.singularValues()) {
          w.value(v);
        }
        w.endArray();
      }
      w.endObject();
    }
    w.endArray().member("mean_condition_number", kappaSum / layers.size())
        .member("regularizer_total", total).endObject();
  }

  private static String g(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
