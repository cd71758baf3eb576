package dev.cmr.bench.runner;

import java.util.Arrays;

/**
 * What one contender did on one case: whether it ran and agreed with the reference, and its
 * timed samples (seconds per call, each the mean over a block of back-to-back calls).
 *
 * @param contender the contender's name
 * @param outcome how the case went for it
 * @param samplesSeconds timed samples in seconds per call, in the order taken
 * @param callsPerSample calls in each timed block
 * @param verification the check against the reference, or null when there was none
 * @param message why it is missing, wrong or failed; empty otherwise
 */
public record Measurement(String contender, Outcome outcome, double[] samplesSeconds,
    int callsPerSample, Verification verification, String message) {

  /** How a case went for a contender. */
  public enum Outcome {
    /** Ran and agreed with the reference (or is the reference). */
    OK,
    /** Ran, but its product is outside the verification bound. */
    WRONG,
    /** Ran, but there was no reference product to check it against. */
    UNVERIFIED,
    /** Threw or crashed. */
    ERROR,
    /** Not available on this machine. */
    MISSING
  }

  /** Copies the samples so the record stays immutable. */
  public Measurement {
    samplesSeconds = samplesSeconds.clone();
  }

  /** The timed samples, in seconds per call. */
  @Override
  public double[] samplesSeconds() {
    return samplesSeconds.clone();
  }

  /** Median seconds per call over the samples; NaN when there are none. */
  public double medianSeconds() {
    if (samplesSeconds.length == 0) {
      return Double.NaN;
    }
    double[] sorted = samplesSeconds.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
  }

  /** Throughput in GFLOP/s for the case's shape: {@code 2 m n k / median / 1e9}. */
  public double gflops(GemmShape shape) {
    return shape.flops() / medianSeconds() / 1e9;
  }

  /** Whether it has timings worth showing (it ran, right or not). */
  public boolean timed() {
    return samplesSeconds.length > 0;
  }
}
