package dev.cmr.kernels.vector;

import dev.cmr.kernels.internal.GemmKernels;
import dev.cmr.kernels.internal.TaskRunner;

/**
 * Vector API implementation of {@link GemmKernels} for one vector shape (128, 256 or 512
 * bits); see {@link VectorSgemm} for the algorithm. Immutable and thread-safe.
 */
public final class VectorGemmKernels implements GemmKernels {
  private final VectorSgemm single;
  private final VectorDgemm twin;

  /**
   * Kernels using vectors of {@code bitSize} bits, with the register tile for this CPU's
   * vector register file.
   *
   * @param bitSize the vector width: 128, 256 or 512
   * @throws IllegalArgumentException if {@code bitSize} is none of those
   */
  public VectorGemmKernels(int bitSize) {
    this(bitSize, VectorFlags.VECTOR_REGISTERS);
  }

  /**
   * Kernels using vectors of {@code bitSize} bits, with the register tile for a file of
   * {@code registers} vector registers, so that tests cover every tile on any machine.
   *
   * @param bitSize the vector width: 128, 256 or 512
   * @param registers the register file the tile is sized for: 32 gives {@code 6 x 4}
   *     vectors, anything else {@code 6 x 2}
   * @throws IllegalArgumentException if {@code bitSize} is none of those
   */
  public VectorGemmKernels(int bitSize, int registers) {
    this.single = VectorSgemm.forBitSize(bitSize, registers);
    this.twin = VectorDgemm.forBitSize(bitSize, registers);
  }

  /** The register tiles as {@code rows x columns}, float then double, for descriptions. */
  String tiles() {
    return single.tile() + " float, " + twin.tile() + " double";
  }

  @Override
  public void sgemm(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc) {
    single.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  @Override
  public void dgemm(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc) {
    twin.gemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc);
  }

  @Override
  public boolean sgemmShared(boolean transA, boolean transB, int m, int n, int k,
      float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
      float beta, float[] c, int cOffset, int ldc, int tasks, TaskRunner runner) {
    return single.gemmShared(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc, tasks, runner);
  }

  @Override
  public boolean dgemmShared(boolean transA, boolean transB, int m, int n, int k,
      double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb,
      double beta, double[] c, int cOffset, int ldc, int tasks, TaskRunner runner) {
    return twin.gemmShared(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb,
        beta, c, cOffset, ldc, tasks, runner);
  }
}
