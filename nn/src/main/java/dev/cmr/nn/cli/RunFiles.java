package dev.cmr.nn.cli;

import dev.cmr.engine.LayerSpectrum;
import dev.cmr.nn.train.EpochMetrics;
import dev.cmr.nn.train.LayerMetrics;
import dev.cmr.nn.train.TrainingListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The per-epoch files of one run folder: {@code epochs.csv} (one row per arm and epoch,
 * fixed columns, flushed per line) and {@code layers.jsonl} (one JSON object per arm, epoch
 * and layer, NaN written as null), plus atomic writes of whole files ({@code config.json},
 * {@code summary.json}, ...). A resumed run rewrites both files from the checkpoint's
 * history, so they never hold rows of an epoch the checkpoint does not.
 */
final class RunFiles implements TrainingListener, AutoCloseable {
  /** The columns of {@code epochs.csv}, in order. */
  static final String EPOCH_COLUMNS = "seed,arm,epoch,cmr_active,shared,steps,train_loss,"
      + "test_accuracy,mean_condition_number,max_condition_number,mean_grad_norm,"
      + "mean_task_grad_norm,mean_gamma,regularizer,seconds,step_ms,diverged";

  private final Path dir;
  private final BufferedWriter epochs;
  private final BufferedWriter layers;

  /** Opens (truncating) the per-epoch files in the existing folder {@code dir}. */
  RunFiles(Path dir) throws IOException {
    this.dir = dir;
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

  /**
   * Writes {@code name} in the folder atomically: a temporary file, forced to disk, then a
   * rename over the old file.
   */
  void writeAtomically(String name, String text) throws IOException {
    Path target = dir.resolve(name);
    Path tmp = dir.resolve(name + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    syncFolder(dir);
  }

  /**
   * Forces a folder's entries (a rename) to disk where the platform allows opening a folder;
   * elsewhere the rename is durable as far as the file system makes it.
   */
  static void syncFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Limitation: some platforms cannot open a folder as a channel; the rename stands.
    }
  }

  /** Writes the rows of epochs already trained (a resumed run's history), in order. */
  void replay(List<EpochMetrics> history) {
    for (EpochMetrics m : history) {
      epochFinished(m);
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
