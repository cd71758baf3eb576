package dev.cmr.bench.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Estimates the arithmetic ceiling of this machine for the Vector API: a loop of fused
 * multiply-adds on twelve independent accumulators held in registers, with no memory traffic.
 * Twelve chains hide the FMA latency on cores with two FMA units. The update
 * {@code acc = acc * x + y} with {@code 0 < x < 1} converges to {@code y / (1 - x)}, so values
 * stay normal and finite however long it runs.
 *
 * <p>Throughput: {@code GFLOP/s = threads * 2 * lanes * 12 * iterations / wall time / 1e9},
 * the best of several runs (a peak, not a typical figure).
 */
public final class FmaPeak {
  private static final int CHAINS = 12;
  /** Calls before timing: above HotSpot's invocation threshold for a full C2 compilation. */
  private static final int WARMUP_CALLS = 20_000;

  /**
   * The measured ceiling.
   *
   * @param precision the element type
   * @param threads threads that ran the loop at once
   * @param vectorBits width of the preferred vector species
   * @param gflops best throughput over the runs, in GFLOP/s
   */
  public record Result(Precision precision, int threads, int vectorBits, double gflops) {}

  private FmaPeak() {}

  /**
   * Measures the FMA ceiling.
   *
   * @param precision element type
   * @param threads threads running the loop at once (at least 1)
   * @param secondsPerRun target duration of one run (positive)
   * @param runs number of timed runs, fewer when they overrun badly; the best is kept
   *     (at least 1)
   */
  public static Result measure(Precision precision, int threads, double secondsPerRun,
      int runs) {
    if (threads < 1 || runs < 1 || !(secondsPerRun > 0)) {
      throw new IllegalArgumentException("need threads >= 1, runs >= 1, secondsPerRun > 0; got "
          + threads + ", " + runs + ", " + secondsPerRun);
    }
    int lanes = precision == Precision.FLOAT ? FloatVector.SPECIES_PREFERRED.length()
        : DoubleVector.SPECIES_PREFERRED.length();
    int bits = lanes * precision.bytes() * 8;
    // Warm-up: many short calls, so the JIT compiles the loop as a whole method with the
    // vector intrinsics (a loop only entered through on-stack replacement, or compiled late on
    // a busy machine, can spend whole runs in code that boxes every vector).
    for (int i = 0; i < WARMUP_CALLS; i++) {
      sink(loop(precision, 16, 1));
    }
    // Calibration on one thread. Calls made before compilation finishes only understate the
    // rate (iterations per second), so the fastest rate seen sizes the runs. The call grows
    // until it lasts a quarter of a run, then runs twice more at that size.
    double rate = 0;
    int iterations = 1000;
    int atFinalSize = 0;
    while (atFinalSize < 3) {
      double seconds = runOnce(precision, 1, iterations);
      rate = Math.max(rate, iterations / Math.max(seconds, 1e-9));
      if (seconds < secondsPerRun / 4 && iterations < 1 << 29) {
        iterations *= 2;
      } else {
        atFinalSize++;
      }
    }
    iterations = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, rate * secondsPerRun));
    // On a busy machine runs can take far longer than planned; stop once four times the
    // planned total has passed (the best run so far is still a valid lower bound on the peak).
    double best = 0;
    double spent = 0;
    for (int r = 0; r < runs && spent < 4 * runs * secondsPerRun; r++) {
      double wall = runOnce(precision, threads, iterations);
      spent += wall;
      double flops = (double) threads * 2.0 * lanes * CHAINS * iterations;
      best = Math.max(best, flops / wall / 1e9);
    }
    return new Result(precision, threads, bits, best);
  }

  private static double runOnce(Precision precision, int threads, int iterations) {
    if (threads == 1) {
      long start = System.nanoTime();
      sink(loop(precision, iterations, 1));
      return (System.nanoTime() - start) * 1e-9;
    }
    // Each worker stamps its own start and end; the run lasts from the first start to the
    // last end. (A stamp taken by this thread after releasing the workers could come after
    // they finished, on a busy machine.)
    CyclicBarrier barrier = new CyclicBarrier(threads);
    long[] starts = new long[threads];
    long[] ends = new long[threads];
    double[] results = new double[threads];
    boolean[] ran = new boolean[threads];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread worker = new Thread(() -> {
        try {
          barrier.await();
        } catch (InterruptedException | BrokenBarrierException e) {
          Thread.currentThread().interrupt();
          return;
        }
        starts[id] = System.nanoTime();
        results[id] = loop(precision, iterations, id + 1);
        ends[id] = System.nanoTime();
        ran[id] = true;
      }, "fma-peak-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    try {
      for (Thread worker : workers) {
        worker.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("FMA peak measurement was interrupted", e);
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int t = 0; t < threads; t++) {
      if (!ran[t]) {
        throw new IllegalStateException("FMA peak worker " + t + " did not run");
      }
      first = Math.min(first, starts[t]);
      last = Math.max(last, ends[t]);
      sink(results[t]);
    }
    return Math.max(last - first, 1) * 1e-9;
  }

  private static volatile double sinkValue;

  private static void sink(double value) {
    sinkValue += value;
  }

  private static double loop(Precision precision, int iterations, int seed) {
    return precision == Precision.FLOAT ? floatLoop(iterations, seed)
        : doubleLoop(iterations, seed);
  }

  private static double floatLoop(int iterations, int seed) {
    var species = FloatVector.SPECIES_PREFERRED;
    FloatVector x = FloatVector.broadcast(species, 0.999f);
    FloatVector y = FloatVector.broadcast(species, 1e-3f * seed);
    FloatVector a0 = FloatVector.broadcast(species, 0.01f * seed);
    FloatVector a1 = a0.add(0.01f);
    FloatVector a2 = a0.add(0.02f);
    FloatVector a3 = a0.add(0.03f);
    FloatVector a4 = a0.add(0.04f);
    FloatVector a5 = a0.add(0.05f);
    FloatVector a6 = a0.add(0.06f);
    FloatVector a7 = a0.add(0.07f);
    FloatVector a8 = a0.add(0.08f);
    FloatVector a9 = a0.add(0.09f);
    FloatVector a10 = a0.add(0.10f);
    FloatVector a11 = a0.add(0.11f);
    for (int i = 0; i < iterations; i++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
      a8 = a8.fma(x, y);
      a9 = a9.fma(x, y);
      a10 = a10.fma(x, y);
      a11 = a11.fma(x, y);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
        .add(a10).add(a11).reduceLanes(VectorOperators.ADD);
  }

  private static double doubleLoop(int iterations, int seed) {
    var species = DoubleVector.SPECIES_PREFERRED;
    DoubleVector x = DoubleVector.broadcast(species, 0.999);
    DoubleVector y = DoubleVector.broadcast(species, 1e-3 * seed);
    DoubleVector a0 = DoubleVector.broadcast(species, 0.01 * seed);
    DoubleVector a1 = a0.add(0.01);
    DoubleVector a2 = a0.add(0.02);
    DoubleVector a3 = a0.add(0.03);
    DoubleVector a4 = a0.add(0.04);
    DoubleVector a5 = a0.add(0.05);
    DoubleVector a6 = a0.add(0.06);
    DoubleVector a7 = a0.add(0.07);
    DoubleVector a8 = a0.add(0.08);
    DoubleVector a9 = a0.add(0.09);
    DoubleVector a10 = a0.add(0.10);
    DoubleVector a11 = a0.add(0.11);
    for (int i = 0; i < iterations; i++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
      a8 = a8.fma(x, y);
      a9 = a9.fma(x, y);
      a10 = a10.fma(x, y);
      a11 = a11.fma(x, y);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
        .add(a10).add(a11).reduceLanes(VectorOperators.ADD);
  }
}
