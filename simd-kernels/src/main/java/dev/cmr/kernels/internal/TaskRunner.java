package dev.cmr.kernels.internal;

import java.util.function.IntConsumer;

/**
 * Runs a batch of tasks on several threads, as the kernel pool of {@code dev.cmr.kernels}
 * does; handed to kernels that coordinate their own threads.
 */
@FunctionalInterface
public interface TaskRunner {
  /**
   * Runs {@code task.accept(i)} for every {@code i < tasks}, each exactly once, on the
   * calling thread and on workers, and returns when all have finished.
   *
   * @param tasks the number of tasks, at least 1
   * @param task the body, given the task index
   * @throws RuntimeException the first failure of a task, after all have finished
   */
  void run(int tasks, IntConsumer task);
}
