package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.SpectralMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the subcommand on a tiny MNIST-shaped data set written as IDX files. */
class TrainingCommandTest {
  @TempDir
  Path tmp;

  private Path tinyMnist() throws IOException {
    Path dir = TinyData.write(tmp.resolve("mnist"), 1);
    Path config = tmp.resolve("base.json");
    Files.writeString(config, "{\"widths\": [16, 12, 12, 10], \"init_gain\": 0.5}");
    return dir;
  }

  @Test
  void writesEveryOutputFileAndTheComparisonTable() throws Exception {
    Path data = tinyMnist();
    Path out = tmp.resolve("run");
    MainTest.Outcome o = MainTest.run("kappa-stress", "--config",
        tmp.resolve("base.json").toString(), "--data", data.toString(), "--out",
        out.toString(), "--epochs", "3", "--batch", "16", "--seeds", "2", "--threads", "2");
    assertEquals(0, o.code(), o.err());
    assertEquals("", o.err());
    assertTrue(o.out().contains("published vanilla"), o.out());
    assertTrue(o.out().contains("Run folder: " + out.toAbsolutePath()), o.out());
    assertTrue(o.out().contains("epoch 1/3: 25% (2/6 steps"), "quarter lines when redirected");
    assertFalse(o.out().contains("\r"), "no bar when not on a terminal");

    List<String> csv = Files.readAllLines(out.resolve("epochs.csv"));
    assertEquals(RunFiles.EPOCH_COLUMNS, csv.get(0));
    assertEquals(1 + 2 * 2 * 3, csv.size(), "a row per seed, arm and epoch");
    int columns = RunFiles.EPOCH_COLUMNS.split(",").length;
    for (String row : csv) {
      assertEquals(columns, row.split(",", -1).length, row);
    }
    assertTrue(csv.get(1).startsWith("42,vanilla,1,0,1,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("42,cmr,1,0,1,"), csv.get(2));

    List<String> layers = Files.readAllLines(out.resolve("layers.jsonl"));
    assertEquals(2 * 2 * 3 * 3, layers.size(), "a line per seed, arm, epoch and layer");
    Map<?, ?> first = (Map<?, ?>) Json.parse(layers.get(0));
    assertEquals(12.0, first.get("rows"));
    assertEquals(16.0, first.get("cols"));
    assertTrue((Double) first.get("s_max") >= (Double) first.get("s_min"));

    Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(out.resolve("config.json")));
    assertEquals(3.0, config.get("epochs"));
    assertEquals(List.of(16.0, 12.0, 12.0, 10.0), config.get("widths"));
    assertEquals(96.0, config.get("train_count"));

    Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")));
    for (String arm : new String[] {"vanilla", "cmr"}) {
      Map<?, ?> a = (Map<?, ?>) summary.get(arm);
      for (String key : new String[] {"mean_condition_number", "mean_gradient_norm",
          "test_accuracy", "seconds"}) {
        assertTrue(a.get(key) instanceof Double, arm + "." + key);
      }
      double acc = (Double) a.get("test_accuracy");
      assertTrue(acc >= 0 && acc <= 1, "accuracy is a fraction: " + acc);
    }
    Map<?, ?> seeds = (Map<?, ?>) summary.get("seeds");
    assertEquals(2.0, seeds.get("count"));
    assertEquals(List.of(42.0, 43.0), seeds.get("values"));
    Map<?, ?> cmrSpread = (Map<?, ?>) ((Map<?, ?>) seeds.get("cmr")).get("test_accuracy");
    assertTrue((Double) cmrSpread.get("min") <= (Double) cmrSpread.get("median"));
    assertTrue((Double) cmrSpread.get("median") <= (Double) cmrSpread.get("max"));
    assertFalse(Files.exists(out.resolve("summary.json.tmp")));
    for (String name : new String[] {"spectra.json", "report.html", "checkpoint-seed42.zip",
        "checkpoint-seed43.zip"}) {
      assertTrue(Files.isRegularFile(out.resolve(name)), name);
    }
    Map<?, ?> spectra = (Map<?, ?>) Json.parse(Files.readString(out.resolve("spectra.json")));
    List<?> runs = (List<?>) spectra.get("runs");
    assertEquals(2, runs.size(), "a spectrum per seed");
    List<?> cmrLayers = (List<?>) ((Map<?, ?>) runs.get(1)).get("cmr");
    assertEquals(3, cmrLayers.size());
    List<?> values = (List<?>) ((Map<?, ?>) cmrLayers.get(0)).get("singular_values");
    assertEquals(12, values.size(), "min(12, 16) singular values of layer 0");
    assertTrue((Double) values.get(0) >= (Double) values.get(11), "descending");

    // the written config reproduces the run's settings
    RunSpec again = TrainingCommand.parse(TrainingCommand.Kind.KAPPA_STRESS,
        new String[] {"--config", out.resolve("config.json").toString()});
    assertEquals(3, again.config().epochs());
    assertEquals(16, again.config().batchSize());
    assertEquals(4, again.config().widths().length);
  }

  @Test
  void corruptDataFailsWithExitOne() throws Exception {
    Path data = tinyMnist();
    Files.write(data.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0});
    Path out = tmp.resolve("run");
    MainTest.Outcome o = MainTest.run("kappa-stress", "--data", data.toString(), "--out",
        out.toString());
    assertEquals(1, o.code());
    assertTrue(o.err().startsWith("cmr kappa-stress: "), o.err());
    assertTrue(o.err().contains("t10k-labels-idx1-ubyte"), o.err());
    assertFalse(Files.exists(out));
  }

