package dev.cmr.nn.train;

import dev.cmr.engine.CappedMixing;
import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.LayerSpectrum;
import dev.cmr.kernels.Blas1;
import dev.cmr.nn.Gradients;
import dev.cmr.nn.Mlp;
import dev.cmr.nn.Optimizer;
import dev.cmr.nn.RandomStreams;
import dev.cmr.nn.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kappa-stress experiment (CMR.md section 7): a vanilla arm and a CMR arm trained from
 * identical initial weights on identical batch orders, with per-epoch metrics.
 *
 * <p><b>Vanilla step.</b> {@code g = g_task}, clipped to global norm {@code clip}, then the
 * optimizer.
 *
 * <p><b>CMR step</b> (after {@code warmupEpochs} plain epochs). {@code g_task} by
 * back-propagation while worker threads compute {@code dR_l/dW_l} for every layer;
 * {@code g_spec = lambda * dR/dW} (zero for biases);
 * {@code gamma = min(1, rho ||g_task|| / (||g_spec|| + 1e-12))} with global L2 norms over all
 * parameters; {@code g = g_task + gamma g_spec}, clipped only if {@code cmrClip > 0}.
 *
 * <p>The CMR arm's warm-up epochs are, by definition, the vanilla arm's: they are computed
 * once and the CMR arm forks from the vanilla state (weights and optimizer moments) when
 * CMR starts; their metrics are reported for both arms and flagged as shared.
 *
 * <p>Random streams: initial weights from {@code (seed, INIT, layer)}, the batch order of
 * epoch {@code e} from {@code (seed, SHUFFLE, e)}. Results are bitwise reproducible for the
 * same kernels, vector width and thread count. Not thread-safe.
 */
public final class KappaStressTrainer implements AutoCloseable {
  private final KappaStressConfig config;
  private final Dataset train;
  private final Dataset test;
  private final int features;
  private final Mlp shape;
  private final Mlp.Workspace workspace;
  private final Mlp.Workspace evalWorkspace;
  private final float[] gradient;
  private final int[] batchLabels;
  private final int[] order;
  private final double[] layerGradientSums;
  private final SpectralWorkers workers;

  /**
   * A trainer for {@code config} on the given splits; applies the configured train and test
   * limits.
   *
   * @throws IllegalArgumentException if the data do not fit the network (input width,
   *     labels out of range, empty split)
   */
  public KappaStressTrainer(KappaStressConfig config, Dataset train, Dataset test) {
    this.config = config;
    this.train = limit(train, config.trainLimit());
    this.test = limit(test, config.testLimit());
    int[] widths = config.widths();
    this.features = widths[0];
    checkData("train", this.train, widths);
    checkData("test", this.test, widths);
    this.shape = new Mlp(widths, config.activation());
    this.workspace = shape.newWorkspace(config.batchSize());
    this.evalWorkspace = shape.newWorkspace(Math.max(config.batchSize(), 500));
    this.gradient = new float[shape.parameterCount()];
    this.batchLabels = new int[config.batchSize()];
    this.order = new int[this.train.count()];
    this.layerGradientSums = new double[shape.layerCount()];
    this.workers = new SpectralWorkers(shape, config.cmr(), config.threads());
  }

  /** The configuration in use. */
  public KappaStressConfig config() {
    return config;
  }

  /** Training images used per epoch (after the limit). */
  public int trainCount() {
    return train.count();
  }

  /** Test images used for accuracy (after the limit). */
  public int testCount() {
    return test.count();
  }

  /** Optimizer steps per epoch: {@code ceil(trainCount / batch)}. */
  public int stepsPerEpoch() {
    return (train.count() + config.batchSize() - 1) / config.batchSize();
  }

