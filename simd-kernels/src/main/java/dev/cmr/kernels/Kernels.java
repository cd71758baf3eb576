package dev.cmr.kernels;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.cmr.kernels.vector.VectorKernelProvider;
import java.lang.management.ManagementFactory;

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

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private Kernels() {}

  private static final class Holder {
    static final KernelProvider INSTANCE = lookup(System.getProperty(PATH_PROPERTY),
        System.getProperty(BITS_PROPERTY), System.getLogger("dev.cmr.kernels"));
  }

  /** The provider chosen for this JVM (decided and logged at the first call). */
  public static KernelProvider provider() {
    return Holder.INSTANCE;
  }

  /** One line describing the active path, e.g. {@code vector 512-bit (float x16, ...)}. */
  public static String description() {
    return provider().description() + ", up to " + threads() + " thread(s)";
  }

  /** Whether the Vector API path is active. */
  public static boolean isVectorized() {
    return provider().isVector();
  }

  /** The most threads one GEMM call may use (1 means all work stays on the caller). */
  public static int threads() {
    return KernelPool.threads();
  }

  /**
   * Caps the threads one GEMM call may use, for every later call in this JVM. Results do not
   * depend on this value; only speed does.
   *
   * @throws IllegalArgumentException unless {@code 1 <= threads <= availableProcessors}
   */
  public static void setThreads(int threads) {
    KernelPool.setThreads(threads);
  }

  /**
   * Decides the provider from the two property values ({@code null} when unset) and logs the
   * outcome; package-private so that tests can exercise every branch.
   */
  static KernelProvider lookup(String path, String bits, System.Logger log) {
    // forced scalar
    if (path != null && path.strip().equalsIgnoreCase("scalar")) {
      log.log(System.Logger.Level.INFO, "CMR kernels: " + ScalarKernelProvider.INSTANCE
          .description() + ", forced by -D" + PATH_PROPERTY + "=scalar");
      return ScalarKernelProvider.INSTANCE;
    }
    boolean forcedVector = path != null && path.strip().equalsIgnoreCase("vector");
    if (path != null && !forcedVector) {
      log.log(System.Logger.Level.WARNING, "CMR kernels: ignoring -D" + PATH_PROPERTY + "="
          + path + " (expected scalar or vector)");
    }

    // module present?
    if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return fallback(log, "the module " + VECTOR_MODULE + " is not loaded; start the JVM "
          + "with --add-modules=" + VECTOR_MODULE);
    }

    // C2 active?
    String jitProblem = jitProblem();
    if (jitProblem != null && !forcedVector) {
      return fallback(log, jitProblem + " (or force it with -D" + PATH_PROPERTY + "=vector)");
    }

    // width
    int preferred = VectorKernelProvider.preferredBitSize();
    int width = Math.min(preferred, 512);
    if (bits != null) {
      int asked = parseBits(bits);
      if (asked == 0) {
        log.log(System.Logger.Level.WARNING, "CMR kernels: ignoring -D" + BITS_PROPERTY + "="
            + bits + " (expected 128, 256 or 512)");
      } else {
        width = asked;
        if (asked > preferred) {
          log.log(System.Logger.Level.WARNING, "CMR kernels: -D" + BITS_PROPERTY + "=" + asked
              + " exceeds the " + preferred + "-bit vectors of this CPU; the JDK emulates "
              + "them slowly (use this for tests only)");
        }
      }
    }
    if (width < 128) {
      return fallback(log, "this CPU/JVM offers " + preferred + "-bit vectors, fewer than "
          + "the 128 bits the kernels need");
    }

    KernelProvider provider = new VectorKernelProvider(width);
    log.log(System.Logger.Level.INFO, "CMR kernels: " + provider.description());
    return provider;
  }

  private static KernelProvider fallback(System.Logger log, String reason) {
    log.log(System.Logger.Level.WARNING, "CMR kernels: falling back to slow scalar code "
        + "because " + reason);
    return ScalarKernelProvider.INSTANCE;
  }

  private static int parseBits(String bits) {
    return switch (bits.strip()) {
      case "128" -> 128;
      case "256" -> 256;
      case "512" -> 512;
      default -> 0;
    };
  }

  /** Why C2 is not compiling vector code here, or {@code null} when it is. */
  private static String jitProblem() {
    if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
      return "the JVM runs interpreted only; remove -Xint";
    }
    HotSpotDiagnosticMXBean bean;
    try {
      bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    } catch (IllegalArgumentException | LinkageError e) {
      bean = null;
    }
    if (bean == null) {
      return "this is not a HotSpot JVM, whose C2 compiler the Vector API needs; "
          + "run on a HotSpot JDK 25";
    }
    if ("true".equals(option(bean, "UseJVMCICompiler"))) {
      return "a JVMCI compiler replaces C2; remove -XX:+UseJVMCICompiler";
    }
    String tieredStop = option(bean, "TieredStopAtLevel");
    if ("true".equals(option(bean, "TieredCompilation")) && tieredStop != null
        && !tieredStop.equals("4")) {
      return "C2 is disabled by -XX:TieredStopAtLevel=" + tieredStop + "; remove it";
    }
    return null;
  }

  private static String option(HotSpotDiagnosticMXBean bean, String name) {
    try {
      return bean.getVMOption(name).getValue();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
