package dev.cmr.bench;

import dev.cmr.bench.train.TrainStepLoop;
import dev.cmr.kernels.Kernels;
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
 * One training step of the kappa-stress network (784 -> 14 x 256 -> 10, tanh, batch 128,
 * Adam, clipping at 5) through {@link TrainStepLoop}: a vanilla step, and a CMR step with the
 * current spectral path. Run with the GC profiler to see the allocation per step:
 * {@code java -cp ... org.openjdk.jmh.Main TrainingStepBenchmark -prof gc}
 * ({@code gc.alloc.rate.norm} is bytes per step).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class TrainingStepBenchmark {
  // Limitation: a CMR step still allocates about 150 KB (-prof gc), about 10 KB per layer in
  // the spectral workers (the regularizer's small per-call arrays and result objects); a
  // vanilla step allocates about 10 KB.
  /** Threads of the GEMMs and of the spectral workers (capped at the processors). */
  @Param({"2"})
  public int threads;

  private TrainStepLoop loop;

  /** Builds the network and batches, and checks that the loss is finite. */
  @Setup(Level.Trial)
  public void setUp() {
    int t = Math.min(threads, Runtime.getRuntime().availableProcessors());
    Kernels.setThreads(t);
    loop = new TrainStepLoop(128, 42, t);
    double loss = loop.step(false);
    if (!Double.isFinite(loss) || loss <= 0) {
      throw new IllegalStateException("first loss is " + loss);
    }
  }

  /** Stops the spectral workers. */
  @TearDown(Level.Trial)
  public void tearDown() {
    loop.close();
  }

  /** A vanilla step: forward, backward, norm, clipping fused into Adam. */
  @Benchmark
  public double vanillaStep() {
    return loop.step(false);
  }

  /** A CMR step: the vanilla work plus every layer's spectral gradient and the mixing. */
  @Benchmark
  public double cmrStep() {
    return loop.step(true);
  }
}
