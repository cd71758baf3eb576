package dev.cmr.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cmr.bench.runner.Measurement.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GemmBenchTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  /** A correct triple loop, summed in double. */
  private static class NaiveContender implements Contender {
    private GemmProblem problem;

    @Override
    public String name() {
      return "naive";
    }

    @Override
    public String open() throws UnavailableException {
      return "triple loop";
    }

    @Override
    public Object load(GemmProblem p) {
      problem = p;
      return product();
    }

    Object product() {
      GemmShape s = problem.shape();
      double[] c = new double[s.m() * s.n()];
      boolean isFloat = problem.precision() == Precision.FLOAT;
      for (int i = 0; i < s.m(); i++) {
        for (int j = 0; j < s.n(); j++) {
          double sum = 0;
          for (int l = 0; l < s.k(); l++) {
            int ai = s.transA() ? l * s.m() + i : i * s.k() + l;
            int bi = s.transB() ? j * s.k() + l : l * s.n() + j;
            sum += isFloat ? (double) problem.aFloat()[ai] * problem.bFloat()[bi]
                : problem.aDouble()[ai] * problem.bDouble()[bi];
          }
          c[i * s.n() + j] = sum;
        }
      }
      if (!isFloat) {
        return c;
      }
      float[] f = new float[c.length];
      for (int i = 0; i < c.length; i++) {
        f[i] = (float) c[i];
      }
      return f;
    }

    @Override
    public double time(int calls) {
      long start = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        product();
      }
      return (System.nanoTime() - start) * 1e-9;
    }

    @Override
    public void unload() {
      problem = null;
    }

    @Override
    public void close() {
      unload();
    }
  }

  /** The naive product with one element off by a quarter: a deliberately wrong contender. */
  private static final class WrongContender extends NaiveContender {
    @Override
    public String name() {
      return "wrong";
    }

    @Override
    Object product() {
      Object c = super.product();
      if (c instanceof float[] f) {
        f[f.length / 2] += 0.25f;
      } else if (c instanceof double[] d) {
        d[d.length / 2] += 0.25;
      }
      return c;
    }
  }

  /** A contender that is never available here. */
  private static final class AbsentContender extends NaiveContender {
    @Override
    public String name() {
      return "absent";
    }

    @Override
    public String open() throws UnavailableException {
      throw new UnavailableException("libabsent is not installed");
    }
  }

  /** A contender whose multiply throws. */
  private static final class BrokenContender extends NaiveContender {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public Object load(GemmProblem p) {
      throw new IllegalStateException("kernel exploded");
    }
  }

  private static GemmOptions quick(String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("--quick", "--sizes", "8,5x12x3",
        "--threads", "1"));
    args.addAll(List.of(extra));
    return GemmOptions.parse(args, 1);
  }

  /** The naive product under its own name, logging when each multiply starts and ends. */
  private static final class LoggingContender extends NaiveContender {
    private final String name;
    private final List<Object[]> log;

    LoggingContender(String name, List<Object[]> log) {
      this.name = name;
      this.log = log;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Object load(GemmProblem p) {
      long start = System.nanoTime();
      Object product = super.load(p);
      log.add(new Object[] {name, start, System.nanoTime()});
      return product;
    }

    @Override
    public double time(int calls) {
      long start = System.nanoTime();
      double seconds = super.time(calls);
      log.add(new Object[] {name, start, System.nanoTime()});
      return seconds;
    }
  }

  @Test
  void everySwitchOfContenderWaitsForTheSettlePause() throws Exception {
    List<Object[]> log = new java.util.ArrayList<>();
    int settleMillis = 30;
    new GemmBench(quick("--settle-ms", Integer.toString(settleMillis)), List.of(
        new LoggingContender("one", log), new LoggingContender("two", log)), err).run();
    int switches = 0;
    for (int i = 1; i < log.size(); i++) {
      Object[] before = log.get(i - 1);
      Object[] after = log.get(i);
      if (!before[0].equals(after[0])) {
        switches++;
        long gap = (long) after[1] - (long) before[2];
        assertTrue(gap >= TimeUnit.MILLISECONDS.toNanos(settleMillis),
            "call " + i + " started " + gap + " ns after the other contender's");
      }
    }
    assertTrue(switches >= 2 * 3, "contenders alternate in each timed round: " + switches);
  }

  @Test
  void verificationCatchesAWrongContenderAndKeepsTheRightOnes() throws Exception {
    GemmReport report = new GemmBench(quick(), List.of(new CmrContender(),
        new NaiveContender(), new WrongContender(), new AbsentContender(),
        new BrokenContender()), err).run();

    assertTrue(report.failed());
    assertEquals(4, report.cases().size());
    for (CaseResult c : report.cases()) {
      assertEquals(Outcome.OK, c.of("cmr").outcome());
      assertTrue(c.of("cmr").timed());
      Measurement naive = c.of("naive");
      assertEquals(Outcome.OK, naive.outcome(), naive.message());
      assertTrue(naive.verification().passed());
      assertTrue(c.ratio("cmr", "naive") > 0);
      Measurement wrong = c.of("wrong");
      assertEquals(Outcome.WRONG, wrong.outcome());
      assertFalse(wrong.verification().passed());
      assertTrue(wrong.message().contains("relative error"), wrong.message());
      assertTrue(Double.isNaN(c.ratio("cmr", "wrong")));
      assertEquals(Outcome.MISSING, c.of("absent").outcome());
      assertEquals("libabsent is not installed", c.of("absent").message());
      assertEquals(Outcome.ERROR, c.of("broken").outcome());
      assertTrue(c.of("broken").message().contains("kernel exploded"));
      assertEquals(3, c.of("cmr").samplesSeconds().length);
    }
    String table = ReportTable.render(report);
    assertTrue(table.contains("WRONG"), table);
    assertTrue(table.contains("absent: missing (libabsent is not installed)"), table);
    assertTrue(table.contains("kernel exploded"), table);
    assertTrue(table.startsWith("GEMM C = op(A) op(B)"), table);
    assertTrue(table.contains(", 1 thread,"), table);
    assertTrue(table.strip().endsWith(" s") && table.contains("FAILED"), table);
  }

  @Test
  void theCommandExitsWithOneOnAWrongResultAndWritesItsJson(@TempDir Path dir)
      throws Exception {
    Path json = dir.resolve("gemm.json");
    GemmCommand command = new GemmCommand(o -> List.of(new CmrContender(),
        new WrongContender()));
    int code = command.run(List.of("--quick", "--sizes", "6", "--types", "double",
        "--threads", "1", "--json", json.toString()), out, err);
    assertEquals(1, code, errBytes.toString(StandardCharsets.UTF_8));
    Map<?, ?> root = (Map<?, ?>) MiniJsonParser.parse(Files.readString(json));
    assertEquals(false, root.get("ok"));
    Map<?, ?> only = (Map<?, ?>) ((List<?>) root.get("cases")).get(0);
    Map<?, ?> wrong = (Map<?, ?>) ((List<?>) only.get("results")).get(1);
    assertEquals("wrong", wrong.get("contender"));
    assertEquals("wrong", wrong.get("status"));
    assertTrue((Double) wrong.get("relativeError") > (Double) wrong.get("errorBound"));
    assertEquals(null, wrong.get("referenceRatio"));
  }

  @Test
  void aCorrectRunExitsWithZeroAndItsJsonHoldsEveryMeasurement(@TempDir Path dir)
      throws Exception {
    Path json = dir.resolve("gemm.json");
    GemmCommand command = new GemmCommand(o -> List.of(new CmrContender(),
        new NaiveContender()));
    int code = command.run(List.of("--quick", "--sizes", "4x6x5", "--threads", "1",
        "--json", json.toString()), out, err);
    assertEquals(0, code, errBytes.toString(StandardCharsets.UTF_8));
    Map<?, ?> root = (Map<?, ?>) MiniJsonParser.parse(Files.readString(json));
    assertEquals(true, root.get("ok"));
    assertEquals(1.0, ((Map<?, ?>) root.get("settings")).get("threads"));
    List<?> peaks = (List<?>) root.get("fmaPeak");
    assertEquals(2, peaks.size());
    assertTrue((Double) ((Map<?, ?>) peaks.get(0)).get("gflops") > 0);
    List<?> cases = (List<?>) root.get("cases");
    assertEquals(2, cases.size());
    for (Object c : cases) {
      Map<?, ?> entry = (Map<?, ?>) c;
      assertEquals(2.0 * 4 * 6 * 5, entry.get("flops"));
      List<?> results = (List<?>) entry.get("results");
      Map<?, ?> ours = (Map<?, ?>) results.get(0);
      Map<?, ?> naive = (Map<?, ?>) results.get(1);
      assertEquals("ok", ours.get("status"));
      assertEquals(3, ((List<?>) ours.get("samplesSeconds")).size());
      double ratio = (Double) naive.get("referenceRatio");
      double expected = (Double) ours.get("gflops") / (Double) naive.get("gflops");
      assertEquals(expected, ratio, 1e-9 * expected);
    }
    String table = outBytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("cmr/naive"), table);
    assertTrue(table.contains("4x6x5"), table);
  }

  @Test
  void transposedShapesAgreeAcrossOursTheTripleLoopAndEjml() throws Exception {
    GemmReport report = new GemmBench(quick("--sizes", "5x12x3:tn,5x12x3:nt,7x4x9:tt"),
        List.of(new CmrContender(), new NaiveContender(), new EjmlContender(1)), err).run();
    assertFalse(report.failed());
    assertEquals(6, report.cases().size());
    for (CaseResult c : report.cases()) {
      assertTrue(c.shape().transA() || c.shape().transB(), c.shape().toString());
      for (String name : List.of("naive", "ejml")) {
        Measurement m = c.of(name);
        assertEquals(Outcome.OK, m.outcome(), c.shape() + " " + name + ": " + m.message());
        assertTrue(m.verification().passed(), c.shape() + " " + name);
      }
    }
    assertTrue(ReportTable.render(report).contains("5x12x3:nt"));
  }

  @Test
  void numpyIsReportedMissingWhenPythonDoesNotExist(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("gemm.json");
    String python = dir.resolve("no-such-python3").toString();
    int code = new GemmCommand().run(List.of("--quick", "--sizes", "8", "--types", "float",
        "--threads", "1", "--python", python, "--json", json.toString()), out, err);
    assertEquals(0, code, "a missing peer is not a failure");
    String table = outBytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("numpy: missing (cannot start '" + python + "'"), table);
    assertTrue(table.contains("ejml"), table);
    Map<?, ?> root = (Map<?, ?>) MiniJsonParser.parse(Files.readString(json));
    Map<?, ?> numpy = (Map<?, ?>) ((List<?>) root.get("contenders")).get(1);
    assertEquals("numpy", numpy.get("name"));
    assertEquals("missing", numpy.get("status"));
    assertTrue(((String) numpy.get("reason")).startsWith("cannot start"));
    Map<?, ?> only = (Map<?, ?>) ((List<?>) root.get("cases")).get(0);
    Map<?, ?> numpyResult = (Map<?, ?>) ((List<?>) only.get("results")).get(1);
    assertEquals("missing", numpyResult.get("status"));
    Map<?, ?> ejmlResult = (Map<?, ?>) ((List<?>) only.get("results")).get(2);
    assertEquals("ok", ejmlResult.get("status"));
  }

  @Test
  void numpyIsReportedMissingWhenPythonExitsAtOnce() {
    Path falseCommand = Path.of("/bin/false");
    assumeTrue(Files.isExecutable(falseCommand), "needs /bin/false");
    NumpyContender numpy = new NumpyContender(falseCommand.toString(), 1, System.getenv());
    Contender.UnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
        Contender.UnavailableException.class, numpy::open);
    assertTrue(e.getMessage().contains("exited with code 1"), e.getMessage());
    numpy.close();
  }

  @Test
  void numpyRunsWithOurThreadsAndWithoutKernelOverrides() throws Exception {
    assumeTrue(numpyImports(), "python3 with numpy is not installed here");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("OPENBLAS_CORETYPE", "Prescott");
    env.remove("OPENBLAS_L2_SIZE");
    NumpyContender numpy = new NumpyContender("python3", 1, env);
    GemmReport report = new GemmBench(quick("--sizes", "9x16x7,9x16x7:tn,9x16x7:nt"),
        List.of(new CmrContender(), numpy), err).run();
    assertEquals(6, report.cases().size());
    ContenderStatus status = report.contenders().get(1);
    assertTrue(status.available(), status.description());
    assertEquals("was Prescott", status.facts().get("removed OPENBLAS_CORETYPE"));
    assertEquals("was not set", status.facts().get("removed OPENBLAS_L2_SIZE"));
    assertEquals("1", status.facts().get("OPENBLAS_NUM_THREADS"));
    assertEquals("unset", status.facts().get("OPENBLAS_CORETYPE"), "as the process saw it");
    assertNotNull(status.facts().get("blas"), status.facts().toString());
    for (CaseResult c : report.cases()) {
      Measurement m = c.of("numpy");
      assertEquals(Outcome.OK, m.outcome(), m.message());
      assertTrue(m.verification().relativeError() <= m.verification().bound());
      assertEquals(3, m.samplesSeconds().length);
    }
    assertFalse(report.failed());
  }

  private static boolean numpyImports() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy")
          .redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
