package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cmr.kernels.internal.GemmKernels;
import dev.cmr.kernels.internal.ScalarKernels;
import dev.cmr.kernels.internal.TaskRunner;
import dev.cmr.kernels.vector.VectorGemmKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every GEMM implementation (scalar, and the vector one at each width 128, 256 and 512 with
 * each register tile, instantiated directly) against a double reference, on awkward shapes,
 * all four transpose combinations and several alpha/beta pairs, with padded strides and
 * offsets.
 */
class GemmKernelsTest {

  /**
   * (m, n, k): empty, tiny, around tile and lane sizes, primes, tall, wide, block edges (the
   * last one is wider than every column block and taller than every row block).
   */
  static final int[][] SHAPES = {
      {0, 5, 3}, {5, 0, 3}, {4, 5, 0}, {1, 1, 1}, {2, 3, 1}, {1, 17, 1}, {17, 1, 17},
      {17, 17, 17}, {5, 15, 7}, {6, 16, 8}, {7, 17, 9}, {6, 31, 33}, {7, 32, 63},
      {13, 63, 64}, {12, 64, 65}, {11, 65, 129}, {1003, 3, 7}, {3, 1003, 7}, {3, 5, 1003},
      {7, 9, 257}, {7, 513, 3}, {97, 9, 5}, {24, 70, 784}, {40, 256, 33}, {128, 65, 256},
      {150, 2100, 3},
  };

  /** (alpha, beta, NaN in C before the call). */
  static final double[][] SCALARS = {{1, 0, 0}, {-0.75, 1.25, 0}, {0.5, 0, 1}, {0, -2, 0}};

  /**
   * The scalar kernels, then the vector ones at each width, each with the tile for a file of
   * 16 registers ({@code 6 x 2} vectors, B sliver outer) and of 32 ({@code 6 x 4}, A sliver
   * outer), so that both tiles and both loop orders run on any machine.
   */
  static List<GemmKernels> implementations() {
    return List.of(ScalarKernels.INSTANCE,
        new VectorGemmKernels(128, 16), new VectorGemmKernels(256, 16),
        new VectorGemmKernels(512, 16), new VectorGemmKernels(128, 32),
        new VectorGemmKernels(256, 32), new VectorGemmKernels(512, 32));
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    List<GemmKernels> impls = implementations();
    String[] names = {"scalar", "vector128-tile6x2", "vector256-tile6x2", "vector512-tile6x2",
        "vector128-tile6x4", "vector256-tile6x4", "vector512-tile6x4"};
    for (int i = 0; i < impls.size(); i++) {
      for (int[] s : SHAPES) {
        for (int t = 0; t < 4; t++) {
          cases.add(Arguments.of(names[i], impls.get(i), s[0], s[1], s[2], (t & 2) != 0,
              (t & 1) != 0));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {2}x{3}x{4} transA={5} transB={6}")
  @MethodSource("cases")
  void matchesReference(String name, GemmKernels kernels, int m, int n, int k,
      boolean transA, boolean transB) {
    GemmCase problem = new GemmCase(transA, transB, m, n, k, 31L * m + 17L * n + k);
    for (double[] s : SCALARS) {
      boolean nan = s[2] != 0;
      problem.checkFloat(kernels, (float) s[0], (float) s[1], nan);
      problem.checkDouble(kernels, s[0], s[1], nan);
    }
  }

  /** Runs the tasks on fresh threads at once, or one after the other on the caller. */
  private static TaskRunner runner(boolean concurrent) {
    return (tasks, task) -> {
      if (!concurrent) {
        for (int i = 0; i < tasks; i++) {
          task.accept(i);
        }
        return;
      }
      Thread[] threads = new Thread[tasks];
      for (int i = 0; i < tasks; i++) {
        int index = i;
        threads[i] = Thread.ofPlatform().start(() -> task.accept(index));
      }
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
    };
  }

  static Stream<Arguments> sharedCases() {
    List<Arguments> cases = new ArrayList<>();
    List<GemmKernels> impls = implementations();
    for (int i = 1; i < impls.size(); i++) {
      for (int t = 0; t < 4; t++) {
        cases.add(Arguments.of(i, impls.get(i), (t & 2) != 0, (t & 1) != 0));
      }
    }
    return cases.stream();
  }

  /**
   * The shared-panel path (threads claim A packing and column slivers) gives the bits of the
   * plain path, whether the tasks run at once or one after another, and declines what it
   * does not cover without touching C.
   */
  @ParameterizedTest(name = "implementation {0} transA={2} transB={3}")
  @MethodSource("sharedCases")
  void sharedPathGivesThePlainBits(int index, GemmKernels kernels, boolean transA,
      boolean transB) {
    int[][] shapes = {{128, 256, 784}, {13, 200, 257}, {7, 1000, 3}, {97, 400, 64}};
    for (int[] shape : shapes) {
      int m = shape[0];
      int n = shape[1];
      int k = shape[2];
      GemmCase p = new GemmCase(transA, transB, m, n, k, 7L * m + n);
      float[] a = GemmCase.toFloat(p.a);
      float[] b = GemmCase.toFloat(p.b);
      for (double[] ab : new double[][] {{1, 0}, {-0.5, 1.5}}) {
        float[] plain = GemmCase.toFloat(p.c);
        kernels.sgemm(transA, transB, m, n, k, (float) ab[0], a, p.aOffset, p.lda, b,
            p.bOffset, p.ldb, (float) ab[1], plain, p.cOffset, p.ldc);
        double[] plainD = p.c.clone();
        kernels.dgemm(transA, transB, m, n, k, ab[0], p.a, p.aOffset, p.lda, p.b, p.bOffset,
            p.ldb, ab[1], plainD, p.cOffset, p.ldc);
        for (boolean concurrent : new boolean[] {true, false}) {
          float[] shared = GemmCase.toFloat(p.c);
          assertTrue(kernels.sgemmShared(transA, transB, m, n, k, (float) ab[0], a, p.aOffset,
              p.lda, b, p.bOffset, p.ldb, (float) ab[1], shared, p.cOffset, p.ldc, 2,
              runner(concurrent)), "float shared path taken");
          assertArrayEquals(plain, shared, m + "x" + n + "x" + k + " float");
          double[] sharedD = p.c.clone();
          assertTrue(kernels.dgemmShared(transA, transB, m, n, k, ab[0], p.a, p.aOffset,
              p.lda, p.b, p.bOffset, p.ldb, ab[1], sharedD, p.cOffset, p.ldc, 2,
              runner(concurrent)), "double shared path taken");
          assertArrayEquals(plainD, sharedD, m + "x" + n + "x" + k + " double");
        }
      }
    }
    // too few column slivers for the threads, and an op(A) too large to pack whole
    float[] c = new float[4 * 8];
    float[] before = c.clone();
    assertFalse(kernels.sgemmShared(transA, transB, 4, 8, 4, 1f, new float[16], 0, 4,
        new float[32], 0, transB ? 4 : 8, 0f, c, 0, 8, 3, runner(true)));
    assertArrayEquals(before, c);
    int big = 1 << 10;
    assertFalse(kernels.dgemmShared(transA, transB, big, 1 << 12, big, 1.0,
        new double[big * big], 0, big, new double[1], 0, 1, 0.0, new double[1], 0, 1, 2,
        runner(true)));
  }
}
