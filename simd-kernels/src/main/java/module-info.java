/**
 * SIMD numerics kernels: GEMM, level-1 and level-2 operations, Householder reflectors, plane
 * rotations and Chebyshev recurrences on row-major {@code float[]} and {@code double[]}
 * arrays, each with a scalar reference and a Vector API implementation.
 *
 * <p>The API is the package {@link dev.cmr.kernels}; the implementations live in packages that
 * are not exported. The module depends on the JDK alone.
 */
// The engine module is compiled after this one, so javac cannot see it here.
@SuppressWarnings("module")
module dev.cmr.kernels {
  requires java.management;
  requires jdk.management;
  requires jdk.incubator.vector;

  exports dev.cmr.kernels;
  // The engine calls the chosen kernels directly in its inner loops, without the range checks.
  exports dev.cmr.kernels.internal to dev.cmr.engine;
}
