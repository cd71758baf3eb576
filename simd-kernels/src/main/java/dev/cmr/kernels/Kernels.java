package dev.cmr.kernels;

import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.internal.KernelSelection;

/**
 * Chooses the kernel implementation once per JVM and reports which one runs.
 *
 * <p>The Vector API path is used when the {@code jdk.incubator.vector} module is present and
 * HotSpot's C2 compiler is active (elsewhere vector code can be far slower than scalar code);
 * otherwise the scalar path runs and one WARNING says why and how to fix it. The choice is
 * logged once at INFO through {@link System.Logger} (logger {@code dev.cmr.kernels}).
 *
 * <p>System properties, read once at first use:
 * <ul>
 *   <li>{@code cmr.kernels=scalar|vector} forces a path ({@code vector} skips the C2 check);
 *   <li>{@code cmr.vector.bits=128|256|512} pins the vector width (default: the widest the
 *       CPU supports); wider than the CPU works, emulated and slow, for tests;
 *   <li>{@code cmr.threads=N} caps the threads a GEMM may use (default and maximum: the
 *       number of available processors); see {@link #setThreads(int)}.
 * </ul>
 * Results are bitwise reproducible for a fixed path and width, whatever the thread count.
 */
public final class Kernels {
  /** Property forcing the path: {@code scalar} or {@code vector}. */
  public static final String PATH_PROPERTY = "cmr.kernels";
  /** Property pinning the vector width in bits: 128, 256 or 512. */
  public static final String BITS_PROPERTY = "cmr.vector.bits";
  /** Property capping the threads of one GEMM call. */
  public static final String THREADS_PROPERTY = "cmr.threads";

  private Kernels() {}

  /** The provider chosen for this JVM (decided and logged at the first call). */
  static KernelProvider provider() {
    return KernelSelection.provider();
  }

  /**
   * Describes the active path for logs and reports. The first call of any kernel method
   * decides the path; this call may be that first one.
   *
   * @return one line such as {@code vector 512-bit (float x16, ...), up to 2 thread(s)}
   */
  public static String description() {
    return provider().description() + ", up to " + threads() + " thread(s)";
  }

  /**
   * Tells whether the Vector API path is active (decided once per JVM).
   *
   * @return true for the Vector API kernels, false for the scalar ones
   */
  public static boolean isVectorized() {
    return provider().isVector();
  }

  /**
   * The current cap on threads for one GEMM call; thread-safe (a volatile read).
   *
   * @return the most threads one GEMM call may use (1 means all work stays on the caller)
   */
  public static int threads() {
    return KernelPool.threads();
  }

  /**
   * Caps the threads one GEMM call may use, for every later call in this JVM. Results do not
   * depend on this value; only speed does. Thread-safe (a volatile write); calls already
   * running keep their split.
   *
   * @param threads the new cap, between 1 and {@code Runtime.availableProcessors()}
   * @throws IllegalArgumentException unless {@code 1 <= threads <= availableProcessors}
   */
  public static void setThreads(int threads) {
    KernelPool.setThreads(threads);
  }

  /** {@link KernelSelection#lookup}, for the tests of this package. */
  static KernelProvider lookup(String path, String bits, System.Logger log) {
    return KernelSelection.lookup(path, bits, log);
  }
}