  // ---------------------------------------------------------------------------------------
  // shared helpers

  private static final List<String> TIMING = List.of("seconds", "step_ms");

  /** epochs.csv without the wall-time columns, which differ run to run. */
  static List<String> epochRows(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve("epochs.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    List<String> rows = new java.util.ArrayList<>();
    for (String line : lines) {
      String[] cells = line.split(",", -1);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        if (!TIMING.contains(header.get(i))) {
          sb.append(cells[i]).append(',');
        }
      }
      rows.add(sb.toString());
    }
    return rows;
  }

  private static MainTest.Outcome run(String... args) {
    return MainTest.run(args);
  }

  /** The same arguments without the command name, for {@link TrainingCommand#parse}. */
  private String[] tinyOptions(Path data, Path out, String... more) {
    String[] all = tiny("train", data, out, more);
    return java.util.Arrays.copyOfRange(all, 1, all.length);
  }

  private String[] tiny(String command, Path data, Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of(command, "--data", data.toString(),
        "--out", out.toString(), "--widths", TinyData.WIDTHS, "--init-gain", "0.5",
        "--batch", "16", "--threads", "2"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  // ---------------------------------------------------------------------------------------
  // resume, train, data sets

  @Test
  void resumedRunIsBitIdenticalToAnUninterruptedOne() throws Exception {
    Path data = tinyMnist();
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    assertEquals(0, run(tiny("kappa-stress", data, a, "--epochs", "2")).code());
    MainTest.Outcome resumed = run("kappa-stress", "--resume", a.toString(), "--epochs", "3");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("resuming after epoch 2 of 3"), resumed.out());
    assertEquals(0, run(tiny("kappa-stress", data, b, "--epochs", "3")).code());

    CheckpointFile.Contents ca = CheckpointFile.read(a.resolve("checkpoint.zip"));
    CheckpointFile.Contents cb = CheckpointFile.read(b.resolve("checkpoint.zip"));
    assertEquals(3, ca.state().epoch());
    assertEquals(cb.state().vanilla(), ca.state().vanilla(), "vanilla weights and Adam state");
    assertEquals(cb.state().cmr(), ca.state().cmr(), "CMR weights and Adam state");
    assertEquals(epochRows(b), epochRows(a));
    assertEquals(Files.readAllLines(b.resolve("layers.jsonl")),
        Files.readAllLines(a.resolve("layers.jsonl")));
    Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(a.resolve("config.json")));
    assertEquals(3.0, config.get("epochs"), "the resumed configuration is recorded");
  }

