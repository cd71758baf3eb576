package dev.cmr.nn.cli;

import dev.cmr.nn.train.KappaStressConfig;
import dev.cmr.nn.train.TrainingState;
import java.nio.file.Path;
import java.util.Map;

/**
 * A validated request to train: what to run, on which data, where to write.
 *
 * @param kind {@code kappa-stress} or {@code train}
 * @param config the effective configuration
 * @param dataset {@code mnist} or {@code fashion-mnist}
 * @param data the folder holding the data set's IDX files, or null for the default place
 * @param out the run folder (for a resumed run, the folder being continued)
 * @param resumed the saved state per seed of a resumed run (empty for a fresh run)
 * @param fingerprint the data fingerprint recorded by the resumed run, or 0
 * @param verbose whether to print stack traces on failure
 */
record RunSpec(TrainingCommand.Kind kind, KappaStressConfig config, String dataset, Path data,
    Path out, Map<Long, TrainingState> resumed, long fingerprint, boolean verbose) {

  /** Freezes the map. */
  RunSpec {
    resumed = Map.copyOf(resumed);
  }

  /** Whether this continues an earlier run. */
  boolean resuming() {
    return !resumed.isEmpty();
  }
}
