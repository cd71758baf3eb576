package dev.cmr.nn.train;

import java.util.List;

/**
 * What one arm measured in one epoch (CMR.md section 7).
 *
 * @param seed the run's seed
 * @param arm which arm
 * @param epoch 1-based epoch number
 * @param cmrActive whether the spectral gradient was mixed in during this epoch
 * @param steps optimizer steps taken
 * @param trainLoss mean over the steps of the batch's mean cross-entropy
 * @param testAccuracy fraction of test images classified correctly after the epoch
 * @param meanConditionNumber mean over the layers of {@code kappa(W)} after the epoch
 * @param meanGradientNorm mean over the steps of the global L2 norm of the gradient handed to
 *     the optimizer (after mixing and clipping)
 * @param meanTaskGradientNorm mean over the steps of {@code ||g_task||} before mixing or
 *     clipping
 * @param meanGamma mean mixing factor over the steps (0 when CMR was off)
 * @param regularizer {@code sum_l R(W_l)} after the epoch (without {@code lambda})
 * @param seconds wall time of the epoch: training plus evaluation
 * @param meanStepMillis mean wall time of one training step
 * @param shared true when this epoch was computed once for both arms (the CMR arm's warm-up
 *     epochs are by definition identical to vanilla's)
 * @param diverged true when the loss became non-finite; the arm stops there
 * @param layers per-layer metrics, input side first
 */
public record EpochMetrics(
    long seed, Arm arm, int epoch, boolean cmrActive, int steps, double trainLoss,
    double testAccuracy, double meanConditionNumber, double meanGradientNorm,
    double meanTaskGradientNorm, double meanGamma, double regularizer, double seconds,
    double meanStepMillis, boolean shared, boolean diverged, List<LayerMetrics> layers) {

  /** Freezes the layer list. */
  public EpochMetrics {
    layers = List.copyOf(layers);
  }

  /** This epoch relabelled as the other arm's shared copy. */
  EpochMetrics sharedAs(Arm other) {
    return new EpochMetrics(seed, other, epoch, cmrActive, steps, trainLoss, testAccuracy,
        meanConditionNumber, meanGradientNorm, meanTaskGradientNorm, meanGamma, regularizer,
        seconds, meanStepMillis, true, diverged, layers);
  }
}
