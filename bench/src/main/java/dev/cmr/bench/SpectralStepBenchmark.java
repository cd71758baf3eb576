package dev.cmr.bench;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.kernels.Kernels;
import dev.cmr.nn.Init;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CMR's spectral step (value and gradient of one layer) per kappa-stress layer shape, the
 * reference products against the fast ones ({@link CmrRegularizer.Products}), on one thread.
 *
 * <p>The weights have the spectrum CMR trains towards: singular values from 0.3 to 0.9
 * (condition number 3) at Chebyshev points, on random orthonormal rows or columns. The setup
 * checks that both modes agree within {@link CmrRegularizer#FAST_FLOAT_TOLERANCE}, so a fast
 * wrong result cannot win. Run:
 * {@code java -cp ... org.openjdk.jmh.Main SpectralStepBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class SpectralStepBenchmark {
  /** {@code out x in} of the layer. */
  @Param({"256x256", "256x784", "10x256"})
  public String shape;

  /** {@link CmrRegularizer.Products} name. */
  @Param({"REFERENCE", "FAST"})
  public String products;

  private int rows;
  private int cols;
  private float[] w;
  private float[] gradient;
  private CmrRegularizer regularizer;

  /** Builds the layer and checks the mode against the reference. */
  @Setup(Level.Trial)
  public void setUp() {
    Kernels.setThreads(1);
    String[] dims = shape.split("x");
    rows = Integer.parseInt(dims[0]);
    cols = Integer.parseInt(dims[1]);
    w = trainedLikeWeights(rows, cols, new SplittableRandom(42));
    gradient = new float[rows * cols];
    CmrConfig config = CmrConfig.defaults();
    regularizer = new CmrRegularizer(config, CmrRegularizer.Products.valueOf(products));
    float[] reference = new float[rows * cols];
    new CmrRegularizer(config, CmrRegularizer.Products.REFERENCE)
        .valueAndGradient(w, rows, cols, reference);
    regularizer.valueAndGradient(w, rows, cols, gradient);
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < reference.length; i++) {
      double e = gradient[i] - (double) reference[i];
      diff += e * e;
      norm += reference[i] * (double) reference[i];
    }
    if (!(Math.sqrt(diff) <= CmrRegularizer.FAST_FLOAT_TOLERANCE * Math.sqrt(norm))) {
      throw new IllegalStateException(products + " gradient differs from the reference by "
          + Math.sqrt(diff / norm) + " relative");
    }
  }

  /**
   * A {@code rows x cols} matrix with singular values from 0.3 to 0.9 at Chebyshev points:
   * orthonormal rows or columns (whichever fit) scaled one by one.
   */
  static float[] trainedLikeWeights(int rows, int cols, SplittableRandom random) {
    float[] w = new float[rows * cols];
    Init.orthogonal(w, 0, rows, cols, 1.0, random);
    int r = Math.min(rows, cols);
    for (int i = 0; i < r; i++) {
      float s = (float) (0.6 + 0.3 * Math.cos(Math.PI * (i + 0.5) / r));
      for (int j = 0; j < Math.max(rows, cols); j++) {
        int index = rows <= cols ? i * cols + j : j * cols + i;
        w[index] *= s;
      }
    }
    return w;
  }

  /** One layer's value and gradient. */
  @Benchmark
  public float[] layer() {
    regularizer.valueAndGradient(w, rows, cols, gradient);
    return gradient;
  }
}
