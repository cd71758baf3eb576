package dev.cmr.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.kernels.Kernels;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Warm calls with a workspace allocate nothing of their own. Runs in a JVM of its own (a
 * separate surefire execution, see engine/pom.xml): in the JVM that has run the other engine
 * tests, calls still allocated 75-195 KB each after a minute of repeats (the Vector API boxes
 * its vectors wherever C2 has not compiled the kernels), which would hide what is checked here.
 */
class WorkspaceAllocationTest {
  /**
   * Once the JIT has compiled the kernels (the Vector API allocates its vectors until then, and
   * the scalar kernels' GEMM allocates a row per call), calls with a workspace allocate almost
   * nothing; a call that made one n x n buffer (128 KiB here) would exceed the bound. Calls
   * repeat until three in a row stay under it, for at most a minute.
   */
  @Test
  void warmCallsAllocateNothingOfTheirOwn() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int n = 128;
    double[] a = WorkspaceTest.matrix(n, n, 0, 11);
    double[] g = WorkspaceTest.symmetric(n, false, 12);
    double[] s = new double[n];
    double[] u = new double[n * n];
    double[] v = new double[n * n];
    Svd.Workspace ws = new Svd.Workspace();
    SymmetricEigen.Workspace ew = new SymmetricEigen.Workspace();
    long limit = Kernels.isVectorized() ? 16 * 1024 : 64 * 1024;
    int threads = Kernels.threads();
    Kernels.setThreads(1);
    try {
      long[] bytes = new long[3];
      long deadline = System.nanoTime() + 60_000_000_000L;
      int quiet = 0;
      while (quiet < 3 && System.nanoTime() < deadline) {
        long t0 = mx.getCurrentThreadAllocatedBytes();
        Svd.singularValues(a, n, n, s, ws);
        long t1 = mx.getCurrentThreadAllocatedBytes();
        Svd.decompose(a, n, n, s, u, v, ws);
        long t2 = mx.getCurrentThreadAllocatedBytes();
        SymmetricEigen.decompose(g, n, s, v, ew);
        long t3 = mx.getCurrentThreadAllocatedBytes();
        bytes[0] = t1 - t0;
        bytes[1] = t2 - t1;
        bytes[2] = t3 - t2;
        boolean under = bytes[0] < limit && bytes[1] < limit && bytes[2] < limit;
        quiet = under ? quiet + 1 : 0;
      }
      assertTrue(quiet == 3, "warm calls still allocate: singularValues " + bytes[0]
          + " bytes, decompose " + bytes[1] + ", eigen decompose " + bytes[2] + " (bound "
          + limit + ")");
    } finally {
      Kernels.setThreads(threads);
    }
  }
}
