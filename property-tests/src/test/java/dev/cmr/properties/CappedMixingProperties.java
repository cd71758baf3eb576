package dev.cmr.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.engine.CappedMixing;
import dev.cmr.engine.CmrRegularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The decoupled, capped mixing (CMR.md section 6): with global L2 norms over all parameters,
 * <pre>
 *   gamma = min(1, rho ||g_task|| / (||g_spec|| + 1e-12)),     g = g_task + gamma g_spec
 * </pre>
 * so {@code ||gamma g_spec|| <= rho ||g_task||} and {@code <g, g_task> >= (1 - rho)
 * ||g_task||^2}: the update stays a descent direction for the task. With {@code lambda = 0}
 * the spectral gradient {@code lambda dR/dW} is zero and the task gradient comes back
 * bit-for-bit. Checked on lists of tensors (biases as null spectral entries) whose norms range
 * over twelve orders of magnitude, in float and in double.
 */
class CappedMixingProperties {

  /** A task and a spectral gradient list of equal shapes, and {@code rho}. */
  record Gradients(List<double[]> task, List<double[]> spectral, double rho) {
    List<float[]> taskFloat() {
      return toFloat(task);
    }

    List<float[]> spectralFloat() {
      return toFloat(spectral);
    }

    @Override
    public String toString() {
      return task.size() + " tensors, ||task|| = " + norm(task) + ", ||spec|| = "
          + norm(spectral) + ", rho = " + rho;
    }
  }

  @Provide
  Arbitrary<Gradients> gradients() {
    Arbitrary<Double> logScale = Arbitraries.doubles().between(-6, 6).ofScale(2);
    Arbitrary<Double> rho = Arbitraries.doubles().between(0, 0.99).ofScale(3)
        .edgeCases(config -> config.add(0.0, 0.5, 0.99));
    Arbitrary<Integer> count = Arbitraries.integers().between(1, 5);
    Arbitrary<Integer> zero = Arbitraries.integers().between(0, 9);
    return Combinators.combine(count, logScale, logScale, rho, zero, Arbitraries.longs())
        .as((n, taskScale, specScale, r, z, seed) -> build(n, Math.pow(10, taskScale),
            Math.pow(10, specScale), r, z, seed));
  }

