package dev.cmr.kernels.vector;

import dev.cmr.kernels.internal.Blas1Kernels;
import dev.cmr.kernels.internal.Blas2Kernels;
import dev.cmr.kernels.internal.ChebyshevKernels;
import dev.cmr.kernels.internal.GemmKernels;
import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.internal.ReflectorKernels;
import dev.cmr.kernels.internal.RotationKernels;
import jdk.incubator.vector.VectorShape;

/**
 * The Vector API provider for one vector width. Constructing it loads the incubator module,
 * so {@code dev.cmr.kernels.Kernels} checks that the module is present first.
 */
public final class VectorKernelProvider implements KernelProvider {
  private final int bitSize;
  private final VectorGemmKernels gemm;
  private final VectorBlas1Kernels blas1;
  private final VectorMatrixKernels matrix;
  private final VectorChebyshevKernels chebyshev;

  /**
   * Kernels on vectors of {@code bitSize} bits (128, 256 or 512). A width above
   * {@link #preferredBitSize()} works but is emulated by the JDK and slow; tests use it to
   * exercise every width on one machine.
   */
  public VectorKernelProvider(int bitSize) {
    if (bitSize != 128 && bitSize != 256 && bitSize != 512) {
      throw new IllegalArgumentException(
          "bitSize must be 128, 256 or 512, got " + bitSize);
    }
    this.bitSize = bitSize;
    this.gemm = new VectorGemmKernels(bitSize);
    this.blas1 = VectorBlas1Kernels.forBitSize(bitSize);
    this.matrix = VectorMatrixKernels.forBitSize(bitSize);
    this.chebyshev = VectorChebyshevKernels.forBitSize(bitSize);
  }

  /** The widest vector this CPU and JVM support natively, in bits (0 or 64 when none). */
  public static int preferredBitSize() {
    return VectorShape.preferredShape().vectorBitSize();
  }

  /** Whether vector FMA is a single hardware instruction here (else it is mul + add). */
  public static boolean hasFastFma() {
    return VectorFlags.FAST_FMA;
  }

  @Override
  public GemmKernels gemm() {
    return gemm;
  }

  @Override
  public Blas1Kernels blas1() {
    return blas1;
  }

  @Override
  public Blas2Kernels blas2() {
    return matrix;
  }

  @Override
  public ReflectorKernels reflectors() {
    return matrix;
  }

  @Override
  public RotationKernels rotations() {
    return matrix;
  }

  @Override
  public ChebyshevKernels chebyshev() {
    return chebyshev;
  }

  @Override
  public int vectorBitSize() {
    return bitSize;
  }

  @Override
  public String description() {
    return "vector " + bitSize + "-bit (float x" + bitSize / Float.SIZE + ", double x"
        + bitSize / Double.SIZE + ", " + (VectorFlags.FAST_FMA ? "FMA" : "mul+add, no FMA")
        + ", GEMM tile " + gemm.tiles() + ", " + VectorFlags.VECTOR_REGISTERS
        + " vector registers)";
  }
}
