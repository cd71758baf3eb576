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

  /**
   * Vector registers the JIT can allocate: 32 with AVX-512 ({@code -XX:UseAVX=3}) and on
   * AArch64, else 16 (AVX2, SSE). The GEMM register tile is sized from it, since a tile whose
   * accumulators do not fit is spilled to the stack on every inner step.
   */
  static final int VECTOR_REGISTERS = readVectorRegisters();

  private VectorFlags() {}

  private static int readVectorRegisters() {
    if ("aarch64".equals(System.getProperty("os.arch"))) {
      return 32;
    }
    try {
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return bean != null && Integer.parseInt(bean.getVMOption("UseAVX").getValue()) >= 3
          ? 32 : 16;
    } catch (IllegalArgumentException | LinkageError e) {
      // not HotSpot on x86, or the management modules are absent: assume the smaller file
      return 16;
    }
  }

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
