package dev.cmr.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
  @Test
  void awkwardValuesSurviveARoundTrip() {
    String tricky = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u0007 "
        + "nul \u0000 separator \u2028 accent é emoji \uD83D\uDE00";
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("empty list", List.of());
    inner.put("empty map", Map.of());
    inner.put("null", null);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put(tricky, tricky);
    root.put("int", 42);
    root.put("long", -9_007_199_254_740_000L);
    root.put("double", 1.25e-7);
    root.put("big", 6.02e23);
    root.put("whole double", 3.0);
    root.put("float", 0.5f);
    root.put("bool", true);
    root.put("numbers", List.of(1, 2.5, -3e-300));
    root.put("mixed", Arrays.asList("a", null, inner, List.of(false)));

    Object parsed = MiniJsonParser.parse(Json.write(root));

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put(tricky, tricky);
    expected.put("int", 42.0);
    expected.put("long", -9_007_199_254_740_000.0);
    expected.put("double", 1.25e-7);
    expected.put("big", 6.02e23);
    expected.put("whole double", 3.0);
    expected.put("float", 0.5);
    expected.put("bool", true);
    expected.put("numbers", List.of(1.0, 2.5, -3e-300));
    Map<String, Object> innerExpected = new LinkedHashMap<>(inner);
    expected.put("mixed", Arrays.asList("a", null, innerExpected, List.of(false)));
    assertEquals(expected, parsed);
  }

  @Test
  void nonFiniteNumbersBecomeNull() {
    List<Object> values = new ArrayList<>(List.of(Double.NaN, Double.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, 1.5));
    assertEquals(Arrays.asList(null, null, null, 1.5), MiniJsonParser.parse(Json.write(values)));
  }

  @Test
  void unsupportedTypesAreRejectedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Json.write(List.of(new Object() {
          @Override
          public String toString() {
            return "odd";
          }
        })));
    assertTrue(e.getMessage().contains("odd"), e.getMessage());
  }

  @Test
  void atomicWriteReplacesTheFileAndLeavesNoTemporaryFile(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("report.json");
    Files.writeString(file, "old");
    Json.writeAtomically(file, "{\"a\": 1}\n");
    assertEquals("{\"a\": 1}\n", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void atomicWriteIntoAMissingFolderFailsWithIoException(@TempDir Path dir) {
    assertThrows(IOException.class,
        () -> Json.writeAtomically(dir.resolve("missing/report.json"), "{}"));
  }
}
