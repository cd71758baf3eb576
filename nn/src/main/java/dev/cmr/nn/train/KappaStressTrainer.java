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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The kappa-stress experiment (CMR.md section 7): a vanilla arm and a CMR arm trained from
 * identical initial weights on identical batch orders, with per-epoch metrics; or one of the
 * two arms alone.
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
 * <p>With {@link Arms#VANILLA} or {@link Arms#CMR} only that arm is trained (a plain training
 * run); a lone CMR arm trains its own warm-up epochs.
 *
 * <p>Random streams: initial weights from {@code (seed, INIT, layer)}, the batch order of
 * epoch {@code e} from {@code (seed, SHUFFLE, e)}. Results are bitwise reproducible for the
 * same kernels, vector width and thread count, and a run resumed from a {@link TrainingState}
 * continues bit-identically. Not thread-safe.
 *
 * <p>Divergence: a non-finite loss or gradient stops the arm at that step, non-finite weights
 * at the end of an epoch stop it there; the {@link Divergence} names the step, the layer and
 * the quantity, and the run ends after that arm's epoch (no further checkpoint).
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
    this.workers = new SpectralWorkers(shape, config.cmr(), config.spectral(),
        config.threads());
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

  /**
   * A CRC-32C over the shapes, labels and pixels of the training and test images in use
   * (after the limits): a resumed run checks that it sees the data it started with.
   */
  public long dataFingerprint() {
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (Dataset d : List.of(train, test)) {
      buf.clear();
      buf.putInt(d.count()).putInt(d.rows()).putInt(d.cols());
      crc.update(buf.array(), 0, buf.position());
      crc.update(d.labels());
      float[] images = d.images();
      int chunk = buf.capacity() / Float.BYTES;
      for (int i = 0; i < images.length; i += chunk) {
        int n = Math.min(chunk, images.length - i);
        buf.clear();
        buf.asFloatBuffer().put(images, i, n);
        crc.update(buf.array(), 0, n * Float.BYTES);
      }
    }
    return crc.getValue();
  }

  /** Runs the configured arms for all configured epochs with the given seed. */
  public RunResult run(long seed, TrainingListener listener) {
    Mlp initial = new Mlp(config.widths(), config.activation());
    initial.initialize(config.init(), config.initGain(), seed);
    Arms arms = config.arms();
    ArmState vanilla = arms.includes(Arm.VANILLA)
        ? new ArmState(Arm.VANILLA, initial.copy(), newOptimizer(initial)) : null;
    ArmState cmr = arms == Arms.CMR || (arms == Arms.BOTH && config.warmupEpochs() == 0)
        ? new ArmState(Arm.CMR, initial.copy(), newOptimizer(initial)) : null;
    return train(seed, 0, vanilla, cmr, new ArrayList<>(), new ArrayList<>(), listener);
  }

  /**
   * Continues a run from a state saved after some epoch (see
   * {@link TrainingListener#checkpoint}), up to the configured number of epochs. With the
   * same configuration, data, kernels and thread count the outcome is bit-identical to an
   * uninterrupted run.
   *
   * @throws IllegalArgumentException if the state does not fit this trainer: more epochs
   *     than configured, a parameter vector of another length, another optimizer, or arms
   *     other than the configuration's
   */
  public RunResult resume(TrainingState state, TrainingListener listener) {
    if (state.epoch() > config.epochs()) {
      throw new IllegalArgumentException("the saved state is at epoch " + state.epoch()
          + ", beyond the configured " + config.epochs() + " epochs");
    }
    Arms arms = config.arms();
    boolean forked = arms == Arms.CMR
        || (arms == Arms.BOTH && state.epoch() >= config.warmupEpochs());
    checkArm(state, Arm.VANILLA, arms.includes(Arm.VANILLA));
    checkArm(state, Arm.CMR, forked);
    ArmState vanilla = state.vanilla() == null ? null : restore(Arm.VANILLA, state.vanilla());
    ArmState cmr = state.cmr() == null ? null : restore(Arm.CMR, state.cmr());
    return train(state.seed(), state.epoch(), vanilla, cmr,
        new ArrayList<>(state.vanillaHistory()), new ArrayList<>(state.cmrHistory()), listener);
  }

  /** The epoch loop from epoch {@code done + 1} on; stops early when an arm diverges. */
  private RunResult train(long seed, int done, ArmState vanilla, ArmState cmr,
      List<EpochMetrics> vanillaEpochs, List<EpochMetrics> cmrEpochs,
      TrainingListener listener) {
    boolean both = config.arms() == Arms.BOTH;
    Divergence divergence = null;
    for (int epoch = done + 1; epoch <= config.epochs() && divergence == null; epoch++) {
      RandomStreams.permutation(order, train.count(),
          RandomStreams.stream(seed, RandomStreams.Purpose.SHUFFLE, epoch));
      boolean warmup = epoch <= config.warmupEpochs();
      boolean shared = both && warmup;

      // vanilla arm; during the shared warm-up it stands for both arms
      if (vanilla != null) {
        EpochMetrics m = runEpoch(seed, vanilla, epoch, false, config.clip(), shared, listener);
        vanillaEpochs.add(m);
        listener.epochFinished(m);
        if (shared) {
          EpochMetrics copy = m.sharedAs(Arm.CMR);
          cmrEpochs.add(copy);
          listener.epochFinished(copy);
        }
        divergence = vanilla.divergence;
      }

      // fork the CMR arm from the shared warm-up state
      if (divergence == null && shared && epoch == config.warmupEpochs()) {
        cmr = new ArmState(Arm.CMR, vanilla.mlp.copy(), vanilla.optimizer.copy());
      }

      // CMR arm; trained alone, it runs its own plain warm-up epochs first
      if (divergence == null && cmr != null && !shared) {
        EpochMetrics m = runEpoch(seed, cmr, epoch, !warmup,
            warmup ? config.clip() : config.cmrClip(), false, listener);
        cmrEpochs.add(m);
        listener.epochFinished(m);
        divergence = cmr.divergence;
      }

      if (divergence == null) {
        listener.checkpoint(new TrainingState(seed, epoch, snapshot(vanilla), snapshot(cmr),
            vanillaEpochs, cmrEpochs));
      }
    }
    float[] vanillaParameters = vanilla == null ? null : vanilla.mlp.parameters().clone();
    float[] cmrParameters = cmr != null ? cmr.mlp.parameters().clone()
        : both ? vanillaParameters : null;
    return new RunResult(seed, vanillaEpochs, cmrEpochs, vanillaParameters, cmrParameters,
        divergence);
  }

  private TrainingState.ArmSnapshot snapshot(ArmState state) {
    return state == null ? null : TrainingState.ArmSnapshot.capture(state.mlp.parameters(),
        config.optimizer(), state.optimizer);
  }

  private ArmState restore(Arm arm, TrainingState.ArmSnapshot saved) {
    Mlp mlp = new Mlp(config.widths(), config.activation());
    float[] p = saved.parameters();
    if (p.length != mlp.parameterCount()) {
      throw new IllegalArgumentException("the saved " + arm.label() + " arm has " + p.length
          + " parameters, the configured network has " + mlp.parameterCount());
    }
    if (saved.optimizer() != config.optimizer()) {
      throw new IllegalArgumentException("the saved " + arm.label() + " arm used optimizer "
          + saved.optimizer().label() + ", the configuration says " + config.optimizer().label());
    }
    System.arraycopy(p, 0, mlp.parameters(), 0, p.length);
    Optimizer optimizer = newOptimizer(mlp);
    optimizer.restoreState(saved.steps(), saved.optimizerState());
    return new ArmState(arm, mlp, optimizer);
  }

  private void checkArm(TrainingState state, Arm arm, boolean expected) {
    if ((state.arm(arm) != null) != expected) {
      throw new IllegalArgumentException("the saved state at epoch " + state.epoch()
          + (expected ? " lacks" : " has") + " the " + arm.label() + " arm, but the configuration"
          + " (arms " + config.arms().label() + ", " + config.warmupEpochs()
          + " warm-up epochs) " + (expected ? "needs" : "does not train") + " it");
    }
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
    // matrix-free warm starts never cross an epoch boundary, where checkpoints are taken
    workers.resetWarmStarts();
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
        workers.startGradients(mlp, seed, state.optimizer.stepCount());
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

      // global-norm clipping, applied inside the optimizer's pass
      float gradientScale = 1f;
      if (clip > 0) {
        double coef = clip / (handed + 1e-6);
        if (coef < 1.0) {
          gradientScale = (float) coef;
          handed *= coef;
        }
      }

      if (!Double.isFinite(loss) || !Double.isFinite(handed)) {
        state.divergence = diagnose(state, epoch, s + 1, loss, handed, cmrActive);
        lossSum += loss;
        done++;
        break;
      }
      state.optimizer.step(params, gradient, gradientScale);
      lossSum += loss;
      handedSum += handed;
      taskSum += taskNorm;
      gammaSum += gamma;
      done++;
      listener.stepFinished(seed, state.arm, epoch, done, steps, lossSum / done);
    }
    long trained = System.nanoTime();
    if (state.divergence == null) {
      state.divergence = nonFiniteParameters(state, epoch, done, state.optimizer.stepCount());
    }

    // end-of-epoch metrics
    double accuracy = (double) mlp.countCorrect(test.images(), test.labels(), test.count(),
        evalWorkspace) / test.count();
    LayerSpectrum[] spectra = allFinite(params) ? workers.analyze(mlp) : undefinedSpectra(mlp);
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
        regularizer, seconds, stepMillis, shared, state.divergence != null, layers);
  }

  /**
   * Names the first non-finite quantity of a failed step; runs once, off the hot path.
   * Non-finite weights come from the previous update and poison everything after them, so
   * they are looked for first; then the loss, the task gradient from the output side (where
   * back-propagation starts), the spectral gradients, and last the mixed norm.
   */
  private Divergence diagnose(ArmState state, int epoch, int step, double loss, double handed,
      boolean cmrActive) {
    Mlp mlp = state.mlp;
    long global = state.optimizer.stepCount();
    Divergence weights = nonFiniteParameters(state, epoch, Math.max(step - 1, 1), global);
    if (weights != null) {
      return weights;
    }
    int last = mlp.layerCount() - 1;
    if (!Double.isFinite(loss)) {
      return new Divergence(state.arm, epoch, step, global + 1, "loss", last, loss);
    }
    for (int l = last; l >= 0; l--) {
      int w = firstNonFinite(gradient, mlp.weightOffset(l), mlp.outputs(l) * mlp.inputs(l));
      if (w >= 0) {
        return new Divergence(state.arm, epoch, step, global + 1, "weight gradient", l,
            gradient[w]);
      }
      int b = firstNonFinite(gradient, mlp.biasOffset(l), mlp.outputs(l));
      if (b >= 0) {
        return new Divergence(state.arm, epoch, step, global + 1, "bias gradient", l,
            gradient[b]);
      }
    }
    if (cmrActive) {
      for (int l = 0; l <= last; l++) {
        float[] g = workers.gradient(l);
        int i = firstNonFinite(g, 0, g.length);
        if (i >= 0) {
          return new Divergence(state.arm, epoch, step, global + 1, "spectral gradient", l,
              g[i]);
        }
      }
    }
    return new Divergence(state.arm, epoch, step, global + 1, "gradient norm", -1, handed);
  }

  /** The first layer whose weights or biases are not finite, as a divergence; else null. */
  private static Divergence nonFiniteParameters(ArmState state, int epoch, int step,
      long globalStep) {
    Mlp mlp = state.mlp;
    float[] p = mlp.parameters();
    for (int l = 0; l < mlp.layerCount(); l++) {
      int w = firstNonFinite(p, mlp.weightOffset(l), mlp.outputs(l) * mlp.inputs(l));
      if (w >= 0) {
        return new Divergence(state.arm, epoch, step, globalStep, "weights", l, p[w]);
      }
      int b = firstNonFinite(p, mlp.biasOffset(l), mlp.outputs(l));
      if (b >= 0) {
        return new Divergence(state.arm, epoch, step, globalStep, "biases", l, p[b]);
      }
    }
    return null;
  }

  private static int firstNonFinite(float[] a, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (!Float.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }

  private static boolean allFinite(float[] a) {
    return firstNonFinite(a, 0, a.length) < 0;
  }

  /** Spectra of a model with non-finite weights: every value NaN. */
  private LayerSpectrum[] undefinedSpectra(Mlp mlp) {
    LayerSpectrum[] s = new LayerSpectrum[mlp.layerCount()];
    double[] moments = new double[config.cmr().maxOrder() + 1];
    Arrays.fill(moments, Double.NaN);
    for (int l = 0; l < s.length; l++) {
      s[l] = new LayerSpectrum(mlp.outputs(l), mlp.inputs(l), Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, moments, Double.NaN, Double.NaN);
    }
    return s;
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
    Divergence divergence;

    ArmState(Arm arm, Mlp mlp, Optimizer optimizer) {
      this.arm = arm;
      this.mlp = mlp;
      this.optimizer = optimizer;
    }
  }
}
