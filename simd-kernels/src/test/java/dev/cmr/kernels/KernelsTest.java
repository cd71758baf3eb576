package dev.cmr.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cmr.kernels.internal.KernelProvider;
import dev.cmr.kernels.internal.ScalarKernelProvider;
import dev.cmr.kernels.vector.VectorKernelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Provider selection: forced paths, widths, the log lines, and proof the vector path runs. */
class KernelsTest {

  /** Records log lines instead of printing them (tests stay silent). */
  static final class RecordingLogger implements System.Logger {
    final List<String> lines = new ArrayList<>();

    @Override
    public String getName() {
      return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
      return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      lines.add(level + " " + msg);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      lines.add(level + " " + format);
    }

    @Override
    public void log(Level level, Supplier<String> supplier) {
      lines.add(level + " " + supplier.get());
    }
  }

  @Test
  void theBuildRunsTheVectorPath() {
    // the surefire configuration adds the incubator module; only an explicit override opts out
    assumeTrue(System.getProperty(Kernels.PATH_PROPERTY) == null,
        "path forced by -D" + Kernels.PATH_PROPERTY);
    assertTrue(Kernels.isVectorized(), Kernels.description());
    assertTrue(Kernels.description().startsWith("vector "), Kernels.description());
    assertTrue(Kernels.provider().gemm() instanceof dev.cmr.kernels.vector.VectorGemmKernels);
  }

  @Test
  void forcedScalarLogsOneInfoLine() {
    RecordingLogger log = new RecordingLogger();
    KernelProvider provider = Kernels.lookup(" Scalar ", null, log);
    assertSame(ScalarKernelProvider.INSTANCE, provider);
    assertFalse(provider.isVector());
    assertEquals(1, log.lines.size(), log.lines.toString());
    assertTrue(log.lines.get(0).startsWith("INFO CMR kernels: scalar"), log.lines.toString());
  }

  @Test
  void forcedWidthIsHonoured() {
    for (int bits : new int[] {128, 256, 512}) {
      RecordingLogger log = new RecordingLogger();
      KernelProvider provider = Kernels.lookup("vector", Integer.toString(bits), log);
      assertEquals(bits, provider.vectorBitSize());
      assertTrue(provider.description().startsWith("vector " + bits + "-bit"),
          provider.description());
      assertTrue(log.lines.get(log.lines.size() - 1).startsWith("INFO CMR kernels: vector "
          + bits + "-bit"), log.lines.toString());
      boolean wider = bits > VectorKernelProvider.preferredBitSize();
      assertEquals(wider ? 2 : 1, log.lines.size(), log.lines.toString());
    }
  }

  @Test
  void defaultWidthIsTheCpuWidth() {
    RecordingLogger log = new RecordingLogger();
    KernelProvider provider = Kernels.lookup(null, null, log);
    assertEquals(Math.min(512, VectorKernelProvider.preferredBitSize()),
        provider.vectorBitSize());
    assertEquals(1, log.lines.size(), log.lines.toString());
  }

  @Test
  void badPropertyValuesWarnAndAreIgnored() {
    RecordingLogger log = new RecordingLogger();
    KernelProvider provider = Kernels.lookup("gpu", "100", log);
    assertTrue(provider.isVector());
    assertEquals(Math.min(512, VectorKernelProvider.preferredBitSize()),
        provider.vectorBitSize());
    assertTrue(log.lines.get(0).startsWith("WARNING") && log.lines.get(0).contains("gpu"),
        log.lines.toString());
    assertTrue(log.lines.get(1).startsWith("WARNING") && log.lines.get(1).contains("100")
        && log.lines.get(1).contains("128, 256 or 512"), log.lines.toString());
  }
}
