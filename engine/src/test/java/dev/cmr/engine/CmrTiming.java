package dev.cmr.engine;

import dev.cmr.kernels.Gemm;
import java.util.Arrays;
import java.util.Random;

/**
 * Timing harness (not a unit test): median wall time of {@code valueAndGradient} on the
 * kappa-stress layer shapes, and of values-only SVD and eigen-decompositions. Run with
 * {@code java -cp engine/target/classes:engine/target/test-classes:simd-kernels/target/classes
 * dev.cmr.engine.CmrTiming [reps]}.
 */
public final class CmrTiming {
  private CmrTiming() {}

  /** Prints one line per measurement. */
  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    Random random = new Random(42);
    CmrRegularizer reg = new CmrRegularizer(CmrConfig.defaults());
    int[][] shapes = {{256, 256}, {256, 784}, {10, 256}};
    for (int[] shape : shapes) {
      int rows = shape[0];
      int cols = shape[1];
      float[] w = new float[rows * cols];
      double[] s = new double[Math.min(rows, cols)];
      for (int i = 0; i < s.length; i++) {
        s[i] = 0.06 * Math.pow(1e-3, i / (double) s.length);
      }
      double[] wd = TestMatrices.withSingularValues(random, rows, cols, s);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) wd[i];
      }
      float[] g = new float[w.length];
      report("valueAndGradient float " + rows + "x" + cols, reps,
          () -> reg.valueAndGradient(w, rows, cols, g));
      reg.forceFullSpectrum = true;
      report("valueAndGradient float " + rows + "x" + cols + " (full eigenvectors)", reps,
          () -> reg.valueAndGradient(w, rows, cols, g));
      reg.forceFullSpectrum = false;
      report("Svd values only " + rows + "x" + cols, Math.max(3, reps / 3),
          () -> Svd.decompose(wd, rows, cols, false, false));
      report("Svd with U and V " + rows + "x" + cols, Math.max(3, reps / 3),
          () -> Svd.decompose(wd, rows, cols, true, true));
    }
    // the Gemm products valueAndGradient makes, timed alone
    double[] x = TestMatrices.gaussian(random, 256, 784);
    double[] y = TestMatrices.gaussian(random, 256, 784);
    double[] c = new double[256 * 784];
    report("  Gemm part of 256x256: W^T W + 3 products 256^3", reps, () -> {
      Gemm.dgemm(true, false, 256, 256, 256, 1, x, x, 0, c);
      for (int i = 0; i < 3; i++) {
        Gemm.dgemm(false, false, 256, 256, 256, 1, x, y, 0, c);
      }
    });
    report("  Gemm part of 256x784: W W^T + 2 x 256^3 + S W", reps, () -> {
      Gemm.dgemm(false, true, 256, 256, 784, 1, x, x, 0, c);
      for (int i = 0; i < 2; i++) {
        Gemm.dgemm(false, false, 256, 256, 256, 1, x, y, 0, c);
      }
      Gemm.dgemm(false, false, 256, 784, 256, 1, x, y, 0, c);
    });
    double[] sym = TestMatrices.gaussian(random, 256, 256);
    report("SymmetricEigen values 256", reps, () -> SymmetricEigen.decompose(sym, 256, false));
    report("SymmetricEigen vectors 256", reps, () -> SymmetricEigen.decompose(sym, 256, true));
  }

  private static void report(String what, int reps, Runnable task) {
    for (int i = 0; i < 3; i++) {
      task.run();
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      task.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("%-55s median %8.2f ms  min %8.2f ms%n", what, ms[reps / 2], ms[0]);
  }
}
