package dev.cmr.bench.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.bench.BenchMain;
import dev.cmr.bench.UsageException;
import dev.cmr.engine.Svd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cmr bench spectral}: options, the test matrices and a quick run end to end. */
class SpectralBenchTest {
  @TempDir
  Path tmp;

  @Test
  void testMatricesHaveThePrescribedSingularValuesAndDenseVectors() {
    int n = 32;
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.pow(10, -i / (n - 1.0));
    }
    float[] w = SpectralBench.testMatrix(n, s, new SplittableRandom(3));
    double[] wd = new double[w.length];
    double largest = 0;
    for (int i = 0; i < w.length; i++) {
      wd[i] = w[i];
      largest = Math.max(largest, Math.abs(w[i]));
    }
    assertArrayEquals(s, Svd.decompose(wd, n, n, false, false).singularValues(), 1e-6);
    // dense: no entry carries a large share of the Frobenius norm
    assertTrue(largest < 0.5, "largest entry " + largest);
  }

  @Test
  void quickRunReportsEveryColumnAndWritesJson() throws Exception {
    Path json = tmp.resolve("spectral.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchMain.standard().run(List.of("spectral", "--quick", "--threads", "1",
        "--json", json.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(BenchMain.OK, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("crossover"), text);
    assertTrue(text.contains("    16 ") && text.contains("    32 "), text);
    Map<?, ?> report = (Map<?, ?>) MiniJsonParser.parse(Files.readString(json));
    assertEquals("spectral", report.get("benchmark"));
    List<?> sizes = (List<?>) report.get("sizes");
    assertEquals(2, sizes.size());
    for (Object o : sizes) {
      Map<?, ?> row = (Map<?, ?>) o;
      for (String key : new String[] {"exact_seconds", "matrix_free_cold_seconds",
          "matrix_free_warm_seconds", "speedup_cold", "speedup_warm", "edge_error_max",
          "moment_error_rms", "gradient_relative_difference"}) {
        assertTrue(row.get(key) instanceof Double d && d >= 0 && Double.isFinite(d),
            key + " = " + row.get(key));
      }
      // Lanczos stops at its relative tolerance 1e-3 (stated accuracy: within 2 tol)
      assertTrue((Double) row.get("edge_error_max") < 2e-3, row.toString());
      assertEquals(2.0, row.get("exact_samples"));
      assertEquals("exact", row.get("auto_choice"));
    }
  }

  @Test
  void crossoverIsTheStartOfTheFasterTail() {
    List<Map<String, Object>> rows = List.of(Map.of("n", 256, "speedup_warm", 0.5),
        Map.of("n", 1024, "speedup_warm", 2.0), Map.of("n", 2048, "speedup_warm", 6.0));
    assertEquals(1024, SpectralBench.crossover(rows, "speedup_warm"));
    List<Map<String, Object>> never = List.of(Map.of("n", 256, "speedup_warm", 2.0),
        Map.of("n", 1024, "speedup_warm", 0.9));
    assertNull(SpectralBench.crossover(never, "speedup_warm"));
  }

  @Test
  void badOptionsAreUsageErrorsAndWriteNothing() throws Exception {
    String[][] cases = {
        {"--sizes", "100"}, {"--sizes", "2"}, {"--sizes", "a,b"}, {"--probes", "1"},
        {"--kappa", "1"}, {"--repeats", "0"}, {"--bogus"}, {"stray"},
        {"--json", tmp.resolve("missing").resolve("x.json").toString()}};
    String[] causes = {"powers of two", "powers of two", "powers of two", "--probes expects",
        "--kappa expects", "--repeats expects", "unknown option", "unexpected argument",
        "does not exist"};
    for (int i = 0; i < cases.length; i++) {
      List<String> args = new java.util.ArrayList<>(List.of("spectral"));
      args.addAll(List.of(cases[i]));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = BenchMain.standard().run(args, new PrintStream(new ByteArrayOutputStream()),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(BenchMain.USAGE, code, String.join(" ", cases[i]));
      assertTrue(message.contains(causes[i]), message);
    }
    assertFalse(Files.exists(tmp.resolve("missing")));
    UsageException e = assertThrows(UsageException.class,
        () -> SpectralOptions.parse(List.of("--sizes", "4,16384"), 1));
    assertTrue(e.getMessage().contains("8192"), e.getMessage());
    SpectralOptions o = SpectralOptions.parse(List.of("--sizes=4096,256"), 2);
    assertEquals(List.of(256, 4096), o.sizes());
    assertEquals(5, o.repeatsFor(256, true));
    assertEquals(1, o.repeatsFor(4096, true));
    assertEquals(3, o.repeatsFor(4096, false));
  }
}
