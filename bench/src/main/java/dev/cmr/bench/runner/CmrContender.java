package dev.cmr.bench.runner;

import dev.cmr.kernels.Gemm;

/**
 * Our GEMM through its public facade {@link Gemm#sgemm} / {@link Gemm#dgemm}, with the
 * shape's transposes, {@code alpha = 1}, {@code beta = 0}. Its thread count comes from the
 * {@code cmr.threads} system property, which the runner sets before the kernels are first
 * used.
 */
public final class CmrContender implements Contender {
  private GemmProblem problem;
  private float[] cFloat;
  private double[] cDouble;

  @Override
  public String name() {
    return "cmr";
  }

  @Override
  public String open() {
    return "dev.cmr.kernels.Gemm, cmr.threads=" + System.getProperty("cmr.threads", "unset");
  }

  @Override
  public Object load(GemmProblem problem) {
    this.problem = problem;
    GemmShape s = problem.shape();
    if (problem.precision() == Precision.FLOAT) {
      cFloat = new float[s.m() * s.n()];
      multiply();
      return cFloat.clone();
    }
    cDouble = new double[s.m() * s.n()];
    multiply();
    return cDouble.clone();
  }

  @Override
  public double time(int calls) {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      multiply();
    }
    return (System.nanoTime() - start) * 1e-9;
  }

  private void multiply() {
    GemmShape s = problem.shape();
    if (problem.precision() == Precision.FLOAT) {
      Gemm.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, problem.aFloat(),
          problem.bFloat(), 0f, cFloat);
    } else {
      Gemm.dgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1.0, problem.aDouble(),
          problem.bDouble(), 0.0, cDouble);
    }
  }

  @Override
  public void unload() {
    problem = null;
    cFloat = null;
    cDouble = null;
  }

  @Override
  public void close() {
    unload();
  }
}
