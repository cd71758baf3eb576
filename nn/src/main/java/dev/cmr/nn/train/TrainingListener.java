package dev.cmr.nn.train;

/**
 * Receives progress from the trainer on its own thread; all methods default to doing
 * nothing. Implementations must be quick (they run inside the training loop).
 */
public interface TrainingListener {
  /** An arm begins an epoch of {@code steps} steps. */
  default void epochStarted(long seed, Arm arm, int epoch, int steps) {}

  /** An arm finished step {@code step} (1-based) of an epoch; {@code meanLoss} so far. */
  default void stepFinished(long seed, Arm arm, int epoch, int step, int steps,
      double meanLoss) {}

  /** An arm finished an epoch, metrics included. */
  default void epochFinished(EpochMetrics metrics) {}

  /**
   * Every trained arm finished epoch {@code state.epoch()} with finite values; {@code state}
   * (copies, owned by the receiver) lets {@link KappaStressTrainer#resume} continue from here.
   * Not called for an epoch in which an arm diverged.
   */
  default void checkpoint(TrainingState state) {}
}