  /** {@code z = 0}: zero task gradient; {@code z = 1}: zero spectral gradient. */
  private static Gradients build(int n, double taskScale, double specScale, double rho, int z,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<double[]> task = new ArrayList<>();
    List<double[]> spec = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int size = 1 + random.nextInt(40);
      double[] t = new double[size];
      double[] s = new double[size];
      for (int j = 0; j < size; j++) {
        t[j] = z == 0 ? 0 : taskScale * RandomMatrices.gaussian(random);
        s[j] = z == 1 ? 0 : specScale * RandomMatrices.gaussian(random);
      }
      task.add(t);
      // every other tensor after the first is a bias: no spectral gradient
      spec.add(i % 2 == 1 ? null : s);
    }
    return new Gradients(task, spec, rho);
  }

  /** {@code gamma} follows its formula, lies in [0, 1] and caps the spectral share. */
  @Property(seed = Seeds.FIXED)
  void gammaCapsTheSpectralShare(@ForAll("gradients") Gradients g) {
    double taskNorm = norm(g.task());
    double specNorm = norm(g.spectral());
    Statistics.label("capped").collect(g.rho() * taskNorm < specNorm + CappedMixing.NORM_FLOOR
        ? "gamma < 1" : "gamma = 1");
    List<double[]> mixed = copy(g.task());
    double gamma = CappedMixing.mixDouble(mixed, g.spectral(), g.rho());
    double expected = Math.min(1, g.rho() * taskNorm / (specNorm + CappedMixing.NORM_FLOOR));
    assertEquals(expected, gamma, 1e-14 * expected, "gamma");
    assertTrue(gamma >= 0 && gamma <= 1, "gamma = " + gamma);
    assertTrue(gamma * specNorm <= g.rho() * taskNorm * (1 + 1e-14),
        "||gamma g_spec|| = " + gamma * specNorm + " > rho ||g_task|| = " + g.rho() * taskNorm);
  }

  /** The mixed update is {@code g_task + gamma g_spec} and a descent direction (double). */
  @Property(seed = Seeds.FIXED)
  void mixedUpdateIsADescentDirection(@ForAll("gradients") Gradients g) {
    List<double[]> mixed = copy(g.task());
    double gamma = CappedMixing.mixDouble(mixed, g.spectral(), g.rho());
    double taskSq = square(norm(g.task()));
    double inner = 0;
    for (int i = 0; i < mixed.size(); i++) {
      double[] t = g.task().get(i);
      double[] s = g.spectral().get(i);
      for (int j = 0; j < t.length; j++) {
        double added = s == null ? 0 : gamma * s[j];
        double expected = t[j] + added;
        assertEquals(expected, mixed.get(i)[j], 4 * Dense.EPS * (Math.abs(t[j])
            + Math.abs(added)), "entry " + j);
        inner += mixed.get(i)[j] * t[j];
      }
    }
    assertTrue(inner >= (1 - g.rho()) * taskSq * (1 - 1e-12),
        "<g, g_task> = " + inner + " < (1 - rho) ||g_task||^2 = " + (1 - g.rho()) * taskSq);
  }

  /** The float path keeps the cap and the descent property up to float rounding. */
  @Property(seed = Seeds.FIXED)
  void floatMixingKeepsDescent(@ForAll("gradients") Gradients g) {
    List<float[]> task = g.taskFloat();
    List<float[]> spec = g.spectralFloat();
    List<float[]> mixed = new ArrayList<>();
    for (float[] t : task) {
      mixed.add(t.clone());
    }
    double taskNorm = CappedMixing.globalNorm(task);
    double specNorm = CappedMixing.globalNorm(spec);
    double gamma = CappedMixing.mix(mixed, spec, g.rho());
    assertTrue(gamma * specNorm <= g.rho() * taskNorm * (1 + 1e-14), "cap");
    double inner = 0;
    double mixedSq = 0;
    for (int i = 0; i < mixed.size(); i++) {
      for (int j = 0; j < task.get(i).length; j++) {
        inner += (double) mixed.get(i)[j] * task.get(i)[j];
        mixedSq += (double) mixed.get(i)[j] * mixed.get(i)[j];
      }
    }
    // each entry is rounded once to float: |<rounding, g_task>| <= 2^-24 ||g|| ||g_task||
    double slack = Math.scalb(1.0, -23) * Math.sqrt(mixedSq) * taskNorm;
    assertTrue(inner >= (1 - g.rho()) * taskNorm * taskNorm - slack,
        "<g, g_task> = " + inner + " < (1 - rho) ||g_task||^2 = "
        + (1 - g.rho()) * taskNorm * taskNorm);
  }

  /** {@code globalNorm} is the L2 norm over all entries of all tensors, nulls as zero. */
  @Property(seed = Seeds.FIXED)
  void globalNormIsTheNormOfAllEntries(@ForAll("gradients") Gradients g) {
    List<float[]> spec = g.spectralFloat();
    double sq = 0;
    for (float[] s : spec) {
      if (s != null) {
        for (float x : s) {
          sq += (double) x * x;
        }
      }
    }
    assertEquals(Math.sqrt(sq), CappedMixing.globalNorm(spec), 1e-14 * Math.sqrt(sq));
  }

  /**
   * {@code lambda = 0}: the spectral gradient {@code 0 * dR/dW} of real layers is zero (some
   * entries {@code -0.0}), and mixing leaves every task entry bit-identical, {@code -0.0}
   * included.
   */
  @Property(seed = Seeds.FIXED)
  void lambdaZeroLeavesTheTaskGradientBitIdentical(@ForAll("gradients") Gradients g,
      @ForAll("layers") MatrixCase layer) {
    CmrRegularizer reg = new CmrRegularizer(Configs.FULL);
    float[] w = new float[layer.w().length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) layer.w()[i];
    }
    float[] grad = new float[w.length];
    reg.valueAndGradient(w, layer.rows(), layer.cols(), grad);
    float lambda = 0;
    List<float[]> task = g.taskFloat();
    List<float[]> spec = new ArrayList<>();
    for (int i = 0; i < task.size(); i++) {
      float[] t = task.get(i);
      if (t.length > 1) {
        t[1] = -0.0f;
      }
      float[] s = new float[t.length];
      for (int j = 0; j < s.length; j++) {
        s[j] = lambda * grad[j % grad.length];
      }
      spec.add(s);
    }
    List<float[]> before = new ArrayList<>();
    for (float[] t : task) {
      before.add(t.clone());
    }
    CappedMixing.mix(task, spec, g.rho());
    for (int i = 0; i < task.size(); i++) {
      for (int j = 0; j < task.get(i).length; j++) {
        assertEquals(Float.floatToRawIntBits(before.get(i)[j]),
            Float.floatToRawIntBits(task.get(i)[j]), "tensor " + i + " entry " + j);
      }
    }
  }

  @Provide
  Arbitrary<MatrixCase> layers() {
    return Generators.matrices(16, -3, 3, 6, false);
  }

  private static List<float[]> toFloat(List<double[]> list) {
    List<float[]> out = new ArrayList<>();
    for (double[] a : list) {
      if (a == null) {
        out.add(null);
        continue;
      }
      float[] f = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        f[i] = (float) a[i];
      }
      out.add(f);
    }
    return out;
  }

  private static List<double[]> copy(List<double[]> list) {
    List<double[]> out = new ArrayList<>();
    for (double[] a : list) {
      out.add(a == null ? null : a.clone());
    }
    return out;
  }

  private static double norm(List<double[]> list) {
    double sq = 0;
    for (double[] a : list) {
      if (a != null) {
        for (double x : a) {
          sq += x * x;
        }
      }
    }
    return Math.sqrt(sq);
  }

  private static double square(double x) {
    return x * x;
  }
}
