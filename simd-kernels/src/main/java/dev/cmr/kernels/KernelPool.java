package dev.cmr.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * The shared worker pool for parallel kernels: {@code cores - 1} daemon threads, created on
 * first parallel use; the calling thread always does one share of the work itself.
 *
 * <p>Tasks never wait on other tasks, so concurrent callers cannot deadlock; they only queue.
 */
final class KernelPool {
  static final int CORES = Runtime.getRuntime().availableProcessors();

  private static volatile int threads = initialThreads();

  private KernelPool() {}

  private static final class Holder {
    static final ExecutorService POOL = Executors.newFixedThreadPool(Math.max(1, CORES - 1),
        Thread.ofPlatform().daemon().name("cmr-kernel-", 1).factory());
  }

  static int threads() {
    return threads;
  }

  static void setThreads(int count) {
    if (count < 1 || count > CORES) {
      throw new IllegalArgumentException(
          "threads must be in [1, " + CORES + "] (available processors), got " + count);
    }
    threads = count;
  }

  private static int initialThreads() {
    String value = System.getProperty(Kernels.THREADS_PROPERTY);
    if (value == null) {
      return CORES;
    }
    try {
      int count = Integer.parseInt(value.strip());
      if (count >= 1) {
        return Math.min(count, CORES);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.getLogger("dev.cmr.kernels").log(System.Logger.Level.WARNING, "CMR kernels: "
        + "ignoring -D" + Kernels.THREADS_PROPERTY + "=" + value + " (expected an integer "
        + ">= 1); using " + CORES);
    return CORES;
  }

  /**
   * Runs {@code task.accept(i)} for {@code i < tasks}: task 0 on the caller, the others on
   * the pool. Returns when all have finished; rethrows the first failure.
   */
  static void run(int tasks, IntConsumer task) {
    if (tasks == 1) {
      task.accept(0);
      return;
    }
    List<Future<?>> pending = new ArrayList<>(tasks - 1);
    for (int i = 1; i < tasks; i++) {
      int index = i;
      pending.add(Holder.POOL.submit(() -> task.accept(index)));
    }
    Throwable failure = null;
    try {
      task.accept(0);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    boolean interrupted = false;
    for (Future<?> f : pending) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause();
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    switch (failure) {
      case null -> { }
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException("kernel task failed", failure);
    }
  }
}
