package dev.cmr.bench.runner;

import org.ejml.EjmlVersion;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * EJML's dense row-major multiply ({@code FMatrixRMaj} / {@code DMatrixRMaj}; {@code mult},
 * {@code multTransA}, {@code multTransB} or {@code multTransAB} for the shape's transposes), the
 * multithreaded {@code CommonOps_MT_*} variant when more than one thread is asked for. The
 * matrices wrap the problem's arrays, so no copy is timed.
 */
public final class EjmlContender implements Contender {
  private final int threads;
  private GemmShape shape;
  private FMatrixRMaj aF;
  private FMatrixRMaj bF;
  private FMatrixRMaj cF;
  private DMatrixRMaj aD;
  private DMatrixRMaj bD;
  private DMatrixRMaj cD;

  /** Creates the contender for {@code threads} threads (at least 1). */
  public EjmlContender(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
  }

  @Override
  public String name() {
    return "ejml";
  }

  @Override
  public String open() {
    EjmlConcurrency.setMaxThreads(threads);
    String ops = threads > 1 ? "CommonOps_MT_FDRM/DDRM.mult" : "CommonOps_FDRM/DDRM.mult";
    return "EJML " + EjmlVersion.VERSION + " " + ops + ", " + threads + " thread"
        + (threads > 1 ? "s" : "");
  }

  @Override
  public Object load(GemmProblem problem) {
    this.shape = problem.shape();
    GemmShape s = problem.shape();
    if (problem.precision() == Precision.FLOAT) {
      aF = s.transA() ? FMatrixRMaj.wrap(s.k(), s.m(), problem.aFloat())
          : FMatrixRMaj.wrap(s.m(), s.k(), problem.aFloat());
      bF = s.transB() ? FMatrixRMaj.wrap(s.n(), s.k(), problem.bFloat())
          : FMatrixRMaj.wrap(s.k(), s.n(), problem.bFloat());
      cF = new FMatrixRMaj(s.m(), s.n());
      multiply();
      return cF.data.clone();
    }
    aD = s.transA() ? DMatrixRMaj.wrap(s.k(), s.m(), problem.aDouble())
        : DMatrixRMaj.wrap(s.m(), s.k(), problem.aDouble());
    bD = s.transB() ? DMatrixRMaj.wrap(s.n(), s.k(), problem.bDouble())
        : DMatrixRMaj.wrap(s.k(), s.n(), problem.bDouble());
    cD = new DMatrixRMaj(s.m(), s.n());
    multiply();
    return cD.data.clone();
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
    boolean mt = threads > 1;
    if (cF != null) {
      switch (shape.op()) {
        case "tn" -> {
          if (mt) {
            CommonOps_MT_FDRM.multTransA(aF, bF, cF);
          } else {
            CommonOps_FDRM.multTransA(aF, bF, cF);
          }
        }
        case "nt" -> {
          if (mt) {
            CommonOps_MT_FDRM.multTransB(aF, bF, cF);
          } else {
            CommonOps_FDRM.multTransB(aF, bF, cF);
          }
        }
        case "tt" -> {
          if (mt) {
            CommonOps_MT_FDRM.multTransAB(aF, bF, cF);
          } else {
            CommonOps_FDRM.multTransAB(aF, bF, cF);
          }
        }
        default -> {
          if (mt) {
            CommonOps_MT_FDRM.mult(aF, bF, cF);
          } else {
            CommonOps_FDRM.mult(aF, bF, cF);
          }
        }
      }
      return;
    }
    switch (shape.op()) {
      case "tn" -> {
        if (mt) {
          CommonOps_MT_DDRM.multTransA(aD, bD, cD);
        } else {
          CommonOps_DDRM.multTransA(aD, bD, cD);
        }
      }
      case "nt" -> {
        if (mt) {
          CommonOps_MT_DDRM.multTransB(aD, bD, cD);
        } else {
          CommonOps_DDRM.multTransB(aD, bD, cD);
        }
      }
      case "tt" -> {
        if (mt) {
          CommonOps_MT_DDRM.multTransAB(aD, bD, cD);
        } else {
          CommonOps_DDRM.multTransAB(aD, bD, cD);
        }
      }
      default -> {
        if (mt) {
          CommonOps_MT_DDRM.mult(aD, bD, cD);
        } else {
          CommonOps_DDRM.mult(aD, bD, cD);
        }
      }
    }
  }

  @Override
  public void unload() {
    aF = bF = cF = null;
    aD = bD = cD = null;
  }

  @Override
  public void close() {
    unload();
  }
}
