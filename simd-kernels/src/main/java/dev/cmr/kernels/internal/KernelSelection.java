package dev.cmr.kernels.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.cmr.kernels.Kernels;
import dev.cmr.kernels.vector.VectorKernelProvider;
import java.lang.management.ManagementFactory;

/**
 * Chooses the kernel implementation once per JVM (the rules are documented on
 * {@link Kernels}). Internal: the facades of {@code dev.cmr.kernels} and the decompositions of
 * the engine module call the chosen kernels directly, without the facades' range checks.
 */
public final class KernelSelection {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final String PATH_PROPERTY = Kernels.PATH_PROPERTY;
  private static final String BITS_PROPERTY = Kernels.BITS_PROPERTY;

  private KernelSelection() {}

  private static final class Holder {
    static final KernelProvider INSTANCE = lookup(System.getProperty(PATH_PROPERTY),
        System.getProperty(BITS_PROPERTY), System.getLogger("dev.cmr.kernels"));
  }

  /** The provider chosen for this JVM (decided and logged at the first call). */
  public static KernelProvider provider() {
    return Holder.INSTANCE;
  }

  /**
   * Decides the provider from the two property values ({@code null} when unset) and logs the
   * outcome; public so that tests can exercise every branch.
   */
  public static KernelProvider lookup(String path, String bits, System.Logger log) {
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
