package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The claiming worker pool: every index once, failures rethrown, concurrent callers. */
class KernelPoolTest {

  @Test
  void runsEveryIndexExactlyOnce() {
    for (int tasks : new int[] {1, 2, 3, 7, 64}) {
      for (int repeat = 0; repeat < 200; repeat++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
        KernelPool.run(tasks, runs::incrementAndGet);
        for (int i = 0; i < tasks; i++) {
          assertEquals(1, runs.get(i), "index " + i + " of " + tasks + ", repeat " + repeat);
        }
      }
    }
  }

  @Test
  void rethrowsAFailureAfterTheOtherTasksFinished() {
    AtomicIntegerArray runs = new AtomicIntegerArray(5);
    IllegalStateException boom = new IllegalStateException("task 3 failed");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> KernelPool.run(5, i -> {
          runs.incrementAndGet(i);
          if (i == 3) {
            throw boom;
          }
        }));
    assertSame(boom, thrown);
    for (int i = 0; i < 5; i++) {
      assertEquals(1, runs.get(i), "index " + i);
    }
    // the pool still works afterwards
    AtomicIntegerArray again = new AtomicIntegerArray(3);
    KernelPool.run(3, again::incrementAndGet);
    assertEquals(3, again.get(0) + again.get(1) + again.get(2));
  }

  @Test
  void concurrentCallersAllComplete() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < 24; c++) {
        results.add(callers.submit(() -> {
          int total = 0;
          for (int repeat = 0; repeat < 100; repeat++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            KernelPool.run(4, runs::incrementAndGet);
            total += runs.get(0) + runs.get(1) + runs.get(2) + runs.get(3);
          }
          return total;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(400, f.get());
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
