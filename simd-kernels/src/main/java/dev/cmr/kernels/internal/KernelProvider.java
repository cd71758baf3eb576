package dev.cmr.kernels.internal;

import dev.cmr.kernels.Kernels;

/**
 * One implementation of every kernel family, chosen once per JVM by {@link Kernels}.
 *
 * <p>Two implementations exist: {@link ScalarKernels} (plain Java, the reference) and the
 * Vector API one in {@code dev.cmr.kernels.vector}, which alone may touch the incubator module.
 */
public interface KernelProvider {

  /** The GEMM kernels of this implementation. */
  GemmKernels gemm();

  /** The level-1 kernels of this implementation. */
  Blas1Kernels blas1();

  /** The level-2 kernels (matrix-vector products, rank-1 and rank-2 updates). */
  Blas2Kernels blas2();

  /** The Householder reflector kernels. */
  ReflectorKernels reflectors();

  /** The plane-rotation kernels. */
  RotationKernels rotations();

  /** The Chebyshev basis, Clenshaw and recurrence-step kernels. */
  ChebyshevKernels chebyshev();

  /** Vector width in bits (128, 256 or 512), or 0 for the scalar implementation. */
  int vectorBitSize();

  /** Whether this is a Vector API implementation. */
  default boolean isVector() {
    return vectorBitSize() > 0;
  }

  /** One human-readable line naming the path and its parameters, for logs and reports. */
  String description();
}