  @Test
  void matrixFreeRunsRecordTheSwitchAndResumeBitIdentically() throws Exception {
    Path data = tinyMnist();
    Path a = tmp.resolve("mf-a");
    Path b = tmp.resolve("mf-b");
    assertEquals(0, run(tiny("kappa-stress", data, a, "--epochs", "2", "--spectral",
        "matrix-free", "--probes", "4")).code());
    Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(a.resolve("config.json")));
    assertEquals("matrix-free", config.get("spectral"));
    assertEquals(4.0, config.get("probes"));
    RunSpec again = TrainingCommand.parse(TrainingCommand.Kind.KAPPA_STRESS,
        new String[] {"--config", a.resolve("config.json").toString()});
    assertEquals(SpectralMethod.MATRIX_FREE, again.config().spectral().method());
    assertEquals(4, again.config().spectral().probes());
    MainTest.Outcome resumed = run("kappa-stress", "--resume", a.toString(), "--epochs", "3");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("matrix-free (4 probes)"), resumed.out());
    assertEquals(0, run(tiny("kappa-stress", data, b, "--epochs", "3", "--spectral",
        "matrix-free", "--probes", "4")).code());
    assertEquals(epochRows(b), epochRows(a));
    assertEquals(Files.readAllLines(b.resolve("layers.jsonl")),
        Files.readAllLines(a.resolve("layers.jsonl")));
    RunSpec auto = TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        new String[] {"--spectral", "auto"});
    assertEquals(SpectralMethod.AUTO, auto.config().spectral().method());
    assertEquals(SpectralMethod.EXACT, TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        new String[] {}).config().spectral().method());
  }

  @Test
  void trainRunsOneArmExactlyAsKappaStressDoes() throws Exception {
    Path data = tinyMnist();
    Path both = tmp.resolve("both");
    Path off = tmp.resolve("off");
    Path on = tmp.resolve("on");
    assertEquals(0, run(tiny("kappa-stress", data, both, "--epochs", "2")).code());
    MainTest.Outcome o = run(tiny("train", data, off, "--epochs", "2", "--cmr", "off"));
    assertEquals(0, o.code(), o.err());
    assertFalse(o.out().contains("published"), "no comparison table for a single run");
    assertEquals(0, run(tiny("train", data, on, "--epochs", "2")).code());
    assertEquals(CheckpointFile.read(both.resolve("checkpoint.zip")).state().vanilla(),
        CheckpointFile.read(off.resolve("checkpoint.zip")).state().vanilla());
    assertEquals(CheckpointFile.read(both.resolve("checkpoint.zip")).state().cmr(),
        CheckpointFile.read(on.resolve("checkpoint.zip")).state().cmr());
    assertEquals(null, CheckpointFile.read(off.resolve("checkpoint.zip")).state().cmr());

    Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(off.resolve("config.json")));
    assertEquals("train", config.get("command"));
    assertEquals("off", config.get("cmr"));
    assertFalse(config.containsKey("seeds"));
    Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(off.resolve("summary.json")));
    assertTrue(summary.containsKey("vanilla") && !summary.containsKey("cmr"), summary.toString());
    assertFalse(summary.containsKey("published"));
    assertEquals(1 + 2, Files.readAllLines(on.resolve("epochs.csv")).size(),
        "a row per epoch of the one arm");

    // the written configuration reproduces the run
    RunSpec again = TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        new String[] {"--config", off.resolve("config.json").toString()});
    assertEquals(dev.cmr.nn.train.Arms.VANILLA, again.config().arms());
    assertEquals(2, again.config().epochs());
    assertEquals(List.of(16, 12, 12, 10), java.util.Arrays.stream(again.config().widths())
        .boxed().toList());
  }

  @Test
  void depthAndWidthShapeTheNetwork() throws Exception {
    int[] w = TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        new String[] {"--depth", "4", "--width", "32"}).config().widths();
    assertEquals(List.of(784, 32, 32, 32, 10), java.util.Arrays.stream(w).boxed().toList());
    // a config file's widths are rebuilt by --depth on the command line
    Path config = Files.writeString(tmp.resolve("widths.json"),
        "{\"command\": \"train\", \"widths\": [784, 100, 10]}");
    int[] v = TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        new String[] {"--config", config.toString(), "--depth", "3"}).config().widths();
    assertEquals(List.of(784, 100, 100, 10), java.util.Arrays.stream(v).boxed().toList());
    RunSpec spec = TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        new String[] {"--cmr", "off", "--activation", "relu", "--init", "he", "--optimizer",
            "sgd", "--dataset", "fashion-mnist"});
    assertEquals(dev.cmr.nn.train.Arms.VANILLA, spec.config().arms());
    assertEquals("fashion-mnist", spec.dataset());
    assertEquals(dev.cmr.nn.train.Arms.CMR, TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        new String[0]).config().arms(), "CMR on by default");
  }

  @Test
  void fashionMnistIsReadFromItsFolder() throws Exception {
    Path data = tinyMnist();
    Path out = tmp.resolve("fashion");
    MainTest.Outcome o = run(tiny("train", data, out, "--dataset", "fashion-mnist",
        "--epochs", "1"));
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("data: fashion-mnist, 96 training / 40 test"), o.out());
    assertTrue(o.out().contains("note: CMR never starts: --warmup-epochs 1 covers all 1"
        + " epoch(s)"), o.out());
    Map<?, ?> config = (Map<?, ?>) Json.parse(Files.readString(out.resolve("config.json")));
    assertEquals("fashion-mnist", config.get("dataset"));

    Path missing = tmp.resolve("no-fashion");
    Path out2 = tmp.resolve("fashion2");
    MainTest.Outcome m = run("train", "--dataset", "fashion-mnist", "--data",
        missing.toString(), "--out", out2.toString());
    assertEquals(1, m.code());
    assertEquals(1, m.err().split("\\R").length, m.err());
    assertTrue(m.err().contains("Fashion-MNIST") || m.err().contains(missing.toString()),
        m.err());
    assertTrue(m.err().contains("dataset-fashion-mnist"), "hint: " + m.err());
    assertFalse(Files.exists(out2));
  }

  // ---------------------------------------------------------------------------------------
  // divergence and failures

  @Test
  void divergenceExitsThreeAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path data = tinyMnist();
    Path out = tmp.resolve("diverged");
    String[] args = tiny("train", data, out, "--cmr", "off", "--optimizer", "sgd",
        "--init-gain", "1", "--clip", "0", "--lr", "1e37", "--epochs", "8");
    MainTest.Outcome o = run(args);
    assertEquals(3, o.code(), o.err());
    String[] lines = o.err().split("\\R");
    assertEquals(2, lines.length, o.err());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "cmr train: vanilla arm diverged at epoch (\\d+), step (\\d+) \\(global step \\d+\\):"
        + " non-finite (loss|weights|biases|weight gradient|bias gradient|gradient norm)"
        + ".* layer (\\d+) \\(first value (NaN|-?Infinity)\\)").matcher(lines[0]);
    assertTrue(m.matches(), lines[0]);
    int epoch = Integer.parseInt(m.group(1));
    assertTrue(epoch >= 2, "diverges after the first checkpoint: " + lines[0]);
    assertTrue(lines[1].startsWith("hint: ") && lines[1].contains("checkpoint.zip"), lines[1]);
    assertFalse(o.err().contains("\tat "), "no stack trace");

    // the last good checkpoint is the state after the previous epoch, bit for bit
    CheckpointFile.Contents kept = CheckpointFile.read(out.resolve("checkpoint.zip"));
    assertEquals(epoch - 1, kept.state().epoch());
    Path clean = tmp.resolve("clean");
    String[] cleanArgs = args.clone();
    cleanArgs[cleanArgs.length - 1] = Integer.toString(epoch - 1);
    cleanArgs[java.util.Arrays.asList(cleanArgs).indexOf(out.toString())] = clean.toString();
    assertEquals(0, run(cleanArgs).code());
    assertEquals(CheckpointFile.read(clean.resolve("checkpoint.zip")).state().vanilla(),
        kept.state().vanilla());

    Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(out.resolve("summary.json")));
    Map<?, ?> d = (Map<?, ?>) summary.get("divergence");
    assertEquals((double) epoch, d.get("epoch"));
    assertEquals(Double.parseDouble(m.group(4)), d.get("layer"));
    List<String> csv = Files.readAllLines(out.resolve("epochs.csv"));
    assertEquals(epoch + 1, csv.size());
    assertTrue(csv.get(epoch).endsWith(",1"), "diverged flag on the last row: " + csv.get(epoch));
    assertTrue(Files.readString(out.resolve("report.html")).contains("Diverged"));
  }

  @Test
  void badCommandLinesAreUsageErrorsAndCreateNothing() throws Exception {
    Path data = tinyMnist();
    Path out = tmp.resolve("never");
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path trainConfig = Files.writeString(tmp.resolve("train.json"),
        "{\"command\": \"train\", \"cmr\": \"off\"}");
    String[][] cases = {
        {"train", "--depth", "0", "--out", out.toString()},
        {"train", "--cmr", "maybe", "--out", out.toString()},
        {"train", "--dataset", "cifar", "--out", out.toString()},
        {"train", "--seeds", "2", "--out", out.toString()},
        {"train", "--widths", "784,x,10", "--out", out.toString()},
        {"kappa-stress", "--cmr", "off", "--out", out.toString()},
        {"kappa-stress", "--config", trainConfig.toString(), "--out", out.toString()},
        {"kappa-stress", "--resume", empty.toString()},
        {"kappa-stress", "--resume", tmp.resolve("nowhere").toString()},
        {"kappa-stress", "--resume", empty.toString(), "--lr", "0.1"},
        {"train", "--out", file.resolve("sub").toString()},
        {"train", "--out", file.toString()},
        {"train", "--data", data.toString(), "--out", out.toString(), "--widths", "20,10"},
        {"train", "--widths", "784,32,16,10", "--width", "64", "--out", out.toString()},
        {"kappa-stress", "--order", "150", "--out", out.toString()},
        {"kappa-stress", "--rho", "2", "--out", out.toString()},
        {"kappa-stress", "--spectral", "fast", "--out", out.toString()},
        {"train", "--probes", "1", "--out", out.toString()},
        {"kappa-stress", "--resume", empty.toString(), "--spectral", "exact"},
        {"train", "--widths", "784,32,10", "--depth", "4", "--out", out.toString()},
        {"train", "--data", data.toString(), "--out", out.toString(), "--batch", "100000",
            "--widths", TinyData.WIDTHS},
        {"train", "--data", data.toString(), "--out", out.toString(), "--batch", "50",
            "--train-limit", "40", "--widths", TinyData.WIDTHS},
        {"train", "--out", ""},
    };
    String[] causes = {"depth", "on or off", "cifar", "--seeds", "784,x,10", "--cmr",
        "cmr train", "no checkpoint", "not a folder", "--lr cannot be combined",
        "cannot be created", "not a folder", "features", "one or the other",
        "maxOrder (K) must be in", "rho must be in [0, 1]", "exact, matrix-free or auto, got fast",
        "--probes must be in [2, 4096], got 1", "--spectral cannot be combined",
        "one or the other", "--batch 100000 exceeds the 96 training images",
        "--batch 50 exceeds the 40 training images (--train-limit)", "--out needs a folder"};
    for (int i = 0; i < cases.length; i++) {
      MainTest.Outcome o = run(cases[i]);
      String what = String.join(" ", cases[i]);
      assertEquals(2, o.code(), what + ": " + o.err());
      String[] lines = o.err().split("\\R");
      assertEquals(2, lines.length, what + ": " + o.err());
      assertTrue(lines[0].contains(causes[i]), what + ": " + lines[0]);
      assertTrue(lines[1].contains("--help"), lines[1]);
      assertFalse(Files.exists(out), "nothing created by " + what);
      assertFalse(Files.exists(file.resolveSibling("sub")));
    }
  }

  @Test
  void failureBeforeTheFirstEpochRemovesTheRunFolder() throws Exception {
    Path data = tinyMnist();
    Path parent = tmp.resolve("new-parent");
    Path out = parent.resolve("run");
    RunSpec spec = TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        tinyOptions(data, out, "--epochs", "2"));
    java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> TrainingRun.execute(spec, sink, sink,
            failAt(1)));
    assertEquals("injected failure in epoch 1", e.getMessage());
    assertFalse(Files.exists(parent), "the folders this run created are gone");

    // an existing empty folder is emptied again, not removed
    Path existing = Files.createDirectories(tmp.resolve("existing"));
    RunSpec again = TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        tinyOptions(data, existing, "--epochs", "2"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> TrainingRun.execute(again, sink, sink, failAt(1)));
    assertTrue(Files.isDirectory(existing));
    try (var list = Files.list(existing)) {
      assertEquals(0, list.count());
    }

    // after a completed epoch the folder and its checkpoint stay, ready for --resume
    Path later = tmp.resolve("later");
    RunSpec third = TrainingCommand.parse(TrainingCommand.Kind.TRAIN,
        tinyOptions(data, later, "--epochs", "2"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> TrainingRun.execute(third, sink, sink, failAt(2)));
    assertEquals(1, CheckpointFile.read(later.resolve("checkpoint.zip")).state().epoch());
    MainTest.Outcome resumed = run("train", "--resume", later.toString());
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(2, CheckpointFile.read(later.resolve("checkpoint.zip")).state().epoch());
  }

  private static dev.cmr.nn.train.TrainingListener failAt(int epoch) {
    return new dev.cmr.nn.train.TrainingListener() {
      @Override
      public void stepFinished(long seed, dev.cmr.nn.train.Arm arm, int e, int step,
          int steps, double meanLoss) {
        if (e == epoch && step == 2) {
          throw new IllegalStateException("injected failure in epoch " + epoch);
        }
      }
    };
  }

  @Test
  void resumeRefusesACorruptCheckpointOrOtherData() throws Exception {
    Path data = tinyMnist();
    Path out = tmp.resolve("r");
    assertEquals(0, run(tiny("train", data, out, "--epochs", "1")).code());
    Path other = TinyData.write(tmp.resolve("other-data"), 7);
    MainTest.Outcome o = run("train", "--resume", out.toString(), "--epochs", "2", "--data",
        other.toString());
    assertEquals(1, o.code());
    assertTrue(o.err().contains("data differ"), o.err());
    assertEquals(1, o.err().split("\\R").length, o.err());

    CheckpointFileTest.flipByteIn(out.resolve("checkpoint.zip"), "cmr/layer-01/weight");
    MainTest.Outcome c = run("train", "--resume", out.toString(), "--epochs", "2");
    assertEquals(1, c.code());
    assertTrue(c.err().contains("checksum mismatch in entry cmr/layer-01/weight"), c.err());
    assertFalse(c.err().contains("\tat "), "no stack trace");
  }
}
