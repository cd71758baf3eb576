package dev.cmr.nn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.nn.WeightInit;
import dev.cmr.nn.train.KappaStressConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir
  Path tmp;

  /** Exit code and the two streams of one invocation. */
  record Outcome(int code, String out, String err) {}

  static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Outcome(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpGoesToStdoutWithExitZero() {
    Outcome o = run("kappa-stress", "--help");
    assertEquals(0, o.code());
    assertTrue(o.out().startsWith("Usage: cmr kappa-stress"), o.out());
    for (String flag : new String[] {"--epochs", "--batch", "--seed", "--lr", "--optimizer",
        "--momentum", "--activation", "--init-gain", "--init", "--clip", "--lambda", "--rho",
        "--alpha-edge", "--alpha-moment", "--beta", "--order", "--eps", "--warmup-epochs",
        "--data", "--out", "--seeds", "--threads", "--train-limit", "--test-limit",
        "--version"}) {
      assertTrue(o.out().contains(flag + " "), flag);
    }
    assertEquals("", o.err());
    Outcome top = run("--help");
    assertEquals(0, top.code());
    for (String command : new String[] {"kappa-stress", "train", "spectrum", "bench"}) {
      assertTrue(top.out().contains("  " + command + " "), command);
    }
    for (String command : new String[] {"train", "spectrum"}) {
      Outcome h = run(command, "--help");
      assertEquals(0, h.code());
      assertTrue(h.out().startsWith("Usage: cmr " + command), h.out());
      assertEquals("", h.err());
    }
    assertTrue(run("train", "--help").out().contains("--depth N"));
    assertTrue(run("train", "--help").out().contains("--resume DIR"));
    Outcome bench = run("bench");
    assertEquals(2, bench.code());
    assertTrue(bench.err().contains("./cmr"), bench.err());
  }

  @Test
  void versionPrintsOneLine() {
    Outcome o = run("--version");
    assertEquals(0, o.code());
    assertTrue(o.out().matches("cmr \\S+\\R"), o.out());
    assertEquals(o.out(), run("kappa-stress", "--version").out());
  }

  @Test
  void badFlagIsAUsageErrorAndCreatesNothing() {
    Path out = tmp.resolve("run");
    for (String[] args : new String[][] {
        {"kappa-stress", "--bogus", "1", "--out", out.toString()},
        {"kappa-stress", "--epochs", "many", "--out", out.toString()},
        {"kappa-stress", "--lambda", "-1", "--out", out.toString()},
        {"kappa-stress", "--optimizer", "lbfgs", "--out", out.toString()},
        {"kappa-stress", "--lr", "NaN", "--out", out.toString()},
        {"kappa-stress", "--out", out.toString(), "--epochs"},
        {"kappa-stress", "stray", "--out", out.toString()}}) {
      Outcome o = run(args);
      assertEquals(2, o.code(), String.join(" ", args));
      String[] lines = o.err().split("\\R");
      assertEquals(2, lines.length, o.err());
      assertTrue(lines[0].startsWith("cmr kappa-stress: "), lines[0]);
      assertTrue(lines[1].contains("--help"), lines[1]);
      assertEquals("", o.out());
      assertFalse(Files.exists(out), "no run folder after " + String.join(" ", args));
    }
    Outcome unknown = run("trian");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown command 'trian'"), unknown.err());
    assertEquals(2, run().code());
  }

  @Test
  void usageErrorsNameTheValue() {
    Outcome o = run("kappa-stress", "--epochs", "0");
    assertTrue(o.err().contains("epochs") && o.err().contains("0"), o.err());
    Outcome p = run("kappa-stress", "--activation", "sigmoid");
    assertTrue(p.err().contains("'sigmoid'"), p.err());
  }

  @Test
  void nonEmptyOutFolderIsRefused() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(out.resolve("keep.txt"), "x");
    Outcome o = run("kappa-stress", "--out", out.toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("not empty"), o.err());
  }

  @Test
  void missingDataFolderFailsWithExitOneAndNoTrace() {
    Path data = tmp.resolve("no-such-mnist");
    Path out = tmp.resolve("run");
    Outcome o = run("kappa-stress", "--data", data.toString(), "--out", out.toString());
    assertEquals(1, o.code());
    String[] lines = o.err().split("\\R");
    assertEquals(1, lines.length, o.err());
    assertTrue(lines[0].contains(data.toString()) && lines[0].contains("does not exist"),
        lines[0]);
    assertFalse(o.err().contains("\tat "), "no stack trace");
    assertFalse(Files.exists(out));
    Outcome verbose = run("kappa-stress", "--data", data.toString(), "--out", out.toString(),
        "--verbose");
    assertEquals(1, verbose.code());
    assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");
  }

  @Test
  void configFileIsReadAndFlagsOverrideIt() throws Exception {
    Path file = tmp.resolve("config.json");
    Files.writeString(file, "{\"command\": \"kappa-stress\", \"epochs\": 3, \"lambda\": 0.1,"
        + " \"init\": \"he\", \"widths\": [784, 64, 10], \"data\": null, \"seed\": 7}");
    RunSpec p = TrainingCommand.parse(TrainingCommand.Kind.KAPPA_STRESS,
        new String[] {"--config", file.toString(), "--epochs", "4"});
    KappaStressConfig c = p.config();
    assertEquals(4, c.epochs());
    assertEquals(0.1, c.cmr().lambda());
    assertEquals(7, c.seed());
    assertEquals(WeightInit.HE, c.init());
    assertEquals(1.0, c.initGain(), "He defaults to gain 1");
    assertEquals(3, c.widths().length);
    Files.writeString(file, "{\"epochz\": 3}");
    UsageException e = assertThrows(UsageException.class,
        () -> TrainingCommand.parse(TrainingCommand.Kind.KAPPA_STRESS,
            new String[] {"--config", file.toString()}));
    assertTrue(e.getMessage().contains("epochz"), e.getMessage());
  }

  @Test
  void defaultsAreThePublishedSetting() throws Exception {
    KappaStressConfig c = TrainingCommand.parse(TrainingCommand.Kind.KAPPA_STRESS,
        new String[0]).config();
    assertEquals(5, c.epochs());
    assertEquals(128, c.batchSize());
    assertEquals(42, c.seed());
    assertEquals(1e-3, c.learningRate());
    assertEquals(0.06, c.initGain());
    assertEquals(5.0, c.clip());
    assertEquals(0.0, c.cmrClip());
    assertEquals(1, c.warmupEpochs());
    assertEquals(0.03, c.cmr().lambda());
    assertEquals(16, c.widths().length);
    KappaStressConfig d = TrainingCommand.parse(TrainingCommand.Kind.KAPPA_STRESS,
        new String[] {"--seed=3", "--lambda=0.5", "--order", "7"}).config();
    assertEquals(3, d.seed());
    assertEquals(0.5, d.cmr().lambda());
    assertEquals(7, d.cmr().maxOrder());
  }
}
