package dev.cmr.nn.train;

import dev.cmr.engine.CmrConfig;
import dev.cmr.engine.MatrixFreeOptions;
import dev.cmr.nn.Activation;
import dev.cmr.nn.WeightInit;
import java.util.Arrays;

/**
 * Everything that defines a kappa-stress run (CMR.md section 7); {@link #builder()} starts
 * from the published setting.
 *
 * @param widths input width, then each layer's output width (default 784, 14 x 256, 10)
 * @param activation after every layer but the last (default tanh)
 * @param init weight initialization (default orthogonal)
 * @param initGain gain of the initialization (default 0.06)
 * @param optimizer default Adam
 * @param learningRate default 1e-3
 * @param momentum SGD momentum (ignored by Adam), default 0.9
 * @param epochs default 5
 * @param batchSize default 128; the last batch of an epoch may be smaller
 * @param seed seed of every random stream (default 42)
 * @param seeds how many consecutive seeds a command-line run covers (default 1)
 * @param clip global-norm clipping of the vanilla arm and of the CMR arm's warm-up; 0 turns
 *     it off (default 5.0)
 * @param cmrClip clipping of the CMR arm once CMR is on; 0 (the default) turns it off
 * @param warmupEpochs plain epochs of the CMR arm before CMR starts (default 1)
 * @param cmr the CMR constants
 * @param threads worker threads for the per-layer spectral work (default min(cores, 4))
 * @param trainLimit use only the first N training images; 0 means all
 * @param testLimit use only the first N test images; 0 means all
 * @param arms which arms are trained (default both)
 * @param spectral how each layer's spectral terms are computed: exact (the default),
 *     matrix-free or auto, with the estimator settings
 */
