package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.kernels.internal.GemmKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The public facade: MLP-sized products, argument checks, threads and determinism. */
class GemmTest {
  private final int initialThreads = Kernels.threads();

  @AfterEach
  void restoreThreads() {
    Kernels.setThreads(initialThreads);
  }

  @Test
  void mlpShapesMatchReferenceForAllTransposes() {
    // forward C = A B^T (128x784 by 256x784), backward A^T B and A B, Gram A^T A; the
    // last shape is taller than wide, so threads split it by rows instead of columns
    int[][] shapes = {{128, 256, 784}, {128, 784, 256}, {128, 256, 256}, {256, 256, 128},
        {784, 256, 128}};
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        GemmCase problem = new GemmCase((t & 2) != 0, (t & 1) != 0, s[0], s[1], s[2], t);
        problem.checkFloat(FACADE, 1f, 0f, false);
        problem.checkDouble(FACADE, 0.5, 2.0, false);
      }
    }
  }

  @Test
  void denseOverloadEqualsStridedCall() {
    int m = 37;
    int n = 70;
    int k = 45;
    float[] a = random(k * m, 1);
    float[] b = random(k * n, 2);
    float[] dense = new float[m * n];
    Gemm.sgemm(true, false, m, n, k, 1.5f, a, b, 0f, dense);
    float[] strided = new float[m * n];
    Gemm.sgemm(true, false, m, n, k, 1.5f, a, 0, m, b, 0, n, 0f, strided, 0, n);
    assertArrayEquals(strided, dense);
    GemmCase check = new GemmCase(true, false, m, n, k, 3);
    check.checkFloat(FACADE, 1.5f, 0f, false);
  }

  @Test
  void resultsDoNotDependOnThreadCountAndRepeatExactly() {
    int m = 200;
    int n = 300;
    int k = 150;
    float[] a = random(m * k, 4);
    float[] b = random(n * k, 5);
    double[] da = toDouble(a);
    double[] db = toDouble(b);
    Kernels.setThreads(1);
    float[] single = new float[m * n];
    Gemm.sgemm(false, true, m, n, k, 1f, a, b, 0f, single);
    double[] dsingle = new double[m * n];
    Gemm.dgemm(false, true, m, n, k, 1.0, da, db, 0.0, dsingle);
    Kernels.setThreads(KernelPool.CORES);
    for (int run = 0; run < 3; run++) {
      float[] multi = new float[m * n];
      Gemm.sgemm(false, true, m, n, k, 1f, a, b, 0f, multi);
      assertArrayEquals(single, multi, "run " + run + " with " + KernelPool.CORES + " threads");
      double[] dmulti = new double[m * n];
      Gemm.dgemm(false, true, m, n, k, 1.0, da, db, 0.0, dmulti);
      assertArrayEquals(dsingle, dmulti, "run " + run);
    }
    // a tall problem is split by rows instead of columns
    float[] tallA = random(900 * 64, 6);
    float[] tallB = random(64 * 40, 7);
    Kernels.setThreads(1);
    float[] tallSingle = new float[900 * 40];
    Gemm.sgemm(false, false, 900, 40, 64, 1f, tallA, tallB, 0f, tallSingle);
    Kernels.setThreads(KernelPool.CORES);
    float[] tallMulti = new float[900 * 40];
    Gemm.sgemm(false, false, 900, 40, 64, 1f, tallA, tallB, 0f, tallMulti);
    assertArrayEquals(tallSingle, tallMulti);
  }

  @Test
  void concurrentCallersGetCorrectResults() throws Exception {
    int m = 96;
    int n = 160;
    int k = 200;
    float[] a = random(m * k, 8);
    float[] b = random(k * n, 9);
    float[] expected = new float[m * n];
    Gemm.sgemm(false, false, m, n, k, 1f, a, b, 0f, expected);
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<float[]> call = () -> {
          float[] c = new float[m * n];
          Gemm.sgemm(false, false, m, n, k, 1f, a, b, 0f, c);
          return c;
        };
        results.add(callers.submit(call));
      }
      for (Future<float[]> f : results) {
        assertArrayEquals(expected, f.get());
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /**
   * Each thread reuses its packing buffers from call to call, so a call that follows a larger
   * or differently shaped one sees stale data in them: mixed shapes, transposes and
   * precisions, in a different order on every caller, must still match a sequential run bit
   * for bit.
   */
  @Test
  void reusedPackingBuffersLeaveNoTraceAcrossShapesAndCallers() throws Exception {
    int[][] shapes = {{300, 280, 520}, {7, 3, 5}, {128, 256, 784}, {128, 784, 256},
        {61, 17, 1003}, {1, 1, 1}, {256, 128, 256}, {13, 600, 9}};
    int calls = shapes.length * 4;
    float[][] floatRef = new float[calls][];
    double[][] doubleRef = new double[calls][];
    for (int i = 0; i < calls; i++) {
      floatRef[i] = sgemmCase(shapes, i);
      doubleRef[i] = dgemmCase(shapes, i);
    }
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int offset = 5 * t + 1;
        done.add(callers.submit(() -> {
          for (int j = 0; j < calls; j++) {
            int i = (j * 7 + offset) % calls;
            assertArrayEquals(floatRef[i], sgemmCase(shapes, i), "float call " + i);
            assertArrayEquals(doubleRef[i], dgemmCase(shapes, i), "double call " + i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      callers.shutdownNow();
    }
  }

  private static float[] sgemmCase(int[][] shapes, int i) {
    int[] s = shapes[i % shapes.length];
    boolean transA = (i / shapes.length & 1) != 0;
    boolean transB = (i / shapes.length & 2) != 0;
    float[] a = random(s[0] * s[2], 100 + i);
    float[] b = random(s[2] * s[1], 200 + i);
    float[] c = random(s[0] * s[1], 300 + i);
    Gemm.sgemm(transA, transB, s[0], s[1], s[2], 1.5f, a, 0, transA ? s[0] : s[2], b, 0,
        transB ? s[2] : s[1], 0.5f, c, 0, s[1]);
    return c;
  }

  private static double[] dgemmCase(int[][] shapes, int i) {
    int[] s = shapes[i % shapes.length];
    boolean transA = (i / shapes.length & 2) != 0;
    boolean transB = (i / shapes.length & 1) != 0;
    double[] a = toDouble(random(s[0] * s[2], 400 + i));
    double[] b = toDouble(random(s[2] * s[1], 500 + i));
    double[] c = new double[s[0] * s[1]];
    Gemm.dgemm(transA, transB, s[0], s[1], s[2], -1.0, a, 0, transA ? s[0] : s[2], b, 0,
        transB ? s[2] : s[1], 0.0, c, 0, s[1]);
    return c;
  }

  @Test
  void badArgumentsNameTheValues() {
    float[] a = new float[12];
    float[] b = new float[12];
    float[] c = new float[9];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, -1, 3, 4, 1f, a, b, 0f, c));
    assertEquals("negative dimension: m=-1, n=3, k=4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 3, b, 0, 3, 0f, c, 0, 3));
    assertTrue(e.getMessage().contains("A is stored as 3x4 but its leading dimension is 3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.dgemm(false, false, 3, 3, 4, 1.0, new double[12], 1, 4, new double[12], 0,
            3, 0.0, new double[9], 0, 3));
    assertTrue(e.getMessage().contains("needs 13 elements, but the array has 12"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, -2, 3));
    assertEquals("C offset is negative: -2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Kernels.setThreads(0));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Kernels.setThreads(KernelPool.CORES + 1));
    assertTrue(e.getMessage().contains("got " + (KernelPool.CORES + 1)), e.getMessage());
  }

  @Test
  void alphaZeroOnlyScalesAndNeverReadsNanInputs() {
    float[] a = {Float.NaN, Float.NaN};
    float[] b = {Float.NaN, Float.NaN};
    float[] c = {3f, Float.NaN};
    Gemm.sgemm(false, false, 1, 2, 1, 0f, a, b, 2f, c);
    assertEquals(6f, c[0]);
    assertTrue(Float.isNaN(c[1]));
    Gemm.sgemm(false, false, 1, 2, 1, 0f, a, b, 0f, c);
    assertArrayEquals(new float[] {0f, 0f}, c);
  }

  /** The facade viewed as a kernel family, so {@link GemmCase} can check it. */
  private static final GemmKernels FACADE = new GemmKernels() {
    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
        float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta,
        float[] c, int cOffset, int ldc) {
      Gemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c,
          cOffset, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
        double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb, double beta,
        double[] c, int cOffset, int ldc) {
      Gemm.dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c,
          cOffset, ldc);
    }
  };

  static float[] random(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return x;
  }

  static double[] toDouble(float[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i];
    }
    return y;
  }
}
