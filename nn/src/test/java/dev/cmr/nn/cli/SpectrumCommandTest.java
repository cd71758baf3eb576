package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.Svd;
import dev.cmr.nn.train.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrumCommandTest {
  @TempDir
  static Path tmp;

  private static Path single;
  private static Path multi;

  @BeforeAll
  static void runs() throws Exception {
    Path data = TinyData.write(tmp.resolve("data"), 1);
    single = tmp.resolve("single");
    multi = tmp.resolve("multi");
    for (Path out : new Path[] {single, multi}) {
      MainTest.Outcome o = MainTest.run("kappa-stress", "--data", data.toString(), "--out",
          out.toString(), "--widths", TinyData.WIDTHS, "--init-gain", "0.5", "--batch", "32",
          "--epochs", "2", "--seeds", out == multi ? "2" : "1");
      assertEquals(0, o.code(), o.err());
    }
  }

  @Test
  void printsATablePerArmAndWritesEverySingularValue() throws Exception {
    Path json = tmp.resolve("spectrum.json");
    MainTest.Outcome o = MainTest.run("spectrum", single.toString(), "--json", json.toString());
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("seed 42, epoch 2"), o.out());
    assertTrue(o.out().contains("vanilla arm (adam, 6 optimizer steps)"), o.out());
    assertTrue(o.out().contains("cmr arm"), o.out());
    for (String column : new String[] {"s_max", "s_min", "kappa", "m3", "m4", "m5", "C", "M",
        "R"}) {
      assertTrue(o.out().contains(" " + column), column);
    }
    assertTrue(o.out().contains("    2  10x12"), o.out());

    Map<?, ?> doc = (Map<?, ?>) Json.parse(Files.readString(json));
    TrainingState state = CheckpointFile.read(single.resolve("checkpoint.zip")).state();
    int[] w = {16, 12, 12, 10};
    for (String arm : new String[] {"vanilla", "cmr"}) {
      List<?> layers = (List<?>) ((Map<?, ?>) ((Map<?, ?>) doc.get("arms")).get(arm))
          .get("layers");
      assertEquals(3, layers.size());
      float[] params = (arm.equals("vanilla") ? state.vanilla() : state.cmr()).parameters();
      for (int l = 0; l < 3; l++) {
        Map<?, ?> layer = (Map<?, ?>) layers.get(l);
        List<?> s = (List<?>) layer.get("singular_values");
        double[] expected = Svd.decompose(Spectra.weights(params, w, l), w[l + 1], w[l], false,
            false).singularValues();
        assertEquals(Math.min(w[l], w[l + 1]), s.size());
        assertEquals(expected[0], (Double) s.get(0), 1e-12 * expected[0]);
        assertEquals(expected[0], (Double) layer.get("s_max"), 1e-9 * expected[0]);
        double sMin = expected[expected.length - 1];
        assertEquals(expected[0] / (sMin + 1e-8), (Double) layer.get("condition_number"),
            1e-8 * expected[0] / sMin);
        assertEquals(6, ((List<?>) layer.get("moments")).size(), "m_0..m_5");
        double r = (Double) layer.get("edge_term") + 0.1 * (Double) layer.get("moment_penalty");
        assertEquals(r, (Double) layer.get("regularizer"), 1e-9 * Math.abs(r));
      }
    }
  }

  @Test
  void oneArmAndOneSeedCanBePicked() {
    MainTest.Outcome o = MainTest.run("spectrum", single.resolve("checkpoint.zip").toString(),
        "--arm", "cmr");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("cmr arm") && !o.out().contains("vanilla arm"), o.out());
    MainTest.Outcome ambiguous = MainTest.run("spectrum", multi.toString());
    assertEquals(2, ambiguous.code());
    assertTrue(ambiguous.err().contains("--seed"), ambiguous.err());
    MainTest.Outcome picked = MainTest.run("spectrum", multi.toString(), "--seed", "43");
    assertEquals(0, picked.code(), picked.err());
    assertTrue(picked.out().contains("seed 43"), picked.out());
  }

  @Test
  void badPathsAndCheckpointsAreRefused() throws Exception {
    MainTest.Outcome missing = MainTest.run("spectrum", tmp.resolve("nothing").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.err());
    assertEquals(2, MainTest.run("spectrum").code());
    assertEquals(2, MainTest.run("spectrum", single.toString(), "--arm", "both").code());

    Path copy = tmp.resolve("copy.zip");
    Files.copy(single.resolve("checkpoint.zip"), copy);
    CheckpointFileTest.rewrite(copy, e -> e.put("manifest.json", new String(
        e.get("manifest.json")).replace("\"format_version\": 1", "\"format_version\": 9")
        .getBytes()));
    MainTest.Outcome version = MainTest.run("spectrum", copy.toString());
    assertEquals(1, version.code());
    assertEquals(1, version.err().split("\\R").length, version.err());
    assertTrue(version.err().contains("format version 9 is not supported"), version.err());
    assertFalse(version.err().contains("\tat "));
  }
}
