package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The example of the README's section "Use CMR in your own training loop", compiled and run,
 * and a check that the README shows exactly this code.
 */
class ReadmeExampleTest {
  private static final String HEADING = "## Use CMR in your own training loop";
  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCE =
      Path.of("src", "test", "java", "dev", "cmr", "engine", "ReadmeExampleTest.java");

  private static float[] random(Random random, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (scale * random.nextGaussian());
    }
    return a;
  }

  @Test
  void theExampleMixesInTheSpectralGradient() {
    // what the user's own code holds: weights and the task loss's gradients, as plain arrays
    Random rnd = new Random(7);
    float[] w1 = random(rnd, 64 * 784, 0.05);
    float[] w2 = random(rnd, 64 * 64, 0.1);
    float[] w3 = random(rnd, 10 * 64, 0.1);
    float[] g1 = random(rnd, w1.length, 1e-4);
    float[] g2 = random(rnd, w2.length, 1e-4);
    float[] g3 = random(rnd, w3.length, 1e-4);
    float[] b1 = random(rnd, 64, 1e-4);
    float[] b2 = random(rnd, 64, 1e-4);
    float[] b3 = random(rnd, 10, 1e-4);
    float[] g1Before = g1.clone();
    float[] b1Before = b1.clone();

    // README-BEGIN
    // Your model's weight matrices, row-major: W_l is rows[l] x cols[l] (out x in).
    List<float[]> weights = List.of(w1, w2, w3);
    int[] rows = {64, 64, 10};
    int[] cols = {784, 64, 64};
    // The task loss's gradients: one per weight matrix in the same order, then the rest
    // (biases), which count in ||g_task|| but are left alone.
    List<float[]> gradients = List.of(g1, g2, g3, b1, b2, b3);

    CmrLayers cmr = new CmrLayers(CmrConfig.defaults()); // one per training thread
    // g_l += gamma * lambda * dR/dW_l, gamma = min(1, rho ||g_task|| / ||g_spec||)
    CmrReport report = cmr.applyTo(weights, rows, cols, gradients);

    double[] kappa = report.conditionNumbers(); // s_1 / (s_r + 1e-8) per layer
    System.out.printf("gamma %.3f  R %.3f  kappa %.1f %.1f %.1f%n",
        report.gamma(), report.regularizer(), kappa[0], kappa[1], kappa[2]);
    // ... then hand the gradients to your optimizer as usual.
    // README-END

    // g1 moved by exactly gamma * lambda * dR/dW_1, the biases did not move
    CmrConfig config = CmrConfig.defaults();
    float[] spec = new float[w1.length];
    new CmrRegularizer(config).valueAndGradient(w1, 64, 784, spec);
    float c = (float) (report.gamma() * config.lambda());
    float[] expected = g1Before.clone();
    for (int j = 0; j < expected.length; j++) {
      expected[j] += c * spec[j];
    }
    assertArrayEquals(expected, g1);
    assertArrayEquals(b1Before, b1);
    assertTrue(report.gamma() > 0 && report.gamma() <= 1, "gamma " + report.gamma());
    double exact = new CmrRegularizer(config).analyze(w1, 64, 784).conditionNumber();
    assertEquals(exact, kappa[0], 1e-6 * exact);
  }

  @Test
  void theReadmeShowsExactlyTheTestedExample() throws IOException {
    String source = Files.readString(SOURCE);
    int begin = source.indexOf("// README-BEGIN\n");
    int end = source.indexOf("    // README-END");
    assertTrue(begin >= 0 && end > begin, "markers not found in " + SOURCE);
    // the region without the method body's indentation of four spaces
    String tested = source.substring(begin + "// README-BEGIN\n".length(), end)
        .replaceAll("(?m)^    ", "");

    String readme = Files.readString(README);
    int section = readme.indexOf(HEADING + "\n");
    assertTrue(section >= 0, "README lacks the section '" + HEADING + "'");
    Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(block.find(section), "no java block after '" + HEADING + "'");
    String shown = block.group(1);
    // the README block may add import lines above the tested code
    String body = shown.replaceFirst("(?s)^(import [^\\n]*\\n)+\\n", "");
    assertEquals(tested, body, "README example and " + SOURCE + " differ");
  }

  @Test
  void theReadmeDependencySnippetNamesTheProjectVersion() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher parentVersion = Pattern.compile("<parent>.*?<version>([^<]+)</version>",
        Pattern.DOTALL).matcher(pom);
    assertTrue(parentVersion.find(), "no parent version in engine/pom.xml");
    String readme = Files.readString(README);
    int section = readme.indexOf(HEADING + "\n");
    assertTrue(section >= 0, "README lacks the section '" + HEADING + "'");
    String expected = "<groupId>dev.cmr</groupId>\n  <artifactId>engine</artifactId>\n"
        + "  <version>" + parentVersion.group(1) + "</version>";
    assertTrue(readme.indexOf(expected, section) > 0,
        "README's dependency snippet must read:\n" + expected);
  }
}