public record KappaStressConfig(
    int[] widths, Activation activation, WeightInit init, double initGain,
    OptimizerKind optimizer, double learningRate, double momentum,
    int epochs, int batchSize, long seed, int seeds,
    double clip, double cmrClip, int warmupEpochs, CmrConfig cmr,
    int threads, int trainLimit, int testLimit, Arms arms, MatrixFreeOptions spectral) {

  /** Validates every field; messages name the field, the expectation and the value. */
  public KappaStressConfig {
    if (widths == null || widths.length < 2) {
      throw new IllegalArgumentException("widths needs at least 2 entries, got "
          + Arrays.toString(widths));
    }
    widths = widths.clone();
    for (int w : widths) {
      if (w <= 0) {
        throw new IllegalArgumentException("widths must be positive, got "
            + Arrays.toString(widths));
      }
    }
    if (activation == null || init == null || optimizer == null || cmr == null
        || arms == null || spectral == null) {
      throw new IllegalArgumentException(
          "activation, init, optimizer, cmr, arms and spectral are required");
    }
    positive("init-gain", initGain);
    positive("lr", learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    atLeast("epochs", epochs, 1);
    atLeast("batch", batchSize, 1);
    atLeast("seeds", seeds, 1);
    nonNegative("clip", clip);
    nonNegative("cmr-clip", cmrClip);
    atLeast("warmup-epochs", warmupEpochs, 0);
    atLeast("threads", threads, 1);
    atLeast("train-limit", trainLimit, 0);
    atLeast("test-limit", testLimit, 0);
  }

  /** A copy of the layer widths. */
  @Override
  public int[] widths() {
    return widths.clone();
  }

  /** The published setting: see the field descriptions for each default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.widths = widths.clone();
    b.activation = activation;
    b.init = init;
    b.initGain = initGain;
    b.optimizer = optimizer;
    b.learningRate = learningRate;
    b.momentum = momentum;
    b.epochs = epochs;
    b.batchSize = batchSize;
    b.seed = seed;
    b.seeds = seeds;
    b.clip = clip;
    b.cmrClip = cmrClip;
    b.warmupEpochs = warmupEpochs;
    b.cmr = cmr;
    b.threads = threads;
    b.trainLimit = trainLimit;
    b.testLimit = testLimit;
    b.arms = arms;
    b.spectral = spectral;
    return b;
  }

  /** The kappa-stress architecture: 784, then 14 hidden widths of 256, then 10 classes. */
  public static int[] kappaStressWidths() {
    int[] w = new int[16];
    Arrays.fill(w, 256);
    w[0] = 784;
    w[15] = 10;
    return w;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KappaStressConfig c && Arrays.equals(widths, c.widths)
        && toBuilder().sameScalars(c.toBuilder());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(widths) * 31 + Long.hashCode(seed);
  }

  @Override
  public String toString() {
    return "KappaStressConfig[widths=" + Arrays.toString(widths) + ", activation="
        + activation + ", init=" + init + ", initGain=" + initGain + ", optimizer=" + optimizer
        + ", lr=" + learningRate + ", momentum=" + momentum + ", epochs=" + epochs
        + ", batch=" + batchSize + ", seed=" + seed + ", seeds=" + seeds + ", clip=" + clip
        + ", cmrClip=" + cmrClip + ", warmupEpochs=" + warmupEpochs + ", cmr=" + cmr
        + ", threads=" + threads + ", trainLimit=" + trainLimit + ", testLimit=" + testLimit
        + ", arms=" + arms + ", spectral=" + spectral + "]";
  }

  private static void positive(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
    }
  }

  private static void nonNegative(String name, double v) {
    if (!(v >= 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
    }
  }

  private static void atLeast(String name, long v, long min) {
    if (v < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
    }
  }

  /** Mutable holder of the fields, starting from the published setting. */
  public static final class Builder {
    private int[] widths = kappaStressWidths();
    private Activation activation = Activation.TANH;
    private WeightInit init = WeightInit.ORTHOGONAL;
    private double initGain = 0.06;
    private OptimizerKind optimizer = OptimizerKind.ADAM;
    private double learningRate = 1e-3;
    private double momentum = 0.9;
    private int epochs = 5;
    private int batchSize = 128;
    private long seed = 42;
    private int seeds = 1;
    private double clip = 5.0;
    private double cmrClip = 0.0;
    private int warmupEpochs = 1;
    private CmrConfig cmr = CmrConfig.defaults();
    private int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    private int trainLimit = 0;
    private int testLimit = 0;
    private Arms arms = Arms.BOTH;
    private MatrixFreeOptions spectral = MatrixFreeOptions.defaults();

    private Builder() {}

    /** Sets {@code widths}. */
    public Builder widths(int... v) {
      widths = v.clone();
      return this;
    }

    /** Sets {@code activation}. */
    public Builder activation(Activation v) {
      activation = v;
      return this;
    }

    /** Sets {@code init}. */
    public Builder init(WeightInit v) {
      init = v;
      return this;
    }

    /** Sets {@code initGain}. */
    public Builder initGain(double v) {
      initGain = v;
      return this;
    }

    /** Sets {@code optimizer}. */
    public Builder optimizer(OptimizerKind v) {
      optimizer = v;
      return this;
    }

    /** Sets {@code learningRate}. */
    public Builder learningRate(double v) {
      learningRate = v;
      return this;
    }

    /** Sets {@code momentum}. */
    public Builder momentum(double v) {
      momentum = v;
      return this;
    }

    /** Sets {@code epochs}. */
    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    /** Sets {@code batchSize}. */
    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    /** Sets {@code seed}. */
    public Builder seed(long v) {
      seed = v;
      return this;
    }

    /** Sets {@code seeds}. */
    public Builder seeds(int v) {
      seeds = v;
      return this;
    }

    /** Sets {@code clip}. */
    public Builder clip(double v) {
      clip = v;
      return this;
    }

    /** Sets {@code cmrClip}. */
    public Builder cmrClip(double v) {
      cmrClip = v;
      return this;
    }

    /** Sets {@code warmupEpochs}. */
    public Builder warmupEpochs(int v) {
      warmupEpochs = v;
      return this;
    }

    /** Sets {@code cmr}. */
    public Builder cmr(CmrConfig v) {
      cmr = v;
      return this;
    }

    /** Sets {@code spectral}. */
    public Builder spectral(MatrixFreeOptions v) {
      spectral = v;
      return this;
    }

    /** Sets {@code threads}. */
    public Builder threads(int v) {
      threads = v;
      return this;
    }

    /** Sets {@code trainLimit}. */
    public Builder trainLimit(int v) {
      trainLimit = v;
      return this;
    }

    /** Sets {@code testLimit}. */
    public Builder testLimit(int v) {
      testLimit = v;
      return this;
    }

    /** Sets {@code arms}. */
    public Builder arms(Arms v) {
      arms = v;
      return this;
    }

    /** The CMR constants currently set. */
    public CmrConfig cmr() {
      return cmr;
    }

    /** The configuration, validated. */
    public KappaStressConfig build() {
      return new KappaStressConfig(widths, activation, init, initGain, optimizer,
          learningRate, momentum, epochs, batchSize, seed, seeds, clip, cmrClip,
          warmupEpochs, cmr, threads, trainLimit, testLimit, arms, spectral);
    }

    private boolean sameScalars(Builder o) {
      return activation == o.activation && init == o.init && initGain == o.initGain
          && optimizer == o.optimizer && learningRate == o.learningRate
          && momentum == o.momentum && epochs == o.epochs && batchSize == o.batchSize
          && seed == o.seed && seeds == o.seeds && clip == o.clip && cmrClip == o.cmrClip
          && warmupEpochs == o.warmupEpochs && cmr.equals(o.cmr) && threads == o.threads
          && trainLimit == o.trainLimit && testLimit == o.testLimit && arms == o.arms
          && spectral.equals(o.spectral);
    }
  }
}
