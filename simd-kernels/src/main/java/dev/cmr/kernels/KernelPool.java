package dev.cmr.kernels;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The shared worker pool for parallel kernels: {@code cores - 1} daemon threads, created on
 * first parallel use; the calling thread always works on its own batch too.
 *
 * <p>A batch of tasks is claimed index by index: the caller and any worker that picks the
 * batch up take the next unclaimed index until none is left. So a caller never waits for a
 * task that no thread has started (it runs it itself), tasks never wait on other tasks, and
 * concurrent callers cannot deadlock. Which thread runs which index does not affect results.
 *
 * <p>A GEMM of the MLP's size lasts a few hundred microseconds, about as long as waking a
 * parked thread can take. So an idle worker polls for {@link #SPIN_NANOS} before it parks,
 * and a caller polls briefly before it parks to wait for the last task, as native BLAS
 * thread pools do; after the first 30 us each poll yields, so other runnable threads get the
 * core. The polling happens only right after parallel work.
 */
final class KernelPool {
  static final int CORES = Runtime.getRuntime().availableProcessors();
  /** How long an idle worker polls for the next batch before it parks. */
  static final long SPIN_NANOS = 300_000;
  /** How long a spin wait polls without yielding its core. */
  private static final long BUSY_SPIN_NANOS = 30_000;
  /** How long a caller polls for its last running task before it parks. */
  private static final long CALLER_SPIN_NANOS = 200_000;

  private static volatile int threads = initialThreads();

  private KernelPool() {}

  /** Batches offered to the workers (one entry per helper a batch asks for). */
  private static final ConcurrentLinkedQueue<Batch> OFFERS = new ConcurrentLinkedQueue<>();
  /** Workers that have stopped spinning and are parked or about to park. */
  private static final ConcurrentLinkedQueue<Thread> SLEEPERS = new ConcurrentLinkedQueue<>();

  private static final class Holder {
    static final Thread[] WORKERS = startWorkers(Math.max(1, CORES - 1));
  }

  private static Thread[] startWorkers(int count) {
    Thread[] workers = new Thread[count];
    for (int i = 0; i < count; i++) {
      workers[i] = Thread.ofPlatform().daemon().name("cmr-kernel-" + (i + 1))
          .start(KernelPool::workLoop);
    }
    return workers;
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

  /** The tasks of one {@link #run} call and their progress. */
  private static final class Batch {
    final int tasks;
    final IntConsumer task;
    final Thread caller;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    volatile Throwable failure;

    Batch(int tasks, IntConsumer task, Thread caller) {
      this.tasks = tasks;
      this.task = task;
      this.caller = caller;
    }

    /** Claims and runs indices until none is left. */
    void work() {
      for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
        try {
          task.accept(i);
        } catch (RuntimeException | Error e) {
          if (failure == null) {
            failure = e;
          }
        }
        if (finished.incrementAndGet() == tasks && Thread.currentThread() != caller) {
          LockSupport.unpark(caller);
        }
      }
    }

    boolean done() {
      return finished.get() == tasks;
    }
  }

  private static void workLoop() {
    long idleSince = System.nanoTime();
    while (true) {
      Batch batch = OFFERS.poll();
      if (batch != null) {
        batch.work();
        idleSince = System.nanoTime();
      } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
        pause(idleSince);
      } else {
        Thread self = Thread.currentThread();
        SLEEPERS.add(self);
        // re-check after registering: an offer made before this point is seen here, one
        // made after it finds this thread in SLEEPERS and unparks it
        if (OFFERS.isEmpty()) {
          LockSupport.park(KernelPool.class);
        }
        SLEEPERS.remove(self);
        idleSince = System.nanoTime();
      }
    }
  }

  /**
   * One step of a spin wait begun at {@code since}: a pause hint at first, then a yield, so
   * that a spinning thread gives its core to other runnable threads (the caller's own
   * threads or other processes) instead of burning it.
   */
  private static void pause(long since) {
    if (System.nanoTime() - since < BUSY_SPIN_NANOS) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  /**
   * Runs {@code task.accept(i)} for {@code i < tasks}, on the caller and on up to
   * {@code tasks - 1} workers. Returns when all have finished; rethrows the first failure.
   */
  static void run(int tasks, IntConsumer task) {
    if (tasks == 1) {
      task.accept(0);
      return;
    }
    Thread[] workers = Holder.WORKERS;
    Batch batch = new Batch(tasks, task, Thread.currentThread());
    int helpers = Math.min(tasks - 1, workers.length);
    for (int i = 0; i < helpers; i++) {
      OFFERS.add(batch);
      Thread sleeper = SLEEPERS.poll();
      if (sleeper != null) {
        LockSupport.unpark(sleeper);
      }
    }
    batch.work();
    // the claims are gone; drop this batch's remaining offers so no worker picks them up late
    if (helpers > 0) {
      OFFERS.removeIf(b -> b == batch);
    }
    long spinStart = System.nanoTime();
    boolean interrupted = false;
    while (!batch.done()) {
      if (System.nanoTime() - spinStart < CALLER_SPIN_NANOS) {
        pause(spinStart);
      } else {
        LockSupport.park(batch);
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    switch (batch.failure) {
      case null -> { }
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new IllegalStateException("kernel task failed", batch.failure);
    }
  }
}
