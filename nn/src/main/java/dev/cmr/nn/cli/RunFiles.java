package dev.cmr.nn.cli;

import dev.cmr.engine.LayerSpectrum;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.LayerMetrics;
import dev.cmr.nn.train.TrainingListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The files of one run folder: {@code config.json}, {@code epochs.csv} (one row per arm and
 * epoch, fixed columns, flushed per line), {@code layers.jsonl} (one JSON object per arm,
 * epoch and layer) and {@code summary.json} (written atomically at the end).
 */
final class RunFiles implements TrainingListener, AutoCloseable {
  /** The columns of {@code epochs.csv}, in order. */
  static final String EPOCH_COLUMNS = "seed,arm,epoch,cmr_active,shared,steps,train_loss,"
      + "test_accuracy,mean_condition_number,max_condition_number,mean_grad_norm,"
      + "mean_task_grad_norm,mean_gamma,regularizer,seconds,step_ms,diverged";

  private final Path dir;
  private final BufferedWriter epochs;
  private final BufferedWriter layers;

  /** Creates the folder (and parents) and opens the per-epoch files. */
  RunFiles(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    epochs = Files.newBufferedWriter(dir.resolve("epochs.csv"), StandardCharsets.UTF_8);
    layers = Files.newBufferedWriter(dir.resolve("layers.jsonl"), StandardCharsets.UTF_8);
    epochs.write(EPOCH_COLUMNS);
    epochs.newLine();
    epochs.flush();
  }

  /** The run folder. */
  Path dir() {
    return dir;
  }

  /** Writes {@code name} in the folder atomically: a temporary file, then a rename. */
  void writeAtomically(String name, String text) throws IOException {
    Path target = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void epochFinished(EpochMetrics m) {
    try {
      double maxKappa = 0;
      for (LayerMetrics l : m.layers()) {
        maxKappa = Math.max(maxKappa, l.spectrum().conditionNumber());
      }
      epochs.write(String.join(",", Long.toString(m.seed()), m.arm().label(),
          Integer.toString(m.epoch()), bit(m.cmrActive()), bit(m.shared()),
          Integer.toString(m.steps()), num(m.trainLoss()), num(m.testAccuracy()),
          num(m.meanConditionNumber()), num(maxKappa), num(m.meanGradientNorm()),
          num(m.meanTaskGradientNorm()), num(m.meanGamma()), num(m.regularizer()),
          num(m.seconds()), num(m.meanStepMillis()), bit(m.diverged())));
      epochs.newLine();
      epochs.flush();
      for (LayerMetrics l : m.layers()) {
        layers.write(layerLine(m, l));
        layers.newLine();
      }
      layers.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    try (epochs; layers) {
      epochs.flush();
      layers.flush();
    }
  }

  private static String layerLine(EpochMetrics m, LayerMetrics l) {
    LayerSpectrum s = l.spectrum();
    Json.Writer w = new Json.Writer(false).beginObject()
        .member("seed", m.seed()).member("arm", m.arm().label()).member("epoch", m.epoch())
        .member("shared", m.shared()).member("layer", l.layer()).member("rows", s.rows())
        .member("cols", s.cols()).member("s_max", s.sMax()).member("s_min", s.sMin())
        .member("condition_number", s.conditionNumber()).member("edge_term", s.edgeTerm())
        .member("moment_penalty", s.momentPenalty()).member("regularizer", s.regularizer())
        .member("task_grad_norm", l.meanTaskGradientNorm());
    w.name("moments").beginArray();
    if (s.moments() != null) {
      for (double v : s.moments()) {
        w.value(v);
      }
    }
    return w.endArray().endObject().toString();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "NaN" : Double.toString(v);
  }

  private static String bit(boolean b) {
    return b ? "1" : "0";
  }
}
