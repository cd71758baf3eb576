package dev.cmr.kernels.vector;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** CPU capability flags for the vector kernels, computed once (kept apart from species). */
final class VectorFlags {
  /**
   * Whether HotSpot uses hardware FMA ({@code -XX:+UseFMA}). Without it a vector
   * {@code fma} is emulated lane by lane, far slower than mul + add.
   */
  static final boolean FAST_FMA = readUseFma();

  private VectorFlags() {}

  private static boolean readUseFma() {
    try {
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return bean != null && "true".equals(bean.getVMOption("UseFMA").getValue());
    } catch (IllegalArgumentException | LinkageError e) {
      // not HotSpot, or the management modules are absent: assume no fast FMA
      return false;
    }
  }
}
