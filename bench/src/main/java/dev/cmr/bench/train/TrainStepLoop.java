package dev.cmr.bench.train;

import dev.cmr.engine.CappedMixing;
import dev.cmr.engine.CmrConfig;
import dev.cmr.kernels.Blas1;
import dev.cmr.nn.Activation;
import dev.cmr.nn.Adam;
import dev.cmr.nn.Gradients;
import dev.cmr.nn.Mlp;
import dev.cmr.nn.WeightInit;
import dev.cmr.nn.train.SpectralWorkers;
import java.util.SplittableRandom;

/**
 * The kappa-stress training step outside the trainer, for benchmarks: the same network
 * (784 -> 14 x 256 -> 10, tanh, orthogonal initialization with gain 0.06), batch, Adam at
 * 1e-3 and global-norm clipping at 5 as {@code KappaStressTrainer}, and the same operations in
 * the same order per step, on a fixed set of synthetic batches (pixels uniform in [0, 1),
 * labels uniform) cycled in order.
 *
 * <p>A vanilla step: forward and backward pass, the task gradient's norm, clipping fused into
 * the Adam update. A CMR step adds, as the trainer's CMR arm does, the spectral gradients of
 * all layers on {@link SpectralWorkers} while the task gradient is back-propagated, the capped
 * mixing {@code g = g_task + gamma lambda dR/dW} and its norm; it is not clipped. Not
 * thread-safe.
 */
public final class TrainStepLoop implements AutoCloseable {
  // Limitation: this repeats KappaStressTrainer's step (whose loop is private and tied to a
  // Dataset) instead of calling it, so a change to the trainer's step must be mirrored here.
  /** The kappa-stress widths: 784 inputs, 14 hidden layers of 256, 10 classes. */
  public static final int[] WIDTHS = widths();
  /** Number of distinct synthetic batches, cycled. */
  public static final int BATCHES = 8;
  private static final double LEARNING_RATE = 1e-3;
  private static final double CLIP = 5.0;

  private final Mlp mlp;
  private final Mlp.Workspace workspace;
  private final Adam adam;
  private final float[] gradient;
  private final float[][] inputs;
  private final int[][] labels;
  private final int batch;
  private final CmrConfig cmr;
  private final SpectralWorkers workers;
  private long steps;
  private double lastLoss;
  private double lastNorm;

  /**
   * Builds the network, the optimizer and the batches.
   *
   * @param batch rows per batch, at least 1
   * @param seed seed of the initial weights and the batches
   * @param spectralThreads threads of the spectral workers (the trainer's {@code --threads})
   * @throws IllegalArgumentException if {@code batch} or {@code spectralThreads} is below 1
   */
  public TrainStepLoop(int batch, long seed, int spectralThreads) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    this.batch = batch;
    mlp = new Mlp(WIDTHS, Activation.TANH);
    mlp.initialize(WeightInit.ORTHOGONAL, 0.06, seed);
    workspace = mlp.newWorkspace(batch);
    adam = new Adam(mlp.parameterCount(), LEARNING_RATE);
    gradient = new float[mlp.parameterCount()];
    SplittableRandom random = new SplittableRandom(seed);
    inputs = new float[BATCHES][batch * WIDTHS[0]];
    labels = new int[BATCHES][batch];
    for (int b = 0; b < BATCHES; b++) {
      for (int i = 0; i < inputs[b].length; i++) {
        inputs[b][i] = (float) random.nextDouble();
      }
      for (int i = 0; i < batch; i++) {
        labels[b][i] = random.nextInt(WIDTHS[WIDTHS.length - 1]);
      }
    }
    cmr = CmrConfig.defaults();
    workers = new SpectralWorkers(mlp, cmr, spectralThreads);
  }

  private static int[] widths() {
    int[] w = new int[16];
    w[0] = 784;
    for (int i = 1; i < 15; i++) {
      w[i] = 256;
    }
    w[15] = 10;
    return w;
  }

  /**
   * Runs {@code count} optimizer steps.
   *
   * @param count steps to run, at least 0
   * @param withCmr whether each step is a CMR step (else a vanilla one)
   * @return the mean loss of those steps (NaN for none)
   */
  public double run(int count, boolean withCmr) {
    double sum = 0.0;
    for (int s = 0; s < count; s++) {
      sum += step(withCmr);
    }
    return sum / count;
  }

  /**
   * One optimizer step on the next batch.
   *
   * @param withCmr whether to add the CMR gradient (else a vanilla, clipped step)
   * @return the batch's loss before the update
   */
  public double step(boolean withCmr) {
    int b = (int) (steps++ % BATCHES);
    if (withCmr) {
      workers.startGradients(mlp);
    }
    double loss = mlp.lossAndGradient(inputs[b], labels[b], batch, workspace, gradient);
    double taskNorm = Math.sqrt(Gradients.squaredNorm(gradient, 0, gradient.length));
    double handed = taskNorm;
    float scale = 1f;
    if (withCmr) {
      workers.awaitGradients();
      double specSquared = 0.0;
      for (int l = 0; l < mlp.layerCount(); l++) {
        float[] g = workers.gradient(l);
        specSquared += Gradients.squaredNorm(g, 0, g.length);
      }
      double gamma = CappedMixing.gamma(taskNorm, cmr.lambda() * Math.sqrt(specSquared),
          cmr.rho());
      float c = (float) (gamma * cmr.lambda());
      for (int l = 0; l < mlp.layerCount(); l++) {
        float[] g = workers.gradient(l);
        Blas1.axpy(c, g, 0, gradient, mlp.weightOffset(l), g.length);
      }
      handed = Gradients.norm(gradient);
    } else {
      double coef = CLIP / (handed + 1e-6);
      if (coef < 1.0) {
        scale = (float) coef;
      }
    }
    adam.step(mlp.parameters(), gradient, scale);
    lastLoss = loss;
    lastNorm = handed;
    return loss;
  }

  /** The loss of the latest step (NaN before the first). */
  public double lastLoss() {
    return steps == 0 ? Double.NaN : lastLoss;
  }

  /** The norm of the gradient handed to Adam in the latest step, before clipping. */
  public double lastNorm() {
    return steps == 0 ? Double.NaN : lastNorm;
  }

  /** Rows per batch. */
  public int batch() {
    return batch;
  }

  /** The live parameter vector (for checks). */
  public float[] parameters() {
    return mlp.parameters();
  }

  /** Stops the spectral workers. */
  @Override
  public void close() {
    workers.close();
  }
}
