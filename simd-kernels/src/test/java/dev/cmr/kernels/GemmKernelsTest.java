package dev.cmr.kernels;

import dev.cmr.kernels.internal.GemmKernels;
import dev.cmr.kernels.internal.ScalarKernels;
import dev.cmr.kernels.vector.VectorKernelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every GEMM implementation (scalar, and the vector one at each width 128, 256 and 512,
 * instantiated directly) against a double reference, on awkward shapes, all four transpose
 * combinations and several alpha/beta pairs, with padded strides and offsets.
 */
class GemmKernelsTest {

  /** (m, n, k): empty, tiny, around tile and lane sizes, primes, tall, wide, block edges. */
  static final int[][] SHAPES = {
      {0, 5, 3}, {5, 0, 3}, {4, 5, 0}, {1, 1, 1}, {2, 3, 1}, {1, 17, 1}, {17, 1, 17},
      {17, 17, 17}, {5, 15, 7}, {6, 16, 8}, {7, 17, 9}, {6, 31, 33}, {7, 32, 63},
      {13, 63, 64}, {12, 64, 65}, {11, 65, 129}, {1003, 3, 7}, {3, 1003, 7}, {3, 5, 1003},
      {7, 9, 257}, {7, 513, 3}, {97, 9, 5}, {24, 70, 784}, {40, 256, 33}, {128, 65, 256},
  };

  /** (alpha, beta, NaN in C before the call). */
  static final double[][] SCALARS = {{1, 0, 0}, {-0.75, 1.25, 0}, {0.5, 0, 1}, {0, -2, 0}};

  static List<GemmKernels> implementations() {
    return List.of(ScalarKernels.INSTANCE, new VectorKernelProvider(128).gemm(),
        new VectorKernelProvider(256).gemm(), new VectorKernelProvider(512).gemm());
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    List<GemmKernels> impls = implementations();
    String[] names = {"scalar", "vector128", "vector256", "vector512"};
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
}
