package dev.cmr.bench;

import dev.cmr.kernels.Gemm;
import dev.cmr.kernels.Kernels;
import java.util.SplittableRandom;

/**
 * A quick GFLOP/s table for {@link Gemm} (not a JMH run): best of repeated calls within a
 * time budget per cell, thread counts alternated shape by shape so that load from other
 * processes hits both alike. GFLOP/s = {@code 2 m n k / time}.
 *
 * <p>Usage: {@code java --add-modules=jdk.incubator.vector -cp ... dev.cmr.bench.GemmThroughput
 * [seconds per cell] [rounds]}; shapes are {@code m x k x n} with {@code C = A B^T}.
 */
public final class GemmThroughput {
  private GemmThroughput() {}

  /** Prints one line per shape, precision and thread count. */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int cores = Runtime.getRuntime().availableProcessors();
    int[][] shapes = {{256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {128, 784, 256}};
    System.out.println("# " + Kernels.description());
    for (int round = 0; round < rounds; round++) {
      for (int[] s : shapes) {
        for (boolean dbl : new boolean[] {false, true}) {
          StringBuilder line = new StringBuilder(String.format("%-15s %s",
              s[0] + "x" + s[1] + "x" + s[2], dbl ? "dgemm" : "sgemm"));
          for (int threads = 1; threads <= Math.min(2, cores); threads++) {
            Kernels.setThreads(threads);
            line.append(String.format("  %d thread(s) %7.1f", threads,
                measure(s[0], s[1], s[2], dbl, seconds)));
          }
          System.out.println(line);
        }
      }
    }
  }

  private static double measure(int m, int k, int n, boolean dbl, double seconds) {
    SplittableRandom random = new SplittableRandom(1);
    double[] da = random.doubles((long) m * k, -1, 1).toArray();
    double[] db = random.doubles((long) n * k, -1, 1).toArray();
    double[] dc = new double[m * n];
    float[] fa = new float[da.length];
    float[] fb = new float[db.length];
    float[] fc = new float[m * n];
    for (int i = 0; i < da.length; i++) {
      fa[i] = (float) da[i];
    }
    for (int i = 0; i < db.length; i++) {
      fb[i] = (float) db[i];
    }
    long best = Long.MAX_VALUE;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    do {
      long start = System.nanoTime();
      if (dbl) {
        Gemm.dgemm(false, true, m, n, k, 1.0, da, db, 0.0, dc);
      } else {
        Gemm.sgemm(false, true, m, n, k, 1f, fa, fb, 0f, fc);
      }
      best = Math.min(best, System.nanoTime() - start);
    } while (System.nanoTime() < end);
    return 2.0 * m * n * k / best;
  }
}
