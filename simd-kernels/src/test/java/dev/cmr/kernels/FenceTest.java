package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Source rules: only {@code dev.cmr.kernels.vector} may use the incubator Vector API, and
 * even there some operations are banned because they are slow on common CPUs.
 */
class FenceTest {
  private static final Path MAIN = Path.of("src", "main", "java");
  private static final Path VECTOR_PACKAGE = Path.of("dev", "cmr", "kernels", "vector");

  /** Vector operations that are emulated or very slow on many CPUs, or defeat the fences. */
  private static final String[] BANNED = {
      ".compress(", ".expand(", "SPECIES_PREFERRED", "VectorOperators.COMPRESS_BITS",
      "VectorOperators.EXPAND_BITS", ".toShuffle(", "selectFrom(",
      // lane order differs between C2 and the interpreter: use Lanes.sum
      "reduceLanes(VectorOperators.ADD)",
  };

  @Test
  void onlyTheVectorPackageImportsTheIncubatorModule() throws IOException {
    List<Path> sources = javaFiles();
    assertTrue(sources.size() > 10, "found only " + sources + " under " + MAIN.toAbsolutePath());
    List<String> offenders = new ArrayList<>();
    int vectorUsers = 0;
    for (Path file : sources) {
      // a qualified name (import or use), not the module name as a string
      boolean usesVector = Files.readString(file).contains("jdk.incubator.vector.");
      boolean inFence = MAIN.relativize(file).startsWith(VECTOR_PACKAGE);
      if (usesVector && !inFence) {
        offenders.add(file.toString());
      }
      if (usesVector && inFence) {
        vectorUsers++;
      }
    }
    assertEquals(List.of(), offenders, "jdk.incubator.vector used outside the vector package");
    assertTrue(vectorUsers >= 3, "expected the vector classes to use the module");
  }

  @Test
  void slowVectorOperationsAreNotUsed() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Path file : javaFiles()) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        for (String banned : BANNED) {
          if (line.contains(banned)) {
            offenders.add(file.getFileName() + ":" + (i + 1) + " uses " + banned);
          }
        }
        // vector fma only behind the capability flag (emulated, very slow, without FMA)
        if (line.contains(".fma(") && !line.contains("FAST_FMA ?")) {
          offenders.add(file.getFileName() + ":" + (i + 1) + " calls fma without FAST_FMA");
        }
      }
    }
    assertEquals(List.of(), offenders);
  }

  private static List<Path> javaFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(MAIN)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }
}
