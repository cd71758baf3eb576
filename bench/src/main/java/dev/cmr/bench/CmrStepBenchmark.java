package dev.cmr.bench;

import dev.cmr.engine.CappedMixing;
import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.CmrRegularizer;
import dev.cmr.kernels.Blas1;
import dev.cmr.kernels.Gemm;
import dev.cmr.kernels.Kernels;
import dev.cmr.nn.Activation;
import dev.cmr.nn.Adam;
import dev.cmr.nn.Mlp;
import dev.cmr.nn.train.SpectralWorkers;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kappa-stress training step (784-256x14-10, tanh, batch 128, Adam, 2 threads) as the
 * trainer runs it: {@code vanilla} is back-propagation plus Adam; {@code cmr} adds the
 * spectral gradients of all 15 layers on the {@link SpectralWorkers} (overlapping
 * back-propagation) and the capped mixing; {@link #spectralOnly} is the 15-layer spectral
 * step alone; {@link #exactFloor} is the part of it that no exact method can skip.
 * {@code products} selects the reference or the fast products. The weights start
 * with the spectrum CMR trains towards (condition number 3) and keep training on random
 * inputs, as in a run. Run:
 * {@code java -cp ... org.openjdk.jmh.Main CmrStepBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class CmrStepBenchmark {
  private static final int BATCH = 128;
  private static final int THREADS = 2;

  /** {@link CmrRegularizer.Products} name for the spectral work. */
  @Param({"REFERENCE", "FAST"})
  public String products;

  private Mlp mlp;
  private Mlp.Workspace workspace;
  private SpectralWorkers workers;
  private Adam adam;
  private float[] x;
  private int[] labels;
  private float[] gradient;
  private CmrConfig cmr;
  private double[][] widened;
  private double[][] grams;
  private float[][] slopes;
  private float[][] spectralGradients;

  /** Builds the network, a batch and the workers. */
  @Setup(Level.Trial)
  public void setUp() {
    Kernels.setThreads(THREADS);
    int[] widths = new int[16];
    widths[0] = 784;
    for (int i = 1; i < 15; i++) {
      widths[i] = 256;
    }
    widths[15] = 10;
    mlp = new Mlp(widths, Activation.TANH);
    SplittableRandom random = new SplittableRandom(42);
    float[] p = mlp.parameters();
    for (int l = 0; l < mlp.layerCount(); l++) {
      float[] w = SpectralStepBenchmark.trainedLikeWeights(mlp.outputs(l), mlp.inputs(l),
          random);
      System.arraycopy(w, 0, p, mlp.weightOffset(l), w.length);
    }
    workspace = mlp.newWorkspace(BATCH);
    cmr = CmrConfig.defaults();
    workers = new SpectralWorkers(mlp, cmr, THREADS, CmrRegularizer.Products.valueOf(products));
    adam = new Adam(mlp.parameterCount(), 1e-3);
    x = new float[BATCH * 784];
    labels = new int[BATCH];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble();
    }
    for (int i = 0; i < BATCH; i++) {
      labels[i] = random.nextInt(10);
    }
    gradient = new float[mlp.parameterCount()];
    int layers = mlp.layerCount();
    widened = new double[layers][];
    grams = new double[layers][];
    slopes = new float[layers][];
    spectralGradients = new float[layers][];
    for (int l = 0; l < layers; l++) {
      int r = Math.min(mlp.outputs(l), mlp.inputs(l));
      widened[l] = new double[mlp.outputs(l) * mlp.inputs(l)];
      grams[l] = new double[r * r];
      slopes[l] = new float[r * r];
      for (int i = 0; i < r; i++) {
        slopes[l][i * r + i] = 1;
      }
      spectralGradients[l] = new float[widened[l].length];
    }
  }

  /** Stops the worker threads. */
  @TearDown(Level.Trial)
  public void tearDown() {
    workers.close();
  }

  /** Back-propagation and an Adam step. */
  @Benchmark
  public double vanilla() {
    double loss = mlp.lossAndGradient(x, labels, BATCH, workspace, gradient);
    adam.step(mlp.parameters(), gradient);
    return loss;
  }

  /** The CMR step: spectral gradients overlapping back-propagation, mixing, Adam. */
  @Benchmark
  public double cmr() {
    workers.startGradients(mlp);
    double loss = mlp.lossAndGradient(x, labels, BATCH, workspace, gradient);
    double taskNorm = Math.sqrt(Blas1.sumOfSquares(gradient, 0, gradient.length));
    workers.awaitGradients();
    double specSquared = 0;
    for (int l = 0; l < mlp.layerCount(); l++) {
      float[] g = workers.gradient(l);
      specSquared += Blas1.sumOfSquares(g, 0, g.length);
    }
    double gamma = CappedMixing.gamma(taskNorm, cmr.lambda() * Math.sqrt(specSquared),
        cmr.rho());
    float c = (float) (gamma * cmr.lambda());
    for (int l = 0; l < mlp.layerCount(); l++) {
      float[] g = workers.gradient(l);
      Blas1.axpy(c, g, 0, gradient, mlp.weightOffset(l), g.length);
    }
    adam.step(mlp.parameters(), gradient);
    return loss;
  }

  /** The spectral gradients of all 15 layers alone, on the workers' threads. */
  @Benchmark
  public double spectralOnly() {
    workers.startGradients(mlp);
    return workers.awaitGradients();
  }

  /**
   * A floor under every exact spectral step (CMR.md's edge term needs the Gram eigenvalues in
   * double: float rounding of the Gram, about {@code 1e-5 lambda_max}, exceeds its
   * {@code eps = 1e-6}): for each layer, {@code W} widened to double, the upper block rows of
   * its Gram matrix in double (as the fast path forms it, 5/8 of a general product at 256) and
   * the float product {@code W S} with an {@code r x r} matrix {@code S}, the shape of
   * {@code dR/dW = 2 W dR/dH}. Nothing else: no eigenvalues, no moments.
   */
  @Benchmark
  public double exactFloor() {
    float[] p = mlp.parameters();
    double sum = 0;
    for (int l = 0; l < mlp.layerCount(); l++) {
      int rows = mlp.outputs(l);
      int cols = mlp.inputs(l);
      int r = Math.min(rows, cols);
      boolean tall = cols <= rows;
      double[] w = widened[l];
      int offset = mlp.weightOffset(l);
      for (int i = 0; i < w.length; i++) {
        w[i] = p[offset + i];
      }
      for (int i0 = 0; i0 < r; i0 += 64) {
        int height = Math.min(64, r - i0);
        if (tall) {
          Gemm.dgemm(true, false, height, r - i0, rows, 1, w, i0, cols, w, i0, cols, 0,
              grams[l], i0 * r + i0, r);
        } else {
          Gemm.dgemm(false, true, height, r - i0, cols, 1, w, i0 * cols, cols, w, i0 * cols,
              cols, 0, grams[l], i0 * r + i0, r);
        }
      }
      float[] g = spectralGradients[l];
      if (tall) {
        Gemm.sgemm(false, false, rows, cols, cols, 2, p, offset, cols, slopes[l], 0, cols, 0,
            g, 0, cols);
      } else {
        Gemm.sgemm(false, false, rows, cols, rows, 2, slopes[l], 0, rows, p, offset, cols, 0,
            g, 0, cols);
      }
      sum += grams[l][0] + g[0];
    }
    return sum;
  }
}