  /** Runs both arms for all configured epochs with the given seed. */
  public RunResult run(long seed, TrainingListener listener) {
    Mlp initial = new Mlp(config.widths(), config.activation());
    initial.initialize(config.init(), config.initGain(), seed);
    ArmState vanilla = new ArmState(Arm.VANILLA, initial.copy(), newOptimizer(initial));
    ArmState cmr = config.warmupEpochs() == 0
        ? new ArmState(Arm.CMR, initial.copy(), newOptimizer(initial)) : null;
    List<EpochMetrics> vanillaEpochs = new ArrayList<>();
    List<EpochMetrics> cmrEpochs = new ArrayList<>();

    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      RandomStreams.permutation(order, train.count(),
          RandomStreams.stream(seed, RandomStreams.Purpose.SHUFFLE, epoch));
      boolean warmup = epoch <= config.warmupEpochs();

      // vanilla arm; during the warm-up it stands for both arms
      if (!vanilla.diverged) {
        EpochMetrics m = runEpoch(seed, vanilla, epoch, false, config.clip(), warmup, listener);
        vanillaEpochs.add(m);
        listener.epochFinished(m);
        if (warmup) {
          EpochMetrics copy = m.sharedAs(Arm.CMR);
          cmrEpochs.add(copy);
          listener.epochFinished(copy);
        }
      }

      // fork the CMR arm from the shared warm-up state
      if (warmup && epoch == config.warmupEpochs()) {
        cmr = new ArmState(Arm.CMR, vanilla.mlp.copy(), vanilla.optimizer.copy());
        cmr.diverged = vanilla.diverged;
      }

      // CMR arm
      if (!warmup && cmr != null && !cmr.diverged) {
        EpochMetrics m = runEpoch(seed, cmr, epoch, true, config.cmrClip(), false, listener);
        cmrEpochs.add(m);
        listener.epochFinished(m);
      }
    }
    float[] cmrParameters = cmr != null ? cmr.mlp.parameters().clone()
        : vanilla.mlp.parameters().clone();
    return new RunResult(seed, vanillaEpochs, cmrEpochs, vanilla.mlp.parameters().clone(),
        cmrParameters);
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    workers.close();
  }

  private EpochMetrics runEpoch(long seed, ArmState state, int epoch, boolean cmrActive,
      double clip, boolean shared, TrainingListener listener) {
    int n = train.count();
    int batch = config.batchSize();
    int steps = stepsPerEpoch();
    Mlp mlp = state.mlp;
    float[] params = mlp.parameters();
    float[] x = workspace.input();
    CmrConfig cmr = config.cmr();
    Arrays.fill(layerGradientSums, 0.0);
    listener.epochStarted(seed, state.arm, epoch, steps);

    long start = System.nanoTime();
    double lossSum = 0.0;
    double handedSum = 0.0;
    double taskSum = 0.0;
    double gammaSum = 0.0;
    int done = 0;
    for (int s = 0; s < steps; s++) {
      int first = s * batch;
      int rows = Math.min(batch, n - first);

      // gather the batch
      for (int i = 0; i < rows; i++) {
        int idx = order[first + i];
        System.arraycopy(train.images(), idx * features, x, i * features, features);
        batchLabels[i] = Byte.toUnsignedInt(train.labels()[idx]);
      }

      // spectral gradients on the workers while the task gradient is back-propagated
      if (cmrActive) {
        workers.startGradients(mlp);
      }
      double loss = mlp.lossAndGradient(x, batchLabels, rows, workspace, gradient);
      double taskNorm = Math.sqrt(taskSquaredNorm(mlp));
      double handed = taskNorm;
      double gamma = 0.0;

      // g = g_task + gamma * lambda * dR/dW
      if (cmrActive) {
        workers.awaitGradients();
        double specSquared = 0.0;
        for (int l = 0; l < mlp.layerCount(); l++) {
          float[] g = workers.gradient(l);
          specSquared += Gradients.squaredNorm(g, 0, g.length);
        }
        double specNorm = cmr.lambda() * Math.sqrt(specSquared);
        boolean finite = Double.isFinite(taskNorm) && Double.isFinite(specNorm);
        gamma = finite ? CappedMixing.gamma(taskNorm, specNorm, cmr.rho()) : Double.NaN;
        float c = finite ? (float) (gamma * cmr.lambda()) : 0f;
        if (!finite) {
          handed = Double.NaN;
        } else if (c != 0f) {
          for (int l = 0; l < mlp.layerCount(); l++) {
            float[] g = workers.gradient(l);
            Blas1.axpy(c, g, 0, gradient, mlp.weightOffset(l), g.length);
          }
          handed = Gradients.norm(gradient);
        }
      }

      // global-norm clipping
      if (clip > 0) {
        double coef = clip / (handed + 1e-6);
        if (coef < 1.0) {
          Gradients.scale(gradient, (float) coef);
          handed *= coef;
        }
      }

      if (!Double.isFinite(loss) || !Double.isFinite(handed)) {
        state.diverged = true;
        lossSum += loss;
        done++;
        break;
      }
      state.optimizer.step(params, gradient);
      lossSum += loss;
      handedSum += handed;
      taskSum += taskNorm;
      gammaSum += gamma;
      done++;
      listener.stepFinished(seed, state.arm, epoch, done, steps, lossSum / done);
    }
    long trained = System.nanoTime();

    // end-of-epoch metrics
    double accuracy = (double) mlp.countCorrect(test.images(), test.labels(), test.count(),
        evalWorkspace) / test.count();
    LayerSpectrum[] spectra = workers.analyze(mlp);
    List<LayerMetrics> layers = new ArrayList<>(spectra.length);
    double kappaSum = 0.0;
    double regularizer = 0.0;
    for (int l = 0; l < spectra.length; l++) {
      layers.add(new LayerMetrics(l, spectra[l], layerGradientSums[l] / done));
      kappaSum += spectra[l].conditionNumber();
      regularizer += spectra[l].regularizer();
    }
    double seconds = (System.nanoTime() - start) * 1e-9;
    double stepMillis = (trained - start) * 1e-6 / done;
    return new EpochMetrics(seed, state.arm, epoch, cmrActive, done, lossSum / done, accuracy,
        kappaSum / spectra.length, handedSum / done, taskSum / done, gammaSum / done,
        regularizer, seconds, stepMillis, shared, state.diverged, layers);
  }

  /** {@code ||g_task||^2} over all parameters; also accumulates each layer's weight norm. */
  private double taskSquaredNorm(Mlp mlp) {
    double total = 0.0;
    for (int l = 0; l < mlp.layerCount(); l++) {
      double w = Gradients.squaredNorm(gradient, mlp.weightOffset(l),
          mlp.outputs(l) * mlp.inputs(l));
      double b = Gradients.squaredNorm(gradient, mlp.biasOffset(l), mlp.outputs(l));
      layerGradientSums[l] += Math.sqrt(w);
      total += w + b;
    }
    return total;
  }

  private Optimizer newOptimizer(Mlp mlp) {
    return config.optimizer().create(mlp.parameterCount(), config.learningRate(),
        config.momentum());
  }

  private static Dataset limit(Dataset d, int limit) {
    return limit > 0 && limit < d.count() ? d.head(limit) : d;
  }

  private static void checkData(String split, Dataset d, int[] widths) {
    if (d.count() == 0) {
      throw new IllegalArgumentException(split + " split is empty");
    }
    if (d.features() != widths[0]) {
      throw new IllegalArgumentException(split + " images have " + d.features()
          + " features, the network expects " + widths[0]);
    }
    int classes = widths[widths.length - 1];
    for (int i = 0; i < d.count(); i++) {
      int y = Byte.toUnsignedInt(d.labels()[i]);
      if (y >= classes) {
        throw new IllegalArgumentException(split + " label " + i + " is " + y
            + ", the network has " + classes + " classes");
      }
    }
  }

  /** One arm's model, optimizer and status. */
  private static final class ArmState {
    final Arm arm;
    final Mlp mlp;
    final Optimizer optimizer;
    boolean diverged;

    ArmState(Arm arm, Mlp mlp, Optimizer optimizer) {
      this.arm = arm;
      this.mlp = mlp;
      this.optimizer = optimizer;
    }
  }
}
