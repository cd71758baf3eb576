package dev.cmr.bench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.bench.BenchMain;
import dev.cmr.bench.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  @Test
  void defaultsAndQuickSettings() throws UsageException {
    TrainOptions o = TrainOptions.parse(List.of(), 2);
    assertEquals(2, o.threads());
    assertEquals(128, o.batch());
    assertEquals(200, o.steps());
    assertEquals(40, o.cmrSteps());
    assertEquals(5, o.repeats());
    assertEquals("/usr/bin/python3", o.python());
    assertNull(o.json());
    TrainOptions q = TrainOptions.parse(List.of("--quick", "--threads=1", "--steps", "7",
        "--json", "x.json"), 2);
    assertEquals(1, q.threads());
    assertEquals(7, q.steps());
    assertEquals(3, q.cmrSteps());
    assertEquals(2, q.repeats());
    assertEquals(Path.of("x.json"), q.json());
  }

  @Test
  void badOptionsNameTheOptionAndValue() {
    UsageException e = assertThrows(UsageException.class,
        () -> TrainOptions.parse(List.of("--steps", "0"), 2));
    assertTrue(e.getMessage().contains("--steps") && e.getMessage().contains("'0'"),
        e.getMessage());
    e = assertThrows(UsageException.class, () -> TrainOptions.parse(List.of("--bogus"), 2));
    assertTrue(e.getMessage().contains("--bogus"), e.getMessage());
    e = assertThrows(UsageException.class, () -> TrainOptions.parse(List.of("--batch"), 2));
    assertTrue(e.getMessage().contains("expects a value"), e.getMessage());
    assertEquals(BenchMain.USAGE, run(List.of("train", "--repeats", "x")).code);
  }

  @Test
  void missingTorchIsReportedNotSkipped(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("train.json");
    Result r = run(List.of("train", "--quick", "--steps", "2", "--cmr-steps", "1",
        "--repeats", "1", "--threads", "1", "--batch", "4",
        "--python", dir.resolve("no-such-python").toString(), "--json", json.toString()));
    assertEquals(BenchMain.OK, r.code, r.err);
    assertTrue(r.out.contains("pytorch_vanilla") && r.out.contains("missing (cannot start '"
        + dir.resolve("no-such-python")), r.out);
    assertTrue(r.out.contains("PyTorch did not run"), r.out);
    assertTrue(r.out.contains("CMR step / our vanilla step"), r.out);
    assertTrue(r.out.contains("caution: --quick times a few steps"), r.out);
    String text = Files.readString(json);
    assertTrue(text.contains("\"available\": false"), text);
    assertTrue(text.contains("\"ratio_vanilla_vs_pytorch\": null"), text);
    assertTrue(text.contains("\"samples_per_s_median\""), text);
  }

  @Test
  void theTorchScriptShipsWithTheRunner() throws Exception {
    try (var in = TorchTrainer.class.getResourceAsStream("torch_train.py")) {
      assertTrue(in != null && new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .contains("clip_grad_norm_"), "torch_train.py next to TorchTrainer");
    }
  }

  @Test
  void theStepLoopIsDeterministicAndLearns() {
    try (TrainStepLoop a = new TrainStepLoop(16, 7, 1);
        TrainStepLoop b = new TrainStepLoop(16, 7, 1)) {
      double first = a.step(false);
      b.step(false);
      for (int i = 0; i < 2; i++) {
        a.step(true);
        b.step(true);
      }
      assertArrayEquals(a.parameters(), b.parameters());
      double later = a.run(3 * TrainStepLoop.BATCHES, false);
      assertTrue(later < first, "mean loss " + later + " after a few epochs, first " + first);
      assertFalse(Double.isNaN(a.lastNorm()));
    }
  }

  private record Result(int code, String out, String err) {}

  private static Result run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchMain.standard().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }
}
