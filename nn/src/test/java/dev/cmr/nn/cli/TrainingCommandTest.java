package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end runs of the subcommand on a tiny MNIST-shaped data set written as IDX files. */
class TrainingCommandTest {
  @TempDir
  Path tmp;

  private static void writeSplit(Path dir, String images, String labels, int count, long seed)
      throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    ByteBuffer img = ByteBuffer.allocate(16 + count * 16).putInt(0x803).putInt(count)
        .putInt(4).putInt(4);
    ByteBuffer lab = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
    for (int i = 0; i < count; i++) {
      int label = rng.nextInt(10);
      for (int p = 0; p < 16; p++) {
        // the label's pixel is bright, the others dim: learnable
        img.put((byte) (p == label ? 200 + rng.nextInt(56) : rng.nextInt(80)));
      }
      lab.put((byte) label);
    }
    Files.write(dir.resolve(images), img.array());
    Files.write(dir.resolve(labels), lab.array());
  }

  private Path tinyMnist() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("mnist"));
    writeSplit(dir, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 96, 1);
    writeSplit(dir, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 40, 2);
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
}
