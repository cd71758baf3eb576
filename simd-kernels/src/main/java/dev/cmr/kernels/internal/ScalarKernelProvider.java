package dev.cmr.kernels.internal;

/** The scalar provider: {@link ScalarKernels} for every family. */
public final class ScalarKernelProvider implements KernelProvider {
  /** The shared instance. */
  public static final ScalarKernelProvider INSTANCE = new ScalarKernelProvider();

  private ScalarKernelProvider() {}

  @Override
  public GemmKernels gemm() {
    return ScalarKernels.INSTANCE;
  }

  @Override
  public Blas1Kernels blas1() {
    return ScalarKernels.INSTANCE;
  }

  @Override
  public Blas2Kernels blas2() {
    return ScalarKernels.INSTANCE;
  }

  @Override
  public ReflectorKernels reflectors() {
    return ScalarKernels.INSTANCE;
  }

  @Override
  public RotationKernels rotations() {
    return ScalarKernels.INSTANCE;
  }

  @Override
  public ChebyshevKernels chebyshev() {
    return ScalarKernels.INSTANCE;
  }

  @Override
  public int vectorBitSize() {
    return 0;
  }

  @Override
  public String description() {
    return "scalar (plain Java loops, no Vector API)";
  }
}
